import type { Stats } from 'node:fs';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { FileChange } from '../../shared/contract/workspace';
import { Emitter } from '../../shared/rpc/transport';
import { TEMP_PREFIX } from './atomic-write';
import type { WorkspaceFiles } from './files';
import type { IgnoreRules } from './ignore-rules';
import { toRelative } from './paths';

/** Never watched: git's internals, dependency trees, our own temporary files. */
const UNWATCHED_SEGMENTS = new Set(['.git', 'node_modules']);

/**
 * Reports changes on disk in small batches, each tagged with whether this host made it.
 * Git-ignored folders (build output and the like) are not watched; ignored single files
 * (a `.env`) are, because people do keep them open.
 */
export class WorkspaceWatcher {
  readonly changes = new Emitter<FileChange[]>();
  readonly ready: Promise<void>;
  private watcher: FSWatcher;
  private pending = new Map<string, FileChange>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly root: string,
    private readonly files: WorkspaceFiles,
    private readonly ignore: IgnoreRules,
    private readonly batchMs = 30,
  ) {
    this.watcher = watch(root, {
      ignoreInitial: true,
      followSymlinks: false,
      alwaysStat: true,
      ignored: (abs: string, stats?: Stats) => this.isUnwatched(abs, stats),
    });
    this.ready = new Promise((resolve) => this.watcher.once('ready', () => resolve()));
    this.watcher.on('all', (event, abs, stats) => this.record(event, abs, stats));
    this.watcher.on('error', (e) => console.error('[specwright] watcher:', e));
  }

  private isUnwatched(abs: string, stats?: Stats): boolean {
    if (abs === this.root) return false;
    const rel = toRelative(this.root, abs);
    if (rel.startsWith('..')) return true;
    const segments = rel.split('/');
    if (segments.some((s) => UNWATCHED_SEGMENTS.has(s))) return true;
    if (segments[segments.length - 1]!.startsWith(TEMP_PREFIX)) return true;
    return stats?.isDirectory() === true && this.ignore.isIgnored(rel, true);
  }

  private record(event: string, abs: string, stats?: Stats) {
    const rel = toRelative(this.root, abs);
    if (rel === '' || rel.startsWith('..')) return;
    const kind = event === 'add' || event === 'addDir' ? 'added' : event === 'change' ? 'changed' : event === 'unlink' || event === 'unlinkDir' ? 'removed' : null;
    if (!kind) return;
    const isDir = event === 'addDir' || event === 'unlinkDir';
    if (this.ignore.isRuleFile(path.posix.basename(rel))) this.ignore.invalidate();
    const self = this.files.isSelfChange(rel, kind, stats?.mtimeMs);
    const previous = this.pending.get(rel);
    // A file created and then written within one batch is still "added".
    const merged = previous?.kind === 'added' && kind === 'changed' ? 'added' : kind;
    this.pending.set(rel, { path: rel, kind: merged, isDir, self: self && (previous?.self ?? true) });
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  private flush() {
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending.clear();
    this.changes.emit(batch);
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.changes.clear();
    await this.watcher.close();
  }
}
