import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';

/**
 * Who may talk to a server-mode host: requests must name this server in `Host` (so a
 * DNS-rebinding page cannot reach it under a foreign name), carry the token (cookie or
 * `?token=`), and — for WebSockets from a browser — come from the page this server served.
 */
export interface AccessPolicy {
  token: string;
  port: number;
  bindHost: string;
}

export const cookieName = (port: number) => `specwright_token_${port}`;

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function hostnameOf(hostHeader: string): { name: string; port: string } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim());
  return m ? { name: m[1]!.toLowerCase(), port: m[2] ?? '80' } : null;
}

export function isAllowedHost(hostHeader: string | undefined, policy: AccessPolicy): boolean {
  if (!hostHeader) return false;
  const parsed = hostnameOf(hostHeader);
  if (!parsed || parsed.port !== String(policy.port)) return false;
  const name = parsed.name.replace(/^\[|\]$/g, '');
  if (name === 'localhost' || name === '127.0.0.1' || name === '::1') return true;
  if (name === policy.bindHost.toLowerCase()) return true;
  // Bound to every interface: accept addresses, never names (names are what rebinding uses).
  return (policy.bindHost === '0.0.0.0' || policy.bindHost === '::') && net.isIP(name) !== 0;
}

export function isAllowedOrigin(origin: string | undefined, hostHeader: string | undefined): boolean {
  if (origin === undefined) return true; // not a browser: the token alone decides
  return hostHeader !== undefined && origin === `http://${hostHeader}`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export type AccessVerdict = { ok: true; viaQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

export function checkAccess(req: IncomingMessage, url: URL, policy: AccessPolicy, { websocket }: { websocket: boolean }): AccessVerdict {
  if (!isAllowedHost(req.headers.host, policy)) {
    return { ok: false, status: 403, reason: 'Host header does not name this server' };
  }
  if (websocket && !isAllowedOrigin(req.headers.origin, req.headers.host)) {
    return { ok: false, status: 403, reason: 'WebSocket origin is not the page this server served' };
  }
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && tokensEqual(fromQuery, policy.token)) return { ok: true, viaQuery: true };
  const fromCookie = readCookie(req.headers.cookie, cookieName(policy.port));
  if (fromCookie !== undefined && tokensEqual(fromCookie, policy.token)) return { ok: true, viaQuery: false };
  return { ok: false, status: 401, reason: 'missing or wrong token' };
}
