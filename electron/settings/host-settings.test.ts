import { writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppContract, SettingsView } from '../../shared/contract';
import { createClient } from '../../shared/rpc/client';
import { isRpcError } from '../../shared/rpc/errors';
import { createMemoryTransportPair } from '../../shared/rpc/transport';
import { createHost, type Host } from '../host/host';
import { makeTempTree, waitFor } from '../workspace/test-support';
import { userSettingsFile } from './settings-service';

let host: Host | undefined;
afterEach(async () => host?.dispose());

function connect(h: Host, workspace: string | null) {
  const [clientEnd, hostEnd] = createMemoryTransportPair();
  h.attach(hostEnd, { workspace });
  return createClient<AppContract>(clientEnd);
}

const effective = (v: SettingsView | undefined) => v?.effective as { terminal: { scrollback: number }; general: { theme: string } } | undefined;

describe('the user settings file is watched', () => {
  it('a change by any program reloads every open workspace, and connections without a folder', async () => {
    const data = await makeTempTree({}, 'sw-settings-host-');
    const a = await makeTempTree({ 'a.txt': 'a' });
    const b = await makeTempTree({ '.kiro/settings/specwright.json': '{ "terminal": { "scrollback": 700 } }' });
    host = createHost({ mode: 'server', dataDir: data });
    const clients = [connect(host, a), connect(host, b), connect(host, null)];
    for (const c of clients) await c.call('app.bootstrap', {});
    await clients[2]!.call('workspace.close', {}); // it reopened the last folder; this one has none
    const seen: (SettingsView | undefined)[] = [undefined, undefined, undefined];
    clients.forEach((c, i) => c.subscribe('settings.changes', {}, (v) => (seen[i] = v)));
    await waitFor(() => seen.every(Boolean), 5000, 'first views');
    expect(seen.map((v) => effective(v)!.terminal.scrollback)).toEqual([5000, 700, 5000]);
    expect(seen.map((v) => v!.workspace === null)).toEqual([false, false, true]);

    // Written by hand (as an editor would), not through the host.
    await writeFile(userSettingsFile(data), '{ "general": { "theme": "light" }, "terminal": { "scrollback": 1234 }, "policy": { "trustedCommands": ["make"] } }');
    await waitFor(() => seen.every((v) => effective(v)!.general.theme === 'light'), 5000, 'every connection to see the new theme');
    // The workspace's own value still wins where it has one.
    expect(seen.map((v) => effective(v)!.terminal.scrollback)).toEqual([1234, 700, 1234]);
    // What reads the settings when it acts sees the change: the policy's trust rules, a new terminal's scrollback.
    const status = await clients[0]!.call('policy.status', {});
    expect(status.trustRules).toEqual([{ pattern: 'make', scope: 'user' }]);

    // A bad value typed into the file is reported with its key path; the rest applies.
    await writeFile(userSettingsFile(data), '{ "general": { "theme": "light", "fontSize": 99 } }');
    await waitFor(() => seen.every((v) => v!.issues.some((i) => i.key === 'general.fontSize')), 5000, 'the issue');
    expect(seen[2]!.issues).toEqual([expect.objectContaining({ scope: 'user', key: 'general.fontSize', message: expect.stringMatching(/^general\.fontSize: Too big/) })]);
    expect(effective(seen[2])!.general.theme).toBe('light');
  });

  it('settings.set applies at once (for the next call), and a refused value names its key and changes nothing', async () => {
    const data = await makeTempTree({}, 'sw-settings-host-');
    const ws = await makeTempTree({ 'a.txt': 'a' });
    host = createHost({ mode: 'server', dataDir: data });
    const api = connect(host, ws);
    await api.call('app.bootstrap', {});
    expect((await api.call('workspace.getState', {})).autopilot).toBe(false);
    await api.call('settings.set', { scope: 'user', path: ['policy', 'defaultMode'], value: 'autopilot' });
    // A workspace that never chose follows the default mode…
    expect((await api.call('workspace.getState', {})).autopilot).toBe(true);
    expect((await api.call('policy.status', {})).mode).toBe('autopilot');
    // …and once the switch is used, keeps its own choice.
    await api.call('workspace.setState', { autopilot: false });
    await api.call('settings.set', { scope: 'user', path: ['policy', 'defaultMode'], value: 'autopilot' });
    expect((await api.call('workspace.getState', {})).autopilot).toBe(false);

    await api.call('settings.set', { scope: 'workspace', path: ['terminal', 'scrollback'], value: 321 });
    expect((await api.call('settings.get', {})).effective).toMatchObject({ terminal: { scrollback: 321 } });
    const bad = await api.call('settings.set', { scope: 'workspace', path: ['terminal', 'scrollback'], value: 1 }).catch((e: unknown) => e);
    expect(isRpcError(bad, 'BAD_REQUEST')).toBe(true);
    expect((bad as Error).message).toMatch(/^terminal\.scrollback: /);
    const view = await api.call('settings.get', {});
    expect(view.workspace!.values).toEqual({ terminal: { scrollback: 321 } });
    await api.call('settings.set', { scope: 'workspace', path: ['terminal', 'scrollback'], reset: true });
    expect((await api.call('settings.get', {})).effective).toMatchObject({ terminal: { scrollback: 5000 } });
  });

  it('Detect Ollama finds a server that speaks Ollama’s API, and says so when none answers', async () => {
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      if (req.url === '/api/tags') res.end(JSON.stringify({ models: [{ name: 'qwen2.5-coder:7b' }] }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    host = createHost({ mode: 'server', dataDir: await makeTempTree() });
    const api = connect(host, null);
    const found = await api.call('settings.detectOllama', { url: `http://127.0.0.1:${port}` });
    expect(found.found!.models).toEqual([expect.objectContaining({ id: 'ollama/qwen2.5-coder:7b', provider: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, apiKeyName: '' })]);
    server.close();
    const none = await api.call('settings.detectOllama', { url: `http://127.0.0.1:${port}` });
    expect(none.found).toBeNull();
  });
});
