// `.kiro/specs/<name>/.specwright.json`: the approvals a person gave each document, and which
// documents a reopened phase made stale. It lives in the spec folder — in the repository —
// so that teammates see who approved what, and it is a file of its own rather than keys in
// `.config.kiro` because Kiro owns that file (it writes it when it creates a spec), most
// specs in the wild have none (we would have to invent a specId), and approvals change far
// more often than the config: a separate file keeps merges simple. Kiro ignores files it
// does not know in a spec folder (other tools' `spec.json` sit there in real repositories).

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SpecDocKey } from '../../shared/contract/specs';

export const SIDECAR_FILE = '.specwright.json';

export interface Approval {
  /** ISO time. */
  at: string;
  by: string;
  /** sha256 of the document's text when it was approved: later edits show as "changed since approval". */
  sha256: string;
  /** Recorded from the files of a folder Specwright had not managed before (a later document existed). */
  inferred?: boolean;
}

export interface StaleMark {
  at: string;
  by: string;
  /** "requirements reopened". */
  reason: string;
}

export interface Sidecar {
  version: 1;
  /** What the person asked for when the spec was created. */
  description?: string;
  /** A quick spec: documents generated without stopping for approvals. */
  quick?: boolean;
  approvals: Partial<Record<SpecDocKey, Approval>>;
  stale: Partial<Record<SpecDocKey, StaleMark>>;
  /** Keys this version does not know, kept as they were. */
  extra: Record<string, unknown>;
}

export type SidecarRead = { kind: 'absent' } | { kind: 'ok'; sidecar: Sidecar } | { kind: 'broken'; message: string };

export const emptySidecar = (): Sidecar => ({ version: 1, approvals: {}, stale: {}, extra: {} });

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const DOCS: readonly SpecDocKey[] = ['requirements', 'design', 'tasks'];
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses the sidecar's text. Anything unreadable is reported, never guessed at. */
export function parseSidecar(text: string): SidecarRead {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { kind: 'broken', message: `${SIDECAR_FILE} is not valid JSON (${(e as Error).message}); fix or delete it — approvals are not read until then.` };
  }
  if (!isObj(value)) return { kind: 'broken', message: `${SIDECAR_FILE} should hold one JSON object ({"version": 1, "approvals": {…}}).` };
  const sidecar = emptySidecar();
  for (const [k, v] of Object.entries(value)) {
    if (k === 'version') continue;
    if (k === 'description' && typeof v === 'string') sidecar.description = v;
    else if (k === 'quick' && typeof v === 'boolean') sidecar.quick = v;
    else if (k === 'approvals' && isObj(v)) {
      for (const d of DOCS) {
        const a = v[d];
        if (isObj(a) && typeof a.at === 'string' && typeof a.sha256 === 'string') {
          sidecar.approvals[d] = { at: a.at, by: typeof a.by === 'string' ? a.by : 'someone', sha256: a.sha256, ...(a.inferred === true ? { inferred: true } : {}) };
        }
      }
    } else if (k === 'stale' && isObj(v)) {
      for (const d of DOCS) {
        const s = v[d];
        if (isObj(s) && typeof s.at === 'string') sidecar.stale[d] = { at: s.at, by: typeof s.by === 'string' ? s.by : 'someone', reason: typeof s.reason === 'string' ? s.reason : 'an earlier phase was reopened' };
      }
    } else sidecar.extra[k] = v;
  }
  return { kind: 'ok', sidecar };
}

/** The sidecar as written: stable key order, two-space indentation, a final newline (small diffs in review). */
export function renderSidecar(s: Sidecar): string {
  const ordered = (rec: Partial<Record<SpecDocKey, unknown>>) => Object.fromEntries(DOCS.filter((d) => rec[d] !== undefined).map((d) => [d, rec[d]]));
  const out: Record<string, unknown> = { version: 1 };
  if (s.description !== undefined) out.description = s.description;
  if (s.quick !== undefined) out.quick = s.quick;
  out.approvals = ordered(s.approvals);
  if (Object.keys(s.stale).length) out.stale = ordered(s.stale);
  for (const [k, v] of Object.entries(s.extra)) if (!(k in out)) out[k] = v;
  return `${JSON.stringify(out, null, 2)}\n`;
}

export async function readSidecar(specDir: string): Promise<SidecarRead> {
  let text: string;
  try {
    text = await readFile(path.join(specDir, SIDECAR_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    return { kind: 'broken', message: `${SIDECAR_FILE} cannot be read: ${(e as Error).message}` };
  }
  return parseSidecar(text);
}
