import { shell, type WebContents } from 'electron';
import { APP_ORIGIN } from './ipc-channel';

const isAppUrl = (raw: string) => {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
};

/**
 * A window may only ever show the app. Navigation elsewhere is refused; `window.open`
 * of an http(s) link goes to the person's browser, anything else is refused.
 */
export function guardNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
