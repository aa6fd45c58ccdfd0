import { writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppContract, TerminalOutput, TerminalSessions } from '../../shared/contract';
import { createClient, type Client } from '../../shared/rpc/client';
import { isRpcError } from '../../shared/rpc/errors';
import { createMemoryTransportPair } from '../../shared/rpc/transport';
import { createHost, type Host } from '../host/host';
import { userSettingsFile } from '../settings/settings-service';
import { makeTempTree } from '../workspace/test-support';
import { TEST_SHELL } from './test-support';

// The terminal RPC end to end inside the host: real router, real bash, the same messages a window sends.
const hosts: Host[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.dispose()));
});

async function setup() {
  const dataDir = await makeTempTree({}, 'sw-term-data-');
  await writeFile(userSettingsFile(dataDir), JSON.stringify({ terminal: TEST_SHELL }));
  const root = await makeTempTree({ 'src/app.ts': 'line 1\nline 2\n' });
  const host = createHost({ mode: 'server', dataDir, workspace: root });
  hosts.push(host);
  const connect = async (session?: string) => {
    const [a, b] = createMemoryTransportPair();
    host.attach(b, session ? { session, graceMs: 500 } : {});
    const client: Client<AppContract> = createClient<AppContract>(a);
    await client.call('workspace.open', { path: root });
    return { client, transport: a };
  };
  return { host, root, connect };
}

/** A window's view of one terminal: output gathered, acknowledged as it arrives. */
function view(client: Client<AppContract>, id: string, since?: number) {
  const v = { text: '', offset: 0, stream: 0, events: [] as TerminalOutput[] };
  const off = client.subscribe('terminal.output', since === undefined ? { id } : { id, since }, (e) => {
    v.events.push(e);
    if (e.type === 'exit') return;
    if (e.type === 'replay') {
      v.stream = e.stream;
      if (e.reset) v.text = '';
    }
    v.text += e.data;
    v.offset = e.offset;
    void client.call('terminal.ack', { id, stream: v.stream, chars: e.data.length }).catch(() => {}); // the host may be gone at the end of a test
  });
  return Object.assign(v, { off, until: (s: string, from = 0) => waitUntil(() => v.text.indexOf(s, from) >= 0, `'${s}' in ${JSON.stringify(v.text.slice(-300))}`) });
}

describe('terminal RPC', () => {
  it('create, type, see the output, rename, list, #terminal context, kill', async () => {
    const { connect } = await setup();
    const { client } = await connect();
    const lists: TerminalSessions[] = [];
    client.subscribe('terminal.sessions', {}, (s) => lists.push(s));
    const info = await client.call('terminal.create', { cols: 100, rows: 20 });
    expect(info).toMatchObject({ kind: 'user', status: 'running', cols: 100, rows: 20, persistent: false });
    const v = view(client, info.id);
    await v.until('PROMPT$ ');
    await client.call('terminal.write', { id: info.id, data: 'printf "\\033[1;32mgreen-%s\\033[0m\\n" $((20+1))\r' });
    await v.until('green-21');
    expect((await client.call('terminal.rename', { id: info.id, name: 'build' })).name).toBe('build');
    await waitUntil(() => lists.at(-1)?.terminals[0]?.name === 'build', 'the renamed terminal in the session list');
    await client.call('terminal.setActive', { id: info.id });
    const context = await client.call('terminal.context', { lines: 2 });
    expect(context).toMatchObject({ id: info.id, name: 'build', lines: 2 });
    expect(context!.text).toBe('green-21\nPROMPT$'); // plain text: no escape sequences
    await client.call('terminal.kill', { id: info.id });
    expect((await client.call('terminal.list', {})).terminals).toEqual([]);
    await waitUntil(() => lists.at(-1)?.terminals.length === 0, 'the empty list');
  });

  it('resolves printed paths to workspace files that exist, relative to the shell’s folder', async () => {
    const { connect } = await setup();
    const { client } = await connect();
    const { id } = await client.call('terminal.create', { cwd: 'src' });
    await view(client, id).until('PROMPT$ ');
    expect(await client.call('terminal.resolvePath', { id, path: 'app.ts' })).toEqual({ path: 'src/app.ts' });
    expect(await client.call('terminal.resolvePath', { id, path: './src/app.ts' })).toEqual({ path: 'src/app.ts' });
    expect(await client.call('terminal.resolvePath', { id, path: 'missing.ts' })).toEqual({ path: null });
    expect(await client.call('terminal.resolvePath', { id, path: '/etc/passwd' })).toEqual({ path: null });
  });

  it('bad requests get clear errors and the terminal keeps working', async () => {
    const { connect } = await setup();
    const { client } = await connect();
    await expect(client.call('terminal.write', { id: 't999', data: 'x' })).rejects.toSatisfy((e) => isRpcError(e, 'NOT_FOUND') && /no terminal t999/.test((e as Error).message));
    const { id } = await client.call('terminal.create', {});
    await expect(client.call('terminal.resize', { id, cols: 0, rows: 10 })).rejects.toSatisfy((e) => isRpcError(e, 'BAD_REQUEST') && /params\.cols/.test((e as Error).message));
    await expect(client.call('terminal.create', { cwd: '../outside' })).rejects.toSatisfy((e) => isRpcError(e, 'PATH_OUTSIDE_WORKSPACE'));
    const v = view(client, id);
    await v.until('PROMPT$ ');
    await client.call('terminal.write', { id, data: 'echo ok-$((2*3))\r' });
    await v.until('ok-6');
  });

  it('a window that reconnects within the grace period finds its terminal and gets exactly what it missed', async () => {
    const { connect } = await setup();
    const first = await connect('tab-session-1');
    const { id } = await first.client.call('terminal.create', {});
    const v = view(first.client, id);
    await v.until('PROMPT$ ');
    await first.client.call('terminal.write', { id, data: 'X=kept-$((40+2)); echo set\r' });
    await v.until('set\r\n');
    await waitUntil(() => v.text.endsWith('PROMPT$ '), 'the prompt');
    const seen = v.offset;
    await first.client.call('terminal.write', { id, data: 'sleep 0.3; echo during-drop\r' });
    first.transport.close(); // the socket drops

    const second = await connect('tab-session-1'); // same tab, back within the grace period
    expect((await second.client.call('terminal.list', {})).terminals.map((t) => t.id)).toEqual([id]);
    const resumed = view(second.client, id, seen);
    await resumed.until('during-drop');
    expect(resumed.events[0]).toMatchObject({ type: 'replay', reset: false, skipped: 0 });
    expect(resumed.text).not.toContain('echo set'); // only what it missed
    await second.client.call('terminal.write', { id, data: 'echo $X\r' });
    await resumed.until('kept-42'); // the same shell, with its state

    const reloaded = view(second.client, id); // a reloaded page: the recent scrollback again
    await reloaded.until('kept-42');
    expect(reloaded.events[0]).toMatchObject({ type: 'replay', reset: true });
    expect(reloaded.text).toContain('echo set');
  });

  it('a window that does not come back: its terminals end after the grace period', async () => {
    const { connect, host } = await setup();
    await connect(); // another window keeps the workspace open (with the last window, the workspace and all its terminals close)
    const first = await connect('tab-session-2');
    const { id, pid } = await first.client.call('terminal.create', {});
    const persistent = await first.client.call('terminal.create', { persistent: true });
    first.transport.close();
    const ws = host.workspaces.all[0]!;
    const { terminalService } = await import('./handlers');
    const svc = terminalService(ws);
    expect(svc.has(id)).toBe(true); // still there during the grace period
    await waitUntil(() => !svc.has(id), 'the terminal to end', 5000);
    await waitUntil(() => !alive(pid!), 'its shell to be gone');
    expect(svc.has(persistent.id)).toBe(true);
  });
});

async function waitUntil(check: () => boolean, what: string, timeoutMs = 10_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
