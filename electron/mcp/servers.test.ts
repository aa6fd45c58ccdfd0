import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../workspace/test-support';
import { everythingEntry, filesystemEntry, mcpJson, mcpTestEnv, node, serverOf, settingsJson, waitForState, type McpTestEnv } from './test-support';

// The manager against the real npm servers over stdio: parallel start, tools, prompts,
// resources, progress, images, and the file-backed switches.

let env: McpTestEnv | null = null;
afterEach(async () => {
  await env?.dispose();
  env = null;
});

describe('real servers over stdio', () => {
  it('starts server-everything and server-filesystem in parallel; lists tools, prompts and resources; calls them', async () => {
    env = await mcpTestEnv({
      '.kiro/settings/mcp.json': mcpJson({
        everything: { command: node, args: [everythingEntry], autoApprove: ['echo'], disabledTools: ['toggle-simulated-logging'] },
        fs: { command: node, args: [filesystemEntry, '.'] },
      }),
      'notes/hello.txt': 'hello from the workspace\n',
    });
    await env.mcp.ready;
    const every = serverOf(env.mcp, 'everything');
    const fs = serverOf(env.mcp, 'fs');
    expect(every).toMatchObject({ state: 'ready', reason: null, connectedVia: 'stdio', scope: 'workspace' });
    expect(fs.state).toBe('ready');
    expect(every.serverInfo?.name).toMatch(/everything/);

    // Tools: qualified names, autoApprove, disabledTools hidden from the model but listed in the panel.
    const names = env.mcp.tools().map((t) => t.qualifiedName);
    expect(names).toContain('mcp__everything__echo');
    expect(names).toContain('mcp__fs__list_directory');
    expect(names).not.toContain('mcp__everything__toggle-simulated-logging');
    expect(every.tools.find((t) => t.name === 'toggle-simulated-logging')).toMatchObject({ hidden: true });
    expect(every.tools.find((t) => t.name === 'echo')).toMatchObject({ autoApproved: true, readOnly: true, qualifiedName: 'mcp__everything__echo' });
    expect(every.tools.find((t) => t.name === 'get-sum')).toMatchObject({ autoApproved: false });
    expect(env.mcp.state().totals.tools).toBe(names.length);
    expect(env.mcp.state().totals.tokens).toBeGreaterThan(1000);
    expect(every.prompts.length).toBeGreaterThan(0);
    expect(every.resources.length).toBeGreaterThan(0);

    // Text.
    const echo = await env.mcp.callTool('mcp__everything__echo', { message: 'ping' });
    expect(echo).toMatchObject({ isError: false, text: 'Echo: ping', server: 'everything', tool: 'echo' });
    // Images: described to the model, kept for the tool card.
    const image = await env.mcp.callTool('mcp__everything__get-tiny-image', {});
    expect(image.text).toMatch(/\[image: image\/png, [\d.]+ KB/);
    expect(image.media).toHaveLength(1);
    expect(image.media[0]!.mimeType).toBe('image/png');
    expect(Buffer.from(image.media[0]!.data, 'base64').subarray(1, 4).toString()).toBe('PNG');
    // Embedded resources.
    const ref = await env.mcp.callTool('mcp__everything__get-resource-reference', { resourceType: 'Text', resourceId: 1 });
    expect(ref.text).toMatch(/\[resource <[^>]+>/);
    // Filesystem: the workspace, through the server's own sandbox.
    const list = await env.mcp.callTool('mcp__fs__read_text_file', { path: path.join(env.root, 'notes/hello.txt') });
    expect(list.text).toContain('hello from the workspace');
    const outside = await env.mcp.callTool('mcp__fs__read_text_file', { path: '/etc/hostname' });
    expect(outside.isError).toBe(true);
  });

  it('reports progress of a long-running call', async () => {
    env = await mcpTestEnv({ '.kiro/settings/mcp.json': mcpJson({ everything: { command: node, args: [everythingEntry] } }) });
    await env.mcp.ready;
    const progress: { progress: number; total?: number }[] = [];
    let sawInPanel = false;
    const off = env.mcp.changes.on((s) => {
      if (s.servers[0]!.calls.some((c) => c.progress)) sawInPanel = true;
    });
    const r = await env.mcp.callTool('mcp__everything__trigger-long-running-operation', { duration: 1, steps: 4 }, { onProgress: (p) => progress.push(p) });
    off();
    expect(r.isError).toBe(false);
    expect(r.text).toMatch(/completed/i);
    // The SDK handles notifications a microtask later than responses, so a last progress
    // notification that arrives together with the result can be dropped; the others arrive in order.
    expect([[1, 2, 3], [1, 2, 3, 4]]).toContainEqual(progress.map((p) => p.progress));
    expect(progress.every((p) => p.total === 4)).toBe(true);
    expect(sawInPanel).toBe(true);
    expect(serverOf(env.mcp, 'everything').calls).toEqual([]);
  });

  it('offers prompts and resources as #mcp context', async () => {
    env = await mcpTestEnv({ '.kiro/settings/mcp.json': mcpJson({ everything: { command: node, args: [everythingEntry] } }) });
    await env.mcp.ready;
    const items = env.mcp.contextItems();
    const prompt = items.find((i) => i.kind === 'prompt' && i.name === 'simple-prompt');
    const resource = items.find((i) => i.kind === 'resource');
    expect(prompt?.arg).toBe('everything/prompt/simple-prompt');
    expect(resource).toBeDefined();
    const p = await env.mcp.resolveContext(prompt!.arg);
    expect(p.title).toContain('simple-prompt');
    expect(p.text).toMatch(/^user: /);
    const r = await env.mcp.resolveContext(resource!.arg);
    expect(r.title).toContain(resource!.arg.slice('everything/resource/'.length));
    expect(r.text.length).toBeGreaterThan(0);
    await expect(env.mcp.resolveContext('everything/prompt/args-prompt')).rejects.toThrow(/needs city=…/);
    const withArgs = await env.mcp.resolveContext('everything/prompt/args-prompt city=Lisbon');
    expect(withArgs.text).toContain('Lisbon');
    await expect(env.mcp.resolveContext('nope/prompt/x')).rejects.toThrow(/names no configured MCP server/);
  });

  it('merges user and workspace files (workspace wins, disabled in either turns off) and writes switches back byte-exact', async () => {
    const userText = `{\r\n  // my servers\r\n  "mcpServers": {\r\n    "shared": { "command": "nonexistent-user-binary" },\r\n    "mine": { "command": ${JSON.stringify(node)}, "args": [${JSON.stringify(everythingEntry)}], "disabled": true }\r\n  }\r\n}\r\n`;
    const wsText = `{"mcpServers": {"shared": {"command": ${JSON.stringify(node)}, "args": [${JSON.stringify(everythingEntry)}]},   "extra": {"command": ${JSON.stringify(node)}, "args": [${JSON.stringify(everythingEntry)}]}}}\n`;
    env = await mcpTestEnv({ '.kiro/settings/mcp.json': wsText }, { 'settings/mcp.json': userText });
    await env.mcp.ready;
    expect(serverOf(env.mcp, 'shared')).toMatchObject({ scope: 'workspace', overrides: 'user', state: 'ready' });
    expect(serverOf(env.mcp, 'mine')).toMatchObject({ scope: 'user', enabled: false, disabledBy: ['user'], state: 'stopped' });

    // Turning on a user server clears the flag in the user file, and nothing else.
    expect(await env.mcp.setEnabled('mine', true)).toEqual({ files: ['~/.kiro/settings/mcp.json'] });
    expect(await readFile(path.join(env.userKiro, 'settings/mcp.json'), 'utf8')).toBe(userText.replace('"disabled": true', '"disabled": false'));
    await waitForState(env.mcp, 'mine', ['ready']);

    // Turning off a workspace server adds the flag to the workspace file only.
    expect(await env.mcp.setEnabled('extra', false)).toEqual({ files: ['.kiro/settings/mcp.json'] });
    const after = await readFile(path.join(env.root, '.kiro/settings/mcp.json'), 'utf8');
    expect(after).toMatch(/"extra": \{[^}]*"disabled": ?true/);
    expect(after.replace(/,\s*"disabled": ?true/, '')).toBe(wsText);
    await waitForState(env.mcp, 'extra', ['stopped']);
    expect(serverOf(env.mcp, 'extra').reason).toMatch(/turned off in \.kiro\/settings\/mcp\.json/);
    expect(env.mcp.tools().some((t) => t.server === 'extra')).toBe(false);
  });

  it('follows both files: a server added to the workspace file starts, one removed from the user file stops', async () => {
    env = await mcpTestEnv({ '.kiro/settings/mcp.json': mcpJson({}) }, { 'settings/mcp.json': mcpJson({ u: { command: node, args: [everythingEntry] } }) });
    await env.mcp.ready;
    expect(serverOf(env.mcp, 'u').state).toBe('ready');
    await writeFile(path.join(env.root, '.kiro/settings/mcp.json'), mcpJson({ w: { command: node, args: [everythingEntry] } }));
    await waitFor(() => env!.mcp.state().servers.some((s) => s.name === 'w'), 10_000, 'the workspace file change to be seen');
    await waitForState(env.mcp, 'w', ['ready']);
    await writeFile(path.join(env.userKiro, 'settings/mcp.json'), mcpJson({}));
    await waitFor(() => !env!.mcp.state().servers.some((s) => s.name === 'u'), 10_000, 'the user file change to be seen');
    expect(env.mcp.tools().every((t) => t.server === 'w')).toBe(true);
  });

  it('warns once when many tools are enabled, with their cost in tokens, until dismissed', async () => {
    env = await mcpTestEnv({
      '.kiro/settings/mcp.json': mcpJson({ everything: { command: node, args: [everythingEntry] } }),
      '.kiro/settings/specwright.json': settingsJson({ manyToolsWarning: 5 }),
    });
    await env.mcp.ready;
    const w = env.mcp.state().toolWarning;
    expect(w).not.toBeNull();
    expect(w!.tools).toBe(env.mcp.tools().length);
    expect(w!.tokens).toBe(env.mcp.tools().reduce((n, t) => n + t.tokens, 0));
    expect(w!.threshold).toBe(5);
    await env.mcp.dismissToolWarning();
    expect(env.mcp.state().toolWarning).toBeNull();
    expect(JSON.parse(await readFile(path.join(env.ws.dataDir, 'mcp-ui.json'), 'utf8'))).toEqual({ toolWarningDismissed: true });
  });

  it('stops every server when the workspace closes', async () => {
    env = await mcpTestEnv({ '.kiro/settings/mcp.json': mcpJson({ a: { command: node, args: [everythingEntry] }, b: { command: node, args: [filesystemEntry, '.'] } }) });
    await env.mcp.ready;
    const pids = env.mcp.state().servers.map((s) => s.pid!);
    expect(pids.every((p) => p > 0)).toBe(true);
    await env.dispose();
    env = null;
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor(() => pids.every((p) => !alive(p)), 5000, 'the server processes to end');
  });
});
