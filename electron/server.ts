import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { MAX_MESSAGE_BYTES } from '../shared/rpc/limits';
import type { Host } from './host/host';
import { checkAccess, cookieName, type AccessPolicy } from './server/access';
import { SECURITY_HEADERS } from './server/security-headers';
import { serveStatic } from './server/static-files';

export interface ServerOptions {
  host?: string;
  port?: number;
  token?: string;
  workspace?: string | null;
  openFiles?: string[];
  dataDir: string;
  /** The built renderer (dist/renderer). */
  staticDir: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  /** The host, loaded while the port is already open (see below). */
  host: Promise<Host>;
  close(): Promise<void>;
}

/** How long a browser tab whose socket dropped keeps its workspace and terminals. */
const RECONNECT_GRACE_MS = 30_000;

/**
 * Server mode: the same host as the desktop app, behind a WebSocket at /rpc and a static
 * server for the built renderer, on one loopback port, guarded by a token.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const bindHost = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  // The host's modules take about 200 ms to load. The port opens first and the browser
  // fetches the page meanwhile; a socket that arrives before the host waits for it.
  const loaded = Promise.all([import('./host/host'), import('./rpc/websocket-transport')]).then(([{ createHost }, { websocketTransport }]) => ({
    host: createHost({ mode: 'server', dataDir: options.dataDir, workspace: options.workspace ?? null, openFiles: options.openFiles ?? [] }),
    websocketTransport,
  }));
  const host = loaded.then((l) => l.host);
  host.catch((e: unknown) => console.error('[specwright] the host failed to start:', e));
  const policy: AccessPolicy = { token, port: 0, bindHost };
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES * 2 });

  const refuse = (res: ServerResponse, status: number, reason: string) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(
      status === 401
        ? `Specwright: ${reason}. Open the exact URL that \`specwright serve\` printed (it carries the token).\n`
        : `Specwright: refused (${reason}).\n`,
    );
  };

  const http = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const verdict = checkAccess(req, url, policy, { websocket: false });
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    if (verdict.viaQuery) {
      // Keep the token in a cookie and drop it from the address bar (and from history).
      url.searchParams.delete('token');
      res.writeHead(302, {
        ...SECURITY_HEADERS,
        'Set-Cookie': `${cookieName(policy.port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + (url.search || ''),
      });
      return res.end();
    }
    if (!(await serveStatic(options.staticDir, url.pathname, res, SECURITY_HEADERS))) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' });
      res.end('Not found\n');
    }
  });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const verdict = url.pathname === '/rpc' ? checkAccess(req, url, policy, { websocket: true }) : ({ ok: false, status: 403, reason: 'unknown endpoint' } as const);
    if (!verdict.ok) {
      socket.end(`HTTP/1.1 ${verdict.status} ${verdict.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const requested = url.searchParams.get('session');
      const session = requested && /^[\w-]{8,64}$/.test(requested) ? requested : null;
      ws.pause(); // what the page sends before the host is there stays in the socket
      void loaded.then(
        ({ host, websocketTransport }) => {
          host.attach(websocketTransport(ws), session ? { session, graceMs: RECONNECT_GRACE_MS } : {});
          ws.resume();
        },
        () => ws.close(1011, 'the host failed to start'),
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, bindHost, () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  policy.port = port;
  const shownHost = bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost.includes(':') ? `[${bindHost}]` : bindHost;

  return {
    url: `http://${shownHost}:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    host,
    async close() {
      for (const client of sockets.clients) client.terminate();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
      await (await host).dispose();
    },
  };
}
