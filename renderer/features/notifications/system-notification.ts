import { api } from '../../api/client';
import { useApp } from '../../stores/app-store';

export type BrowserPermission = NotificationPermission | 'unsupported';

/** Whether this browser lets Specwright show notifications (server mode). */
export function browserPermission(): BrowserPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser once; it remembers the answer per site (a click must lead here: browsers ignore requests made without one). */
export async function askBrowserPermission(): Promise<BrowserPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

/**
 * A system notification: the desktop app's native one (through the host, so a click
 * brings back this window), or the browser's in server mode. Resolves false when none
 * could be shown (no permission, no notification service).
 */
export async function showSystemNotification(title: string, body: string): Promise<boolean> {
  if (useApp.getState().mode === 'desktop') {
    try {
      return (await api.call('app.notify', { title, body })).shown;
    } catch {
      return false;
    }
  }
  if (browserPermission() !== 'granted') return false;
  const n = new Notification(title, { body, icon: new URL('./favicon.svg', document.baseURI).href });
  n.onclick = () => {
    window.focus();
    n.close();
  };
  return true;
}
