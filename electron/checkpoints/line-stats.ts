import { diffLines } from 'diff';
import type { FileSide } from '../../shared/contract/checkpoints';
import { decodeText, looksBinary } from '../workspace/text-codec';

/** Larger files are listed without line counts: counting would cost more than it tells. */
const COUNT_LIMIT = 1024 * 1024;
/** Larger files are not sent to the diff editor. */
const SHOW_LIMIT = 5 * 1024 * 1024;
/** Edits beyond this are "many": the diff gives up rather than stall the host. */
const MAX_EDIT_LENGTH = 10_000;

export function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b === 10) n++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? n + 1 : n;
}

export interface LineStats {
  binary: boolean;
  additions: number | null;
  deletions: number | null;
}

/** Lines added and removed between two versions of a file (null: absent). */
export function lineStats(before: Uint8Array | null, after: Uint8Array | null): LineStats {
  if ((before && looksBinary(before)) || (after && looksBinary(after))) return { binary: true, additions: null, deletions: null };
  if ((before?.length ?? 0) > COUNT_LIMIT || (after?.length ?? 0) > COUNT_LIMIT) return { binary: false, additions: null, deletions: null };
  if (!before) return { binary: false, additions: countLines(after!), deletions: 0 };
  if (!after) return { binary: false, additions: 0, deletions: countLines(before) };
  const parts = diffLines(decodeText(before).text, decodeText(after).text, { maxEditLength: MAX_EDIT_LENGTH });
  if (!parts) return { binary: false, additions: null, deletions: null };
  let additions = 0;
  let deletions = 0;
  for (const p of parts) {
    if (p.added) additions += p.count ?? 0;
    else if (p.removed) deletions += p.count ?? 0;
  }
  return { binary: false, additions, deletions };
}

/** One side of the diff editor. */
export function fileSide(bytes: Uint8Array | null): FileSide {
  if (!bytes) return { kind: 'absent' };
  if (looksBinary(bytes)) return { kind: 'binary', size: bytes.length };
  if (bytes.length > SHOW_LIMIT) return { kind: 'tooLarge', size: bytes.length };
  return { kind: 'text', text: decodeText(bytes).text };
}
