/**
 * When a piece of finished work deserves a system notification: the person asked for them
 * (`general.notifications`), is looking elsewhere (the window does not have the focus), and
 * the work took long enough that they may have stopped waiting for it. Pure, so the rule is
 * the same in the browser and the desktop app, and tested without either.
 */

export interface NotificationSettings {
  enabled: boolean;
  /** Only for work that took at least this long. */
  minSeconds: number;
}

export interface FinishedWork {
  kind: 'request' | 'tasks';
  startedAt: number;
  endedAt: number;
}

export function shouldNotify(settings: NotificationSettings, work: FinishedWork, windowFocused: boolean): boolean {
  if (!settings.enabled || windowFocused) return false;
  return work.endedAt - work.startedAt >= settings.minSeconds * 1000;
}

/** "2 min 5 s", "42 s": how long it took, for the notification's text. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}
