import type { Stats } from 'node:fs';
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { RACY_WINDOW_MS } from './stat-index';

export type StableRead =
  | { kind: 'ok'; bytes: Buffer; stat: Stats }
  | { kind: 'gone' }
  | { kind: 'unreadable'; detail: string }
  | { kind: 'unstable'; detail: string };

const ATTEMPTS = 3;
/**
 * Small files are read synchronously: a round trip through Node's four-thread I/O pool
 * costs more than the read itself, and source files are mostly small. Larger ones go
 * through the pool so the host never blocks long on one.
 */
const SYNC_READ_BELOW = 256 * 1024;

const sameFile = (a: Stats, b: Stats) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

/**
 * Reads a file so that the bytes are one version of it, never half of one write and half
 * of the next. The stat must not move across the read; a file changed within the last
 * moments (whose timestamp may not move on the next write) is read twice and must read the
 * same. A file still changing after a few attempts is reported as unstable, not guessed at.
 */
export async function readStable(abs: string, before: Stats): Promise<StableRead> {
  let prior = before;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let bytes: Buffer;
    let after: Stats;
    try {
      if (prior.isSymbolicLink()) {
        bytes = readlinkSync(abs, { encoding: 'buffer' });
      } else if (prior.size <= SYNC_READ_BELOW) {
        bytes = readFileSync(abs);
      } else {
        bytes = await readFile(abs);
      }
      after = lstatSync(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'gone' };
      if (code === 'EISDIR' || code === 'EINVAL') return { kind: 'unstable', detail: 'it was replaced by a folder while being read' };
      return { kind: 'unreadable', detail: describe(e) };
    }
    const steady = sameFile(prior, after) && (after.isSymbolicLink() || bytes.length === after.size);
    if (steady) {
      const hot = Date.now() - after.mtimeMs < RACY_WINDOW_MS;
      if (!hot || after.isSymbolicLink()) return { kind: 'ok', bytes, stat: after };
      try {
        const again = await readFile(abs);
        const last = lstatSync(abs);
        if (again.equals(bytes) && sameFile(after, last)) return { kind: 'ok', bytes, stat: last };
        prior = last;
        continue;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'gone' };
        return { kind: 'unreadable', detail: describe(e) };
      }
    }
    prior = after;
  }
  return { kind: 'unstable', detail: `it kept changing while being read (${ATTEMPTS} attempts)` };
}

function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EBUSY') return 'it is locked by another program';
  return (e as Error).message;
}
