import path from 'node:path';
import type { HostWrite } from '../workspace/files';

/**
 * How editor saves become checkpoints. One checkpoint per save would bury the timeline
 * under people's Ctrl+S habit; one per minute would merge unrelated edits. So a burst of
 * host writes — a save, Save All, a folder rename, several quick saves — becomes one
 * checkpoint once the writes pause for `quietMs` (or `maxWaitMs` after the first, so a
 * long stream of saves still yields regular checkpoints). Saving a file without changing
 * it makes no checkpoint at all (the store returns the previous one).
 */
export class SaveCoalescer {
  private pending: HostWrite[] = [];
  private timer: NodeJS.Timeout | undefined;
  private firstAt = 0;

  constructor(
    private readonly flush: (writes: HostWrite[]) => void,
    private readonly quietMs = 800,
    private readonly maxWaitMs = 5000,
  ) {}

  add(write: HostWrite): void {
    if (this.pending.length === 0) this.firstAt = Date.now();
    this.pending.push(write);
    clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.quietMs, this.firstAt + this.maxWaitMs - Date.now()));
    this.timer = setTimeout(() => this.fire(), wait);
  }

  /** Drops what is pending: a revert is about to checkpoint the present itself. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  get busy(): boolean {
    return this.pending.length > 0;
  }

  private fire() {
    this.timer = undefined;
    const writes = this.pending;
    this.pending = [];
    if (writes.length) this.flush(writes);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

/** What a burst of writes did, in words for the timeline: "Saved greet.ts", "Renamed a.ts → b.ts", "Saved 3 files". */
export function labelForWrites(writes: HostWrite[]): string {
  const last = new Map<string, HostWrite>();
  for (const w of writes) last.set(w.path, w);
  const all = [...last.values()];
  const name = (w: HostWrite) => path.posix.basename(w.path);
  if (all.length === 2) {
    const removed = all.find((w) => w.kind === 'removed');
    const added = all.find((w) => w.kind === 'added');
    if (removed && added && removed.isDir === added.isDir) return `Renamed ${name(removed)} → ${name(added)}`;
  }
  if (all.length === 1) {
    const w = all[0]!;
    const what = w.isDir ? `folder ${name(w)}` : name(w);
    return w.kind === 'added' ? `Created ${what}` : w.kind === 'removed' ? `Deleted ${what}` : `Saved ${what}`;
  }
  const kinds = new Set(all.map((w) => w.kind));
  const verb = kinds.size > 1 ? 'Changed' : kinds.has('added') ? 'Created' : kinds.has('removed') ? 'Deleted' : 'Saved';
  if (all.length === 2) return `${verb} ${name(all[0]!)} and ${name(all[1]!)}`;
  return `${verb} ${all.length} files`;
}
