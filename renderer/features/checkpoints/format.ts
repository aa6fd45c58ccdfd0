import type { Checkpoint, CheckpointReason, Session } from '../../../shared/contract/checkpoints';

const REASONS: Record<CheckpointReason, string> = {
  'session-start': 'Workspace opened',
  'editor-save': 'Editor save',
  manual: 'Manual',
  'tool-call': 'Agent tool call',
  turn: 'Agent turn',
  task: 'Spec task',
  'before-restore': 'Before a revert',
  recovered: 'Store rebuilt',
};

/** What made a checkpoint, in words: "Editor save", "Agent tool call · turn 3". */
export function describeSource(c: Checkpoint): string {
  const parts = [REASONS[c.reason]];
  if (c.turn !== undefined && c.reason !== 'turn') parts.push(`turn ${c.turn}`);
  if (c.reason === 'turn' && c.turn !== undefined) parts[0] = `Agent turn ${c.turn}`;
  if (c.taskId) parts.push(`task ${c.taskId}`);
  return parts.join(' · ');
}

export function countChanges(c: Checkpoint): number {
  return c.counts.added + c.counts.modified + c.counts.deleted;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "just now", "4 min ago", "14:02", "Yesterday 09:15", "12 Mar 09:15". */
export function relativeTime(time: number, now = Date.now()): string {
  const seconds = Math.round((now - time) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const date = new Date(time);
  const hm = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) return hm;
  const yesterday = new Date(now - 86_400_000);
  if (date.toDateString() === yesterday.toDateString()) return `Yesterday ${hm}`;
  return `${date.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${hm}`;
}

export const fullTime = (time: number) => new Date(time).toLocaleString();

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** A session in the picker: "This session · since 09:12 · 6 checkpoints". */
export function describeSession(s: Session, current: string | null, now = Date.now()): string {
  const who = s.id === current ? 'This session' : s.kind === 'agent' ? 'Agent session' : 'Editor session';
  return `${who} · since ${relativeTime(s.startedAt, now)} · ${plural(s.count, 'checkpoint')}`;
}

export const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);
export const dirName = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
