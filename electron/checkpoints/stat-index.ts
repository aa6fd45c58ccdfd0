import type { Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../workspace/atomic-write';
import type { GitMode } from './shadow-repo';

export interface StatEntry {
  oid: string;
  mode: GitMode;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** Hashed so soon after its last change that a later change could keep the same timestamp: not trusted. */
  racy: boolean;
}

/**
 * Timestamps on disk tick coarsely (a few ms on Linux, 2 s on FAT): a file hashed within
 * this long of its last change may change again without its mtime moving. Git calls these
 * "racily clean" and re-reads them; so do we.
 */
export const RACY_WINDOW_MS = 2000;

const FORMAT = 1;

/**
 * What the store knows about each file it hashed: the stat it had and the blob it gave —
 * git's index, for the same reason. A full verification only re-reads files whose stat
 * changed, and the stat cache survives restarts so the first verification after one does not
 * rehash the workspace.
 */
export class StatIndex {
  private entries = new Map<string, StatEntry>();
  private changed = false;

  get size(): number {
    return this.entries.size;
  }

  get dirty(): boolean {
    return this.changed;
  }

  /** The blob id of `rel` if `st` says it has not changed since it was hashed. */
  lookup(rel: string, st: Stats, mode: GitMode): string | null {
    const e = this.entries.get(rel);
    if (!e || e.racy) return null;
    if (e.size !== st.size || e.mtimeMs !== st.mtimeMs || e.ctimeMs !== st.ctimeMs || e.ino !== st.ino || e.mode !== mode) return null;
    return e.oid;
  }

  set(rel: string, st: Stats, mode: GitMode, oid: string, now = Date.now()): void {
    this.entries.set(rel, { oid, mode, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, racy: now - st.mtimeMs < RACY_WINDOW_MS });
    this.changed = true;
  }

  delete(rel: string): void {
    if (this.entries.delete(rel)) this.changed = true;
  }

  /** Forgets `rel` and everything below it. */
  deleteTree(rel: string): void {
    if (rel === '') return this.clear();
    this.delete(rel);
    const prefix = `${rel}/`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.delete(key);
  }

  /** After a scan of `rel` (everything when ''): forgets what is under it and was not `seen`. */
  retainOnly(rel: string, seen: Set<string>): void {
    const prefix = rel === '' ? '' : `${rel}/`;
    for (const key of this.entries.keys()) {
      if ((prefix === '' || key.startsWith(prefix) || key === rel) && !seen.has(key)) this.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
    this.changed = true;
  }

  /** Every blob the index refers to: retention must keep them, or a later snapshot would reuse a deleted object. */
  oids(): Set<string> {
    return new Set([...this.entries.values()].map((e) => e.oid));
  }

  async load(file: string): Promise<void> {
    this.entries.clear();
    let data: unknown;
    try {
      data = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      return; // absent or unreadable: start empty (the next verification rehashes)
    }
    const d = data as { format?: number; entries?: unknown };
    if (d.format !== FORMAT || !Array.isArray(d.entries)) return;
    for (const row of d.entries as unknown[]) {
      if (!Array.isArray(row) || row.length !== 7) continue;
      const [rel, oid, mode, size, mtimeMs, ctimeMs, ino] = row as [string, string, GitMode, number, number, number, number];
      if (typeof rel !== 'string' || typeof oid !== 'string' || !/^[0-9a-f]{40}$/.test(oid)) continue;
      this.entries.set(rel, { oid, mode, size, mtimeMs, ctimeMs, ino, racy: false });
    }
    this.changed = false;
  }

  async save(file: string): Promise<void> {
    const rows = [...this.entries].filter(([, e]) => !e.racy).map(([rel, e]) => [rel, e.oid, e.mode, e.size, e.mtimeMs, e.ctimeMs, e.ino]);
    this.changed = false;
    await writeFileAtomic(file, Buffer.from(JSON.stringify({ format: FORMAT, entries: rows })));
  }
}
