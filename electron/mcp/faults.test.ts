import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../workspace/test-support';
import { closedPortUrl, startLegacySseServer, startStreamableHttpServer, startUnauthorizedServer, type TestHttpServer } from './http-test-servers';
import { everythingEntry, fixture, mcpJson, mcpTestEnv, node, serverOf, settingsJson, waitForState, type McpTestEnv } from './test-support';

// Bad input and faults: each one gets a clear status and message, and the other servers
// (and the manager) carry on.

let env: McpTestEnv | null = null;
const http: TestHttpServer[] = [];
afterEach(async () => {
  await env?.dispose();
  env = null;
  await Promise.all(http.splice(0).map((s) => s.close()));
});

const fast = settingsJson({ startTimeoutSeconds: 2, restartDelayMs: 50, maxRestarts: 2 });
const good = { command: node, args: [everythingEntry] };

describe('servers that fail to start', () => {
  it('a missing command, one that exits at once, one that never answers initialize, one that answers garbage — and a good one beside them', async () => {
    env = await mcpTestEnv({
      '.kiro/settings/specwright.json': fast,
      '.kiro/settings/mcp.json': mcpJson({
        missing: { command: 'specwright-no-such-mcp-server', args: ['--stdio'] },
        dies: { command: node, args: [fixture('exits-at-once.mjs')] },
        silent: { command: node, args: [fixture('silent.mjs')] },
        garbage: { command: node, args: [fixture('malformed.mjs')] },
        nofolder: { command: node, args: [fixture('silent.mjs')], cwd: 'does/not/exist' },
        good,
      }),
    });
    // In parallel: the good server is ready while the silent one is still waiting for its answer.
    let goodReadyWhileSilentStarting = false;
    const off = env.mcp.changes.on((s) => {
      const state = (n: string) => s.servers.find((x) => x.name === n)?.state;
      if (state('good') === 'ready' && state('silent') === 'starting') goodReadyWhileSilentStarting = true;
    });
    await env.mcp.ready;
    off();
    expect(goodReadyWhileSilentStarting).toBe(true);

    expect(serverOf(env.mcp, 'missing')).toMatchObject({ state: 'failed' });
    expect(serverOf(env.mcp, 'missing').reason).toBe('The command "specwright-no-such-mcp-server" was not found. Is it installed, and on the PATH Specwright was started with?');
    expect(serverOf(env.mcp, 'dies').reason).toMatch(/^The server exited with code 3 before it was ready\. Its last output: fatal: could not read config file \/nonexistent\/config\.toml$/);
    expect(serverOf(env.mcp, 'silent').reason).toMatch(/did not answer the MCP handshake \(initialize\) within 2 s.*Its last output: silent server up; not answering/);
    expect(serverOf(env.mcp, 'garbage').reason).toMatch(/^The server sent a malformed response: not JSON/);
    expect(serverOf(env.mcp, 'nofolder').reason).toMatch(/working folder "does\/not\/exist" .* does not exist/);
    for (const name of ['missing', 'dies', 'silent', 'garbage', 'nofolder']) expect(serverOf(env.mcp, name).state).toBe('failed');

    expect(serverOf(env.mcp, 'good').state).toBe('ready');
    expect((await env.mcp.callTool('mcp__good__echo', { message: 'still fine' })).text).toBe('Echo: still fine');
    // A failed server's tools are not offered; calling one says why.
    expect(env.mcp.tools().every((t) => t.server === 'good')).toBe(true);
    const r = await env.mcp.callTool('mcp__dies__anything', {});
    expect(r).toMatchObject({ isError: true });
    expect(r.text).toMatch(/"dies" is not ready \(failed: The server exited with code 3/);
    // The silent server's process is gone, not left behind.
    expect(serverOf(env.mcp, 'silent').pid).toBeNull();
  });

  it('a server that prints a banner on stdout works; a malformed response to a call fails that call at once', async () => {
    env = await mcpTestEnv({ '.kiro/settings/specwright.json': fast, '.kiro/settings/mcp.json': mcpJson({ banner: { command: node, args: [fixture('malformed.mjs'), '--banner'], timeout: 600 } }) });
    await env.mcp.ready;
    expect(serverOf(env.mcp, 'banner').state).toBe('ready');
    expect(env.mcp.log('banner').text()).toContain('stdout: not JSON');
    expect(env.mcp.log('banner').text()).toContain('Welcome to the malformed server v1.0');
    // At once, not after the 600 s call timeout (the test's own 30 s limit would fail first).
    const r = await env.mcp.callTool('mcp__banner__broken', {});
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/answered with an error: The server sent a malformed response: not JSON/);
    expect(serverOf(env.mcp, 'banner').state).toBe('ready');
  });
});

describe('calls', () => {
  it('a call that hangs times out after the server’s timeout; the server stays usable', async () => {
    env = await mcpTestEnv({ '.kiro/settings/mcp.json': mcpJson({ box: { command: node, args: [fixture('toolbox.mjs')], timeout: 1 } }) });
    await env.mcp.ready;
    expect(serverOf(env.mcp, 'box').timeoutSeconds).toBe(1);
    const r = await env.mcp.callTool('mcp__box__hang', {});
    expect(r).toMatchObject({ isError: true, summary: 'timed out' });
    expect(r.text).toBe("box/hang did not answer within 1 s (the server's call timeout), so the call was cancelled. The server may still be working on it.");
    expect(serverOf(env.mcp, 'box').state).toBe('ready');
    expect((await env.mcp.callTool('mcp__box__echo', { text: 'after' })).text).toBe('echo: after');
  });

  it('progress restarts the call timeout: a 3 s call with progress every 0.4 s passes a 1 s timeout', async () => {
    env = await mcpTestEnv({ '.kiro/settings/mcp.json': mcpJson({ box: { command: node, args: [fixture('toolbox.mjs')], timeout: 1 } }) });
    await env.mcp.ready;
    const seen: string[] = [];
    const r = await env.mcp.callTool('mcp__box__slow', { steps: 7, ms: 400 }, { onProgress: (p) => seen.push(p.message ?? '') });
    expect(r).toMatchObject({ isError: false, text: 'done after 7 steps' });
    // (The last one may be dropped by the SDK when it arrives with the result; see servers.test.ts.)
    const all = [1, 2, 3, 4, 5, 6, 7].map((i) => `step ${i} of 7`);
    expect([all.slice(0, 6), all]).toContainEqual(seen);
  });

  it('stopping the turn cancels the call', async () => {
    env = await mcpTestEnv({ '.kiro/settings/mcp.json': mcpJson({ box: { command: node, args: [fixture('toolbox.mjs')] } }) });
    await env.mcp.ready;
    const ac = new AbortController();
    const call = env.mcp.callTool('mcp__box__hang', {}, { signal: ac.signal });
    await waitFor(() => serverOf(env!.mcp, 'box').calls.length === 1);
    ac.abort(new DOMException('stopped', 'AbortError'));
    await expect(call).rejects.toThrow(/stopped/);
    await waitFor(() => serverOf(env!.mcp, 'box').calls.length === 0);
  });

  it('a huge result is cut with a note', async () => {
    env = await mcpTestEnv({ '.kiro/settings/specwright.json': settingsJson({ resultMaxChars: 5000 }), '.kiro/settings/mcp.json': mcpJson({ box: { command: node, args: [fixture('toolbox.mjs')] } }) });
    await env.mcp.ready;
    const r = await env.mcp.callTool('mcp__box__big', { chars: 2_000_000 });
    expect(r.truncated).toBe(true);
    expect(r.text.startsWith('x'.repeat(5000) + '\n\n[… the result was cut: the first 5,000 of 2,000,000 characters are shown.]')).toBe(true);
    expect(r.summary).toBe('1 text block (cut)');
  });

  it('a server flooding stderr keeps a bounded log and keeps working', async () => {
    env = await mcpTestEnv({
      '.kiro/settings/specwright.json': settingsJson({ logMaxChars: 64 * 1024 }),
      '.kiro/settings/mcp.json': mcpJson({ noisy: { command: node, args: [fixture('toolbox.mjs'), '--flood-stderr', '30'] }, good }),
    });
    await env.mcp.ready;
    expect(serverOf(env.mcp, 'noisy').state).toBe('ready');
    expect((await env.mcp.callTool('mcp__noisy__echo', { text: 'heard' })).text).toBe('echo: heard');
    await waitFor(() => env!.mcp.log('noisy').dropped > 20 * 1024 * 1024, 20_000, 'most of the flood to arrive');
    const log = env.mcp.log('noisy');
    expect(log.length).toBeLessThanOrEqual(64 * 1024);
    expect(serverOf(env.mcp, 'noisy').logChars).toBeLessThanOrEqual(64 * 1024);
    expect(log.text()).toContain('noise noise');
    expect((await env.mcp.callTool('mcp__good__echo', { message: 'unaffected' })).text).toBe('Echo: unaffected');
  });
});

describe('crashes', () => {
  it('a crash is restarted with the crash count shown; the server is usable again', async () => {
    env = await mcpTestEnv({ '.kiro/settings/specwright.json': fast, '.kiro/settings/mcp.json': mcpJson({ box: { command: node, args: [fixture('toolbox.mjs')] } }) });
    await env.mcp.ready;
    const firstPid = serverOf(env.mcp, 'box').pid;
    const states: string[] = [];
    const off = env.mcp.changes.on((s) => states.push(`${s.servers[0]!.state}:${s.servers[0]!.reason ?? ''}`));
    const r = await env.mcp.callTool('mcp__box__crash', { code: 7 });
    expect(r.isError).toBe(true);
    expect(r.text).toBe('The MCP server "box" stopped during the call to crash.');
    await waitFor(() => serverOf(env!.mcp, 'box').state === 'ready' && serverOf(env!.mcp, 'box').pid !== firstPid, 10_000, 'the restart');
    off();
    expect(states.some((s) => /^starting:The server exited with code 7\. .*Restarting in 0\.1 s \(attempt 1 of 2\)/.test(s))).toBe(true);
    expect(serverOf(env.mcp, 'box').restarts).toBe(1);
    expect(env.mcp.log('box').text()).toContain('crashing on purpose with code 7');
    expect((await env.mcp.callTool('mcp__box__echo', { text: 'back' })).text).toBe('echo: back');
  });

  it('a server that keeps crashing is given up after the restart limit, with the reason', async () => {
    env = await mcpTestEnv({
      '.kiro/settings/specwright.json': fast,
      '.kiro/settings/mcp.json': mcpJson({ flaky: { command: node, args: [fixture('toolbox.mjs'), '--crash-after-ready-ms', '300'] }, good }),
    });
    await env.mcp.ready;
    await waitForState(env.mcp, 'flaky', ['failed'], 20_000);
    const s = serverOf(env.mcp, 'flaky');
    expect(s.restarts).toBe(3);
    expect(s.reason).toMatch(/^The server exited with code 2\. Its last output: .*crashing after the handshake It failed 3 times in a row, so it is not restarted again \(limit: 2 restarts\); fix the cause and press Restart\.$/);
    expect(serverOf(env.mcp, 'good').state).toBe('ready');
    // Restart by hand: a fresh count.
    await env.mcp.restart('flaky');
    expect(serverOf(env.mcp, 'flaky')).toMatchObject({ state: 'ready', restarts: 0 });
  });
});

describe('remote servers', () => {
  it('Streamable HTTP, with headers and an approved ${VAR}', async () => {
    const s = await startStreamableHttpServer({ token: 'tok-123' });
    http.push(s);
    env = await mcpTestEnv({ '.kiro/settings/mcp.json': mcpJson({ remote: { url: s.url, headers: { Authorization: 'Bearer ${REMOTE_TOKEN}' } } }) }, {}, { env: { REMOTE_TOKEN: 'tok-123' } });
    await env.mcp.ready;
    // Unapproved: sent as written, refused by the server, and the panel says why.
    expect(serverOf(env.mcp, 'remote').state).toBe('failed');
    expect(serverOf(env.mcp, 'remote').reason).toMatch(/answered 401 Unauthorized: check the Authorization header/);
    expect(s.requests[0]!.authorization).toBe('Bearer ${REMOTE_TOKEN}');
    const q = env.mcp.state().variables.find((v) => v.variable === 'REMOTE_TOKEN')!;
    expect(q).toMatchObject({ server: 'remote', answer: 'pending', where: ['headers.Authorization'], defined: true, target: s.url });
    await env.mcp.answerVariable(q.key, true);
    await waitForState(env.mcp, 'remote', ['ready']);
    expect(serverOf(env.mcp, 'remote').connectedVia).toBe('streamable-http');
    expect((await env.mcp.callTool('mcp__remote__add', { a: 2, b: 40 })).text).toBe('42');
    expect((await env.mcp.callTool('mcp__remote__whoami', {})).text).toBe('authorization: Bearer tok-123');

    // The remote server goes away: a call fails with the reason, as a result.
    await s.close();
    http.splice(http.indexOf(s), 1);
    const gone = await env.mcp.callTool('mcp__remote__add', { a: 1, b: 1 });
    expect(gone.isError).toBe(true);
    expect(gone.text).toMatch(/^The call to remote\/add could not be completed: the server (closed|refused) the connection/);
    // (The server stays listed as ready: HTTP has no connection to lose; the next call says the same.)
  });

  it('falls back to the older HTTP+SSE transport', async () => {
    const s = await startLegacySseServer();
    http.push(s);
    env = await mcpTestEnv({ '.kiro/settings/mcp.json': mcpJson({ old: { url: s.url } }) });
    await env.mcp.ready;
    expect(serverOf(env.mcp, 'old')).toMatchObject({ state: 'ready', connectedVia: 'sse' });
    expect(env.mcp.log('old').text()).toMatch(/Streamable HTTP was refused .*trying the older HTTP\+SSE transport/);
    expect((await env.mcp.callTool('mcp__old__add', { a: 1, b: 2 })).text).toBe('3');
  });

  it('a server answering 401, and one that is unreachable', async () => {
    const s = await startUnauthorizedServer();
    http.push(s);
    const closed = await closedPortUrl();
    env = await mcpTestEnv({ '.kiro/settings/specwright.json': fast, '.kiro/settings/mcp.json': mcpJson({ denied: { url: s.url }, gone: { url: closed }, good }) });
    await env.mcp.ready;
    expect(serverOf(env.mcp, 'denied')).toMatchObject({ state: 'failed', reason: `${s.url} answered 401 Unauthorized: check the Authorization header (and its \${VAR}) in mcp.json.` });
    expect(serverOf(env.mcp, 'gone')).toMatchObject({ state: 'failed', reason: `Cannot reach ${closed}: connection refused (is the server running?).` });
    expect(serverOf(env.mcp, 'good').state).toBe('ready');
  });
});

describe('malformed mcp.json', () => {
  it('points at the file and key; servers of the other file run; a broken edit keeps the last valid servers running', async () => {
    env = await mcpTestEnv(
      { '.kiro/settings/mcp.json': '{"mcpServers": {"bad": {"command": 42}, "alsoBad": {"args": ["x"]}, "ok": ' + JSON.stringify(good) + '}}' },
      { 'settings/mcp.json': '{"mcpServers": {"user1": ' + JSON.stringify(good) + '}, }\n' },
    );
    await env.mcp.ready;
    const ws = env.mcp.state().files.find((f) => f.scope === 'workspace')!;
    expect(ws.workspacePath).toBe('.kiro/settings/mcp.json');
    const messages = ws.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    expect(messages).toContain('.kiro/settings/mcp.json: mcpServers.bad.command: must be a non-empty string (the program to start).');
    expect(messages).toContain('.kiro/settings/mcp.json: mcpServers.alsoBad: needs "command" (a local server over stdio) or "url" (a remote server over HTTP).');
    expect(ws.diagnostics.every((d) => d.line === 1)).toBe(true);
    expect(serverOf(env.mcp, 'ok').state).toBe('ready');
    expect(serverOf(env.mcp, 'user1').state).toBe('ready');

    // A half-typed save: the file no longer parses. Its servers keep running; the file says why.
    const okPid = serverOf(env.mcp, 'ok').pid;
    await writeFile(path.join(env.root, '.kiro/settings/mcp.json'), '{"mcpServers": {"ok": {"command": ');
    await waitFor(() => env!.mcp.state().files.find((f) => f.scope === 'workspace')!.stale, 10_000, 'the broken file to be seen');
    const broken = env.mcp.state().files.find((f) => f.scope === 'workspace')!;
    expect(broken.diagnostics[0]).toMatchObject({ severity: 'error', code: 'json.syntax', line: 1 });
    expect(serverOf(env.mcp, 'ok')).toMatchObject({ state: 'ready', pid: okPid });
    expect(serverOf(env.mcp, 'ok').warnings).toContain('.kiro/settings/mcp.json has errors; its last valid version is in effect.');
    expect(serverOf(env.mcp, 'user1').state).toBe('ready');

    // Fixing the file applies it.
    await writeFile(path.join(env.root, '.kiro/settings/mcp.json'), mcpJson({}));
    await waitFor(() => !env!.mcp.state().servers.some((s) => s.name === 'ok'), 10_000, 'the fixed file to be seen');
    expect(env.mcp.state().files.find((f) => f.scope === 'workspace')!.stale).toBe(false);
  });
});
