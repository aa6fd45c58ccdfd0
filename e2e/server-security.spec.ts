import http from 'node:http';
import { WebSocket } from 'ws';
import { expect, test } from '@playwright/test';
import { startServerProcess, type ServerProcess } from './fixtures/server';
import { createTempWorkspace, sampleFiles } from './fixtures/workspace';

function get(server: ServerProcess, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode!, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket to /rpc and reports the HTTP status of a refused upgrade, or 101. */
function upgrade(server: ServerProcess, { query = '', headers = {} }: { query?: string; headers?: Record<string, string> }) {
  return new Promise<number>((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc${query}`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!));
    ws.on('error', () => {});
  });
}

test.describe('server mode access', () => {
  let server: ServerProcess;
  test.beforeAll(async () => {
    const ws = await createTempWorkspace(sampleFiles);
    server = await startServerProcess({ workspace: ws.dir });
  });
  test.afterAll(async () => server.stop());

  test('HTTP: no token → 401, wrong token → 401, foreign Host → 403; the token becomes a cookie and leaves the URL', async () => {
    expect((await get(server, '/')).status).toBe(401);
    expect((await get(server, '/?token=wrong')).status).toBe(401);
    expect((await get(server, '/index.html', { cookie: `specwright_token_${server.port}=wrong` })).status).toBe(401);
    expect((await get(server, `/?token=${server.token}`, { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get(server, `/?token=${server.token}`, { host: `127.0.0.1.nip.io:${server.port}` })).status).toBe(403);
    const ok = await get(server, `/?token=${server.token}`);
    expect(ok.status).toBe(302);
    expect(ok.headers.location).toBe('/');
    expect(ok.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await get(server, '/', { cookie: `specwright_token_${server.port}=${server.token}` });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  test('WebSocket: no token → 401, foreign Origin → 403, foreign Host → 403, the served origin with the token → open', async () => {
    const cookie = `specwright_token_${server.port}=${server.token}`;
    expect(await upgrade(server, {})).toBe(401);
    expect(await upgrade(server, { headers: { origin: server.origin } })).toBe(401);
    expect(await upgrade(server, { headers: { cookie, origin: 'http://evil.example' } })).toBe(403);
    expect(await upgrade(server, { headers: { cookie, origin: `http://localhost:${server.port + 1}` } })).toBe(403);
    expect(await upgrade(server, { headers: { cookie, host: `attacker.example:${server.port}`, origin: `http://attacker.example:${server.port}` } })).toBe(403);
    expect(await upgrade(server, { headers: { cookie, origin: server.origin } })).toBe(101);
    expect(await upgrade(server, { query: `?token=${server.token}` })).toBe(101);
  });

  test('in a browser, the page keeps the token in a cookie and drops it from the address bar', async ({ page }) => {
    await page.goto(server.url);
    await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible();
    expect(page.url()).toBe(`${server.origin}/`);
    await page.reload();
    await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible();
  });
});
