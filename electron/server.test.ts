import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { AppContract } from '../shared/contract';
import { createClient } from '../shared/rpc/client';
import { Emitter, type Transport } from '../shared/rpc/transport';
import { startServer, type RunningServer } from './server';
import { makeTempTree } from './workspace/test-support';

/** A Node client for the real /rpc endpoint, as a Transport. */
async function connect(server: RunningServer): Promise<{ transport: Transport; raw: WebSocket }> {
  const raw = new WebSocket(`ws://127.0.0.1:${server.port}/rpc?token=${server.token}`);
  await new Promise((resolve, reject) => {
    raw.once('open', resolve);
    raw.once('error', reject);
  });
  const messages = new Emitter<string>();
  const closes = new Emitter<void>();
  raw.on('message', (d) => messages.emit(d.toString()));
  raw.on('close', () => closes.emit());
  return {
    raw,
    transport: { send: (m) => raw.send(m), onMessage: (l) => messages.on(l), onClose: (l) => closes.on(l), close: () => raw.close() },
  };
}

describe('server mode host over a real WebSocket', () => {
  let server: RunningServer | undefined;
  afterEach(async () => server?.close());

  async function start(workspace: string | null) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sw-srv-data-'));
    server = await startServer({ port: 0, workspace, dataDir, staticDir: await makeTempTree({ 'index.html': '<!doctype html>' }) });
    return server;
  }

  it('opens its port before the host has loaded; what a socket sends meanwhile is answered once it has', async () => {
    const ws = await makeTempTree({ 'a.txt': 'hello' });
    const s = await start(ws);
    let hostLoaded = false;
    void s.host.then(() => (hostLoaded = true));
    const raw = new WebSocket(`ws://127.0.0.1:${s.port}/rpc?token=${s.token}`);
    const replies: unknown[] = [];
    raw.on('message', (d) => replies.push(JSON.parse(d.toString())));
    await new Promise((resolve) => raw.once('open', resolve));
    // Sent at once: the socket is open while the host may still be loading.
    raw.send(JSON.stringify({ t: 'call', id: 1, method: 'app.bootstrap', params: {} }));
    const sentBeforeHost = !hostLoaded;
    await expect.poll(() => replies.length, { timeout: 15_000 }).toBe(1);
    expect(replies[0]).toMatchObject({ t: 'result', id: 1, value: { workspace: { root: expect.any(String) } } });
    raw.send(JSON.stringify({ t: 'call', id: 2, method: 'workspace.read', params: { path: 'a.txt' } }));
    await expect.poll(() => replies.length).toBe(2);
    expect(replies[1]).toMatchObject({ t: 'result', id: 2, value: { text: 'hello' } });
    // The first start in a test process loads the host's modules from source: slower than the port.
    if (!sentBeforeHost) console.log('note: the host had loaded before the first message; the waiting path was not exercised this time');
    raw.close();
  });

  it('answers malformed, unknown and ill-typed requests with typed errors and keeps serving every client', async () => {
    const ws = await makeTempTree({ 'a.txt': 'hello' });
    const s = await start(ws);
    const bad = await connect(s);
    const good = createClient<AppContract>((await connect(s)).transport);
    await good.call('app.bootstrap', {});

    const replies: { id: number | null; error?: { code: string; message: string } }[] = [];
    bad.raw.on('message', (d) => replies.push(JSON.parse(d.toString())));
    bad.raw.send('this is not json');
    bad.raw.send(JSON.stringify({ t: 'call', id: 1, method: 'workspace.nope', params: {} }));
    bad.raw.send(JSON.stringify({ t: 'call', id: 2, method: 'workspace.read', params: { path: 42 } }));
    bad.raw.send(JSON.stringify({ t: 'call', id: 3, method: 'workspace.read', params: { path: '../../etc/passwd' } }));
    bad.raw.send(JSON.stringify({ t: 'call', id: 4, method: 'workspace.write', params: { path: 'big.txt', text: 'x'.repeat(70 * 1024 * 1024) } }));
    await expect.poll(() => replies.length, { timeout: 15_000 }).toBe(5);
    const byId = Object.fromEntries(replies.map((r) => [String(r.id), r.error?.code]));
    expect(byId).toEqual({ null: 'BAD_REQUEST', 1: 'UNKNOWN_METHOD', 2: 'BAD_REQUEST', 3: 'NO_WORKSPACE', 4: 'PAYLOAD_TOO_LARGE' });

    // Meanwhile the well-behaved client is served as usual, and its workspace is confined.
    await expect(good.call('workspace.read', { path: 'a.txt' })).resolves.toMatchObject({ kind: 'text', text: 'hello' });
    await expect(good.call('workspace.read', { path: '../../etc/passwd' })).rejects.toMatchObject({ code: 'PATH_OUTSIDE_WORKSPACE' });
  });

  it('reports a workspace folder that vanished as a notice, and opens nothing', async () => {
    const ws = await makeTempTree({});
    await rm(ws, { recursive: true });
    const s = await start(ws);
    const client = createClient<AppContract>((await connect(s)).transport);
    const boot = await client.call('app.bootstrap', {});
    expect(boot.workspace).toBeNull();
    expect(boot.notice).toMatch(/does not exist/);
    await expect(client.call('workspace.list', { path: '' })).rejects.toMatchObject({ code: 'NO_WORKSPACE', message: expect.stringContaining('Open a folder') });
  });

  it('streams file changes to subscribers and stops when they unsubscribe', async () => {
    const ws = await makeTempTree({ 'a.txt': '' });
    const s = await start(ws);
    const client = createClient<AppContract>((await connect(s)).transport);
    await client.call('app.bootstrap', {});
    const watcher = (await s.host).workspaces.all[0]!.watcher;
    const baseline = watcher.changes.size;
    const seen: string[] = [];
    const off = client.subscribe('workspace.changes', {}, ({ changes }) => seen.push(...changes.map((c) => `${c.kind}:${c.path}:${c.self}`)));
    await new Promise((r) => setTimeout(r, 300)); // the watcher's first scan
    await client.call('workspace.write', { path: 'b.txt', text: 'new' });
    await expect.poll(() => seen, { timeout: 5000 }).toContain('added:b.txt:true');
    expect(watcher.changes.size).toBe(baseline + 1);
    off();
    await expect.poll(() => watcher.changes.size).toBe(baseline);
  });
});

describe('secrets over RPC in server mode', () => {
  let server: RunningServer | undefined;
  afterEach(async () => server?.close());

  it('stores a key given by the renderer without ever writing it in clear in the data folder, and never returns it', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sw-srv-data-'));
    const workspace = await makeTempTree({ 'a.txt': '' });
    server = await startServer({ port: 0, workspace, dataDir, staticDir: await makeTempTree({ 'index.html': '' }) });
    const client = createClient<AppContract>((await connect(server)).transport);
    await client.call('app.bootstrap', {});
    await client.call('workspace.write', { path: 'a.txt', text: 'x' });
    const key = 'sk-test-DO-NOT-LEAK-9f8e7d6c5b4a';
    await client.call('secrets.set', { name: 'ANTHROPIC_API_KEY', value: key });
    const listed = await client.call('secrets.list', {});
    expect(listed).toEqual({ store: 'encrypted-file', secrets: [{ name: 'ANTHROPIC_API_KEY', source: 'stored' }] });
    expect(JSON.stringify(listed)).not.toContain(key);
    expect(await (await server.host).secrets.get('ANTHROPIC_API_KEY')).toBe(key);
    await (await server.host).appState.flush();
    const { readdir, readFile, stat } = await import('node:fs/promises');
    for (const name of await readdir(dataDir, { recursive: true })) {
      const abs = path.join(dataDir, name);
      if ((await stat(abs)).isFile()) expect((await readFile(abs)).toString('latin1'), name).not.toContain(key);
    }
    await expect(client.call('secrets.set', { name: 'not a name', value: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await client.call('secrets.delete', { name: 'ANTHROPIC_API_KEY' });
    expect((await client.call('secrets.list', {})).secrets).toEqual([]);
  });
});
