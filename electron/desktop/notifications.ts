import { Notification, type BrowserWindow } from 'electron';

/** Notifications still on screen, kept so that they are not garbage-collected (and their click lost) before the person acts. */
const showing = new Set<Notification>();

/**
 * A native notification for work that finished while the window was in the background
 * (the renderer decides when, from `general.notifications`). Clicking it brings that
 * window back. False where the system shows none (a Linux session without a notification
 * daemon).
 */
export function showNotification(win: BrowserWindow | undefined, title: string, body: string): boolean {
  if (!Notification.isSupported()) return false;
  const n = new Notification({ title, body, silent: false });
  showing.add(n);
  const forget = () => showing.delete(n);
  n.on('click', () => {
    forget();
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  n.on('close', forget);
  n.on('failed', forget);
  n.show();
  return true;
}
