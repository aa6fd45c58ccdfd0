import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { net, protocol } from 'electron';
import { SECURITY_HEADERS } from '../server/security-headers';
import { APP_ORIGIN } from './ipc-channel';

/** Must run before `app.ready`: `app:` behaves like https (secure context, fetch, workers). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** Serves the built renderer at app://specwright/, with the same security headers as server mode. */
export function serveRenderer(staticDir: string): void {
  const root = path.resolve(staticDir);
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return new Response('Not found', { status: 404 });
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const abs = path.join(root, path.normalize(rel));
    if (!abs.startsWith(root + path.sep)) return new Response('Not found', { status: 404 });
    try {
      const response = await net.fetch(`file://${abs}`);
      const headers = new Headers(response.headers);
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.set(k, v);
      return new Response(response.body, { status: response.status, headers });
    } catch {
      return new Response(await readFile(path.join(root, 'index.html')).catch(() => 'Not found'), { status: 404 });
    }
  });
}
