import { useState } from 'react';
import { useApp } from '../../../stores/app-store';
import { useSettings } from '../../../stores/settings-store';
import { askBrowserPermission, browserPermission, type BrowserPermission } from '../../notifications/system-notification';

const WORDS: Record<BrowserPermission, string> = {
  granted: 'Allowed in this browser',
  default: 'Not allowed yet in this browser',
  denied: 'Blocked in this browser — allow notifications for this site in the browser’s site settings',
  unsupported: 'This browser has no notifications',
};

/**
 * In a browser (server mode) the browser itself decides whether a page may notify, and asks
 * only after a click: this row shows its answer and asks for it. The desktop app needs none.
 */
export function BrowserNotifications() {
  const mode = useApp((s) => s.mode);
  const enabled = useSettings((s) => s.effective.general.notifications.enabled);
  const [permission, setPermission] = useState<BrowserPermission>(browserPermission);
  if (mode === 'desktop') return null;
  return (
    <div className="setting" data-key="general.notifications.browser">
      <div className="setting-head">
        <span className="setting-title" id="browser-notifications-title">
          <span className="setting-group">General › Notifications › </span>Browser Permission
        </span>
        <span className={`secret-status ${permission === 'granted' ? 'approved' : permission === 'denied' ? 'denied' : 'pending'}`} role="status" aria-label={`Browser notifications: ${WORDS[permission]}`}>
          {WORDS[permission]}
        </span>
      </div>
      <p className="setting-desc">In a browser, notifications need the browser’s permission for this page as well as the setting above.</p>
      {permission === 'default' && (
        <button className="button small" disabled={!enabled} onClick={() => void askBrowserPermission().then(setPermission)}>
          Allow notifications in this browser
        </button>
      )}
    </div>
  );
}
