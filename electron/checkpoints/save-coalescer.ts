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

type Kind = HostWrite['kind'];

/** What a path went through in one burst, as one change: created then saved is "created"; created then deleted is nothing. */
function net(first: Kind, last: Kind): Kind | null {
  if (first === 'added') return last === 'removed' ? null : 'added';
  if (first === 'removed') return last === 'removed' ? 'removed' : 'changed';
  return last;
}

const VERBS: Record<Kind, string> = { added: 'created', changed: 'saved', removed: 'deleted' };
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * What a burst of writes did, in words for the timeline: "Saved greet.ts", "Renamed a.ts →
 * b.ts", "Saved README.md, created notes.md", "Saved 4 files, deleted 1".
 */
export function labelForWrites(writes: HostWrite[]): string {
  const byPath = new Map<string, { first: Kind; last: Kind; isDir: boolean }>();
  for (const w of writes) {
    const seen = byPath.get(w.path);
    byPath.set(w.path, { first: seen?.first ?? w.kind, last: w.kind, isDir: w.isDir });
  }
  const all = [...byPath].flatMap(([p, v]) => {
    const kind = net(v.first, v.last);
    return kind ? [{ name: path.posix.basename(p), kind, isDir: v.isDir }] : [];
  });
  if (all.length === 0) return 'Saved';
  // A rename is announced as exactly this pair, back to back; anything else is not one.
  const [a, b] = writes;
  if (writes.length === 2 && a!.kind === 'removed' && b!.kind === 'added' && a!.isDir === b!.isDir) {
    return `Renamed ${path.posix.basename(a!.path)} → ${path.posix.basename(b!.path)}`;
  }
  const phrase = (w: (typeof all)[number]) => `${VERBS[w.kind]} ${w.isDir ? `folder ${w.name}` : w.name}`;
  if (all.length === 1) return capital(phrase(all[0]!));
  const kinds = (['changed', 'added', 'removed'] as const).filter((k) => all.some((w) => w.kind === k));
  if (kinds.length === 1) {
    if (all.length === 2) return capital(`${VERBS[kinds[0]!]} ${all[0]!.name} and ${all[1]!.name}`);
    return capital(`${VERBS[kinds[0]!]} ${all.length} files`);
  }
  const order: Kind[] = ['changed', 'added', 'removed'];
  if (all.length <= 3) return capital([...all].sort((x, y) => order.indexOf(x.kind) - order.indexOf(y.kind)).map(phrase).join(', '));
  return capital(kinds.map((k, i) => `${VERBS[k]} ${i === 0 ? `${all.filter((w) => w.kind === k).length} files` : all.filter((w) => w.kind === k).length}`).join(', '));
}
