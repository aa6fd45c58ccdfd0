import type { Dirent, Stats } from 'node:fs';
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { SkippedFile } from '../../shared/contract/checkpoints';
import type { DirtySnapshot } from './dirty-paths';
import { isNeverSnapshotted, type Exclusions } from './exclusions';
import { readStable } from './read-file';
import type { GitMode, ShadowRepo, TreeItem } from './shadow-repo';
import type { StatIndex } from './stat-index';
import { findEntry } from './tree-lookup';

/** Files read at once: enough to keep the disk and the thread pool busy, few enough to bound memory (each is at most the size limit). */
const PARALLEL_READS = 16;
const MAX_SKIPPED = 200;

export interface BuildResult {
  /** Root tree id; null when nothing is included (an empty workspace). */
  tree: string | null;
  skipped: SkippedFile[];
  moreSkipped: number;
  warnings: string[];
  /** Paths to look at again next time (a file that was changing or unreadable). */
  retry: string[];
}

const gitMode = (st: Stats): GitMode => (st.isSymbolicLink() ? '120000' : st.mode & 0o100 ? '100755' : '100644');

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

function createLimiter(n: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}

interface TrieNode {
  mark: 'path' | 'subtree' | null;
  children: Map<string, TrieNode>;
}

function buildTrie(paths: Map<string, 'path' | 'subtree'>): TrieNode {
  const root: TrieNode = { mark: null, children: new Map() };
  for (const [rel, mark] of paths) {
    let node = root;
    for (const part of rel.split('/')) {
      let next = node.children.get(part);
      if (!next) node.children.set(part, (next = { mark: null, children: new Map() }));
      node = next;
    }
    if (node.mark !== 'subtree') node.mark = mark;
  }
  return root;
}

/**
 * Turns the workspace on disk into git trees in the shadow repository. A full build walks
 * every folder (holding only the current path's entries in memory, never the whole tree);
 * an incremental build starts from the previous root tree and visits only the dirty paths,
 * re-hashing those files and rewriting just the trees on their way to the root.
 */
export class TreeBuilder {
  private limit = createLimiter(PARALLEL_READS);
  private skipped: SkippedFile[] = [];
  private moreSkipped = 0;
  private warnings: string[] = [];
  private retry: string[] = [];
  private recordRuleExclusions = true;
  /** Files a scan met: the stat index forgets the rest of what it scanned (deleted while no one watched). */
  private seen = new Set<string>();

  constructor(
    private readonly root: string,
    private readonly repo: ShadowRepo,
    private readonly exclusions: Exclusions,
    private readonly index: StatIndex,
    /** The previous snapshot's root tree: where an unreadable file's last good version comes from. */
    private readonly previousRoot: string | null,
    /** Stops a long scan (the folder is closing); nothing is committed, the dirty paths are kept. */
    private readonly signal?: AbortSignal,
  ) {}

  async build(dirty: DirtySnapshot): Promise<BuildResult> {
    let tree: string | null;
    if (dirty.full || this.previousRoot === null) {
      tree = await this.scanDir('');
      this.index.retainOnly('', this.seen);
    } else {
      // Folders excluded by a rule are reported by full scans; here they would only repeat.
      this.recordRuleExclusions = false;
      tree = await this.updateDir(this.previousRoot, '', buildTrie(dirty.paths));
    }
    // Folders are scanned concurrently; sorted, the same disk always gives the same metadata.
    const skipped = this.skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { tree, skipped, moreSkipped: this.moreSkipped, warnings: this.warnings.sort(), retry: this.retry };
  }

  private abs(rel: string) {
    return rel === '' ? this.root : path.join(this.root, ...rel.split('/'));
  }

  private skip(entry: SkippedFile) {
    if (this.skipped.length < MAX_SKIPPED) this.skipped.push(entry);
    else this.moreSkipped++;
  }

  /**
   * A full scan of one folder; null when nothing in it is included. Subfolders are scanned
   * concurrently (what is held meanwhile is names, never contents: file reads are limited).
   */
  private async scanDir(rel: string): Promise<string | null> {
    await yieldToEventLoop(); // one folder per turn of the event loop: the host stays responsive
    if (this.signal?.aborted) throw new Error('The snapshot was stopped because the folder is closing.');
    let dirents: Dirent[];
    try {
      dirents = readdirSync(this.abs(rel), { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (rel !== '' && (code === 'ENOENT' || code === 'ENOTDIR')) return null; // vanished while scanning
      if (rel !== '' && (code === 'EACCES' || code === 'EPERM')) {
        // As with an unreadable file: keep what the previous snapshot had, never record it as deleted.
        this.skip({ path: `${rel}/`, why: 'unreadable', detail: 'permission denied' });
        this.retry.push(rel);
        const previous = await this.previousEntry(rel);
        const kept = previous?.mode === '040000' ? previous.oid : null;
        this.warnings.push(`'${rel}/' could not be read (permission denied); ${kept ? 'the checkpoint keeps its previous contents' : 'it is not in this checkpoint'}.`);
        return kept;
      }
      throw e;
    }
    const items: TreeItem[] = [];
    const work: Promise<void>[] = [];
    for (const d of dirents) {
      if (isNeverSnapshotted(d.name)) continue;
      const childRel = rel === '' ? d.name : `${rel}/${d.name}`;
      let isDir = d.isDirectory();
      if (!isDir && !d.isFile() && !d.isSymbolicLink()) {
        // Unknown type on some file systems; special files (pipes, sockets) are never read.
        const st = this.lstat(childRel);
        if (!st) continue;
        isDir = st.isDirectory();
      }
      if (!this.included(childRel, isDir)) continue;
      if (isDir) work.push(this.scanDir(childRel).then((oid) => void (oid && items.push({ name: d.name, mode: '040000', oid }))));
      else work.push(this.limit(() => this.snapshotFile(childRel, d.name)).then((item) => void (item && items.push(item))));
    }
    await Promise.all(work);
    return items.length ? this.repo.writeTree(items) : null;
  }

  /** Applies the dirty paths under `node` to the tree `treeOid` (null: the folder is new). */
  private async updateDir(treeOid: string | null, rel: string, node: TrieNode): Promise<string | null> {
    const items = new Map((treeOid ? await this.repo.readTree(treeOid) : []).map((i) => [i.name, i]));
    let touched = false;
    for (const [name, child] of node.children) {
      const childRel = rel === '' ? name : `${rel}/${name}`;
      const existing = items.get(name) ?? null;
      const next = await this.refresh(childRel, name, existing, child);
      if (next === existing) continue;
      touched = true;
      if (next) items.set(name, next);
      else items.delete(name);
    }
    if (!touched && treeOid) return treeOid;
    if (items.size === 0) return null;
    return this.repo.writeTree([...items.values()]);
  }

  /** The new tree entry for one dirty path (or a folder on the way to one); `existing` when unchanged. */
  private async refresh(rel: string, name: string, existing: TreeItem | null, node: TrieNode): Promise<TreeItem | null> {
    if (isNeverSnapshotted(name)) return null;
    const st = this.lstat(rel);
    if (!st) {
      this.index.deleteTree(rel);
      return null;
    }
    const isDir = st.isDirectory();
    if (!this.included(rel, isDir, st)) {
      this.index.deleteTree(rel);
      return null;
    }
    if (!isDir) {
      if (existing?.mode === '040000') this.index.deleteTree(rel);
      return this.snapshotFile(rel, name, st, existing);
    }
    let oid: string | null;
    if (node.mark === 'subtree' || existing?.mode !== '040000') {
      // A folder that appeared, moved or was replaced: everything in it is new to us.
      if (existing && existing.mode !== '040000') this.index.delete(rel);
      oid = await this.scanDir(rel);
      this.index.retainOnly(rel, this.seen);
    } else if (node.children.size > 0) {
      oid = await this.updateDir(existing.oid, rel, node);
    } else {
      return existing; // a folder's own "changed" event says nothing about its files
    }
    if (oid === existing?.oid && existing) return existing;
    return oid ? { name, mode: '040000', oid } : null;
  }

  private lstat(rel: string): Stats | null {
    try {
      return lstatSync(this.abs(rel));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw e;
    }
  }

  /** Whether `rel` belongs in a snapshot, recording why not when the person should know. */
  private included(rel: string, isDir: boolean, st?: Stats): boolean {
    const why = this.exclusions.excluded(rel, isDir);
    if (why) {
      if (why !== 'gitignore' && this.recordRuleExclusions) this.skip({ path: isDir ? `${rel}/` : rel, why });
      return false;
    }
    if (st && !isDir && !st.isFile() && !st.isSymbolicLink()) {
      this.skip({ path: rel, why: 'special', detail: 'not a regular file (a pipe, socket or device)' });
      return false;
    }
    return true;
  }

  /** The tree entry for one file, hashing it only when its stat changed since it was last hashed. */
  private async snapshotFile(rel: string, name: string, known?: Stats, existing?: TreeItem | null): Promise<TreeItem | null> {
    const st = known ?? this.lstat(rel);
    if (!st) return null;
    if (!st.isFile() && !st.isSymbolicLink()) {
      if (st.isDirectory()) return null;
      this.skip({ path: rel, why: 'special', detail: 'not a regular file (a pipe, socket or device)' });
      return null;
    }
    if (st.isFile() && st.size > this.exclusions.maxBytes) {
      this.index.delete(rel);
      this.skip({ path: rel, why: 'too-large', detail: `${(st.size / 1024 / 1024).toFixed(1)} MB, over the ${(this.exclusions.maxBytes / 1024 / 1024).toFixed(0)} MB limit` });
      return null;
    }
    const mode = gitMode(st);
    this.seen.add(rel);
    const cached = this.index.lookup(rel, st, mode);
    if (cached) return { name, mode, oid: cached };
    const read = await readStable(this.abs(rel), st);
    if (read.kind === 'gone') {
      this.index.delete(rel);
      return null;
    }
    if (read.kind !== 'ok') {
      // Keep the last version we could read rather than record the file as deleted: a
      // restore to this checkpoint must never remove a file just because it was busy.
      this.retry.push(rel);
      this.skip({ path: rel, why: read.kind, detail: read.detail });
      const previous = existing === undefined ? await this.previousEntry(rel) : existing;
      const kept = previous && previous.mode !== '040000' ? { ...previous, name } : null;
      this.warnings.push(`'${rel}' could not be read (${read.detail}); ${kept ? 'the checkpoint keeps its previous version' : 'it is not in this checkpoint'}.`);
      return kept;
    }
    const oid = await this.repo.writeBlob(read.bytes);
    const finalMode = gitMode(read.stat);
    this.index.set(rel, read.stat, finalMode, oid);
    return { name, mode: finalMode, oid };
  }

  /** The entry `rel` had in the previous snapshot. */
  private previousEntry(rel: string): Promise<TreeItem | null> {
    return findEntry(this.repo, this.previousRoot, rel);
  }
}
