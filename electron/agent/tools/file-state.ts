import { createTwoFilesPatch, diffLines } from 'diff';
import type { Encoding } from '../../../shared/contract/workspace';
import { RpcError } from '../../../shared/rpc/errors';
import { asToolError } from './paths';
import { ToolInputError, type ToolWorkspace } from './types';

/** A text file as a write tool found it (or its absence). */
export interface FileBefore {
  exists: boolean;
  text: string | null;
  encoding: Encoding;
  hash?: string;
  crlf: boolean;
}

export async function readBefore(ws: ToolWorkspace, rel: string, forWhat: string): Promise<FileBefore> {
  try {
    const r = await ws.files.read(rel);
    if (r.kind !== 'text') throw new ToolInputError(`Cannot ${forWhat} '${rel}': ${r.notice}`);
    if (r.readOnly) throw new ToolInputError(`Cannot ${forWhat} '${rel}': ${r.notice ?? 'it can only be read.'}`);
    return { exists: true, text: r.text, encoding: r.encoding, hash: r.hash, crlf: r.text.includes('\r\n') };
  } catch (e) {
    if (e instanceof ToolInputError) throw e;
    if (e instanceof RpcError && e.code === 'NOT_FOUND') return { exists: false, text: null, encoding: 'utf8', crlf: false };
    throw asToolError(e);
  }
}

/** Lines added and removed, for the card and the audit. */
export function lineStats(before: string | null, after: string | null): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before ?? '', after ?? '')) {
    if (part.added) added += part.count ?? 0;
    else if (part.removed) removed += part.count ?? 0;
  }
  return { added, removed };
}

/**
 * Writes atomically (temp file + rename, by the workspace's file service, which also tells
 * the checkpoints and the watcher) — unless the file changed since the tool looked at it,
 * e.g. while the person was deciding: then the model is told to read it again.
 */
export async function writeChecked(ws: ToolWorkspace, rel: string, text: string, before: FileBefore): Promise<void> {
  try {
    await ws.files.write(rel, text, before.encoding, before.exists ? before.hash : undefined);
  } catch (e) {
    if (e instanceof RpcError && e.code === 'CONFLICT') throw new ToolInputError(`'${rel}' changed on disk since it was read (perhaps while waiting for approval); nothing was written. Read it again and redo the change.`);
    throw asToolError(e);
  }
}

const MAX_PATCH_CHARS = 100_000;

/** The change as a unified diff for the chat (cut past 100K characters). */
export function patchOf(rel: string, before: string | null, after: string | null): string {
  const p = createTwoFilesPatch(before === null ? '/dev/null' : `a/${rel}`, after === null ? '/dev/null' : `b/${rel}`, before ?? '', after ?? '', '', '', { context: 3 }).replace(/^=+\n/m, '');
  return p.length > MAX_PATCH_CHARS ? `${p.slice(0, MAX_PATCH_CHARS)}\n… (the rest of the diff is not shown)\n` : p;
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
