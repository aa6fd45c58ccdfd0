/**
 * Paths that may differ from the last snapshot, as the host's own writes and the watcher
 * report them. A file path is re-hashed; a folder that appeared, vanished or was renamed is
 * rescanned whole ('subtree'); `full` asks for a full verification of the workspace.
 */
export interface DirtySnapshot {
  full: boolean;
  paths: Map<string, 'path' | 'subtree'>;
}

export class DirtyPaths {
  private full = false;
  private paths = new Map<string, 'path' | 'subtree'>();

  add(rel: string, subtree = false): void {
    if (this.full) return;
    if (rel === '') return this.markFull();
    if (subtree) this.paths.set(rel, 'subtree');
    else if (!this.paths.has(rel)) this.paths.set(rel, 'path');
    // Unbounded growth would make an "incremental" snapshot slower than a full one.
    if (this.paths.size > 20_000) this.markFull();
  }

  markFull(): void {
    this.full = true;
    this.paths.clear();
  }

  get empty(): boolean {
    return !this.full && this.paths.size === 0;
  }

  get isFull(): boolean {
    return this.full;
  }

  /** Hands the current set to a snapshot and starts a new one, so changes during the snapshot are kept for the next. */
  take(): DirtySnapshot {
    const taken = { full: this.full, paths: this.paths };
    this.full = false;
    this.paths = new Map();
    return taken;
  }

  /** Puts a set back after a snapshot failed (merging with what arrived meanwhile). */
  giveBack(taken: DirtySnapshot): void {
    if (taken.full) return this.markFull();
    for (const [rel, kind] of taken.paths) this.add(rel, kind === 'subtree');
  }
}
