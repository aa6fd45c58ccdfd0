import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMcpConfig, mergeMcpConfigs } from '../../shared/kiro/mcp';
import { makeTempTree } from '../workspace/test-support';
import { Workspace } from '../workspace/workspace';
import { McpManager } from './manager';
import { fixture, mcpJson, mcpTestEnv, node, serverOf, waitForState, type McpTestEnv } from './test-support';
import { expandServer, variableKey } from './variables';

const serverFrom = (json: unknown) => mergeMcpConfigs(null, parseMcpConfig(JSON.stringify(json), 'mcp.json', 'workspace'))[0]!;

describe('expandServer', () => {
  const s = serverFrom({ mcpServers: { gh: { command: 'npx', args: ['-y', 'gh-mcp', '--org=${ORG}'], env: { TOKEN: '${GH_TOKEN}', MODE: 'x-${env:MODE}-y', LOG: 'plain' } } } });
  const target = 'npx -y gh-mcp --org=${ORG}';
  const env = { GH_TOKEN: 'secret-1', MODE: 'fast' };

  it('expands only approved variables; the rest stay as written, each with a warning', () => {
    const answers: Record<string, 'approved' | 'denied'> = { [variableKey('GH_TOKEN', 'gh', target)]: 'approved', [variableKey('MODE', 'gh', target)]: 'denied' };
    const e = expandServer(s, env, (k) => answers[k]);
    expect(e.launch.env).toEqual({ TOKEN: 'secret-1', MODE: 'x-${env:MODE}-y', LOG: 'plain' });
    expect(e.launch.args).toEqual(['-y', 'gh-mcp', '--org=${ORG}']);
    expect(e.variables.map((v) => [v.variable, v.answer, v.defined, v.where])).toEqual([
      ['ORG', 'pending', false, ['args[2]']],
      ['GH_TOKEN', 'approved', true, ['env.TOKEN']],
      ['MODE', 'denied', true, ['env.MODE']],
    ]);
    expect(e.warnings).toEqual([
      '${ORG} in args[2] is left unexpanded until you allow it.',
      '${MODE} in env.MODE is left unexpanded: you declined to pass it to this server.',
    ]);
  });

  it('an approved variable that is not set stays as written, with a warning', () => {
    const e = expandServer(s, {}, () => 'approved');
    expect(e.launch.env.TOKEN).toBe('${GH_TOKEN}');
    expect(e.warnings).toContain("${GH_TOKEN} in env.TOKEN is left unexpanded: it is not set in Specwright's environment.");
  });

  it('an approval belongs to the variable, the server and where its value goes', () => {
    const moved = serverFrom({ mcpServers: { gh: { command: 'node', args: ['evil.js'], env: { TOKEN: '${GH_TOKEN}' } } } });
    const renamed = serverFrom({ mcpServers: { other: { command: 'npx', args: ['-y', 'gh-mcp', '--org=${ORG}'], env: { TOKEN: '${GH_TOKEN}' } } } });
    const approved = variableKey('GH_TOKEN', 'gh', target);
    const answer = (k: string) => (k === approved ? ('approved' as const) : undefined);
    expect(expandServer(s, env, answer).launch.env.TOKEN).toBe('secret-1');
    expect(expandServer(moved, env, answer).launch.env.TOKEN).toBe('${GH_TOKEN}');
    expect(expandServer(renamed, env, answer).launch.env.TOKEN).toBe('${GH_TOKEN}');
  });
});

describe('${VAR} approval with a real server', () => {
  let env: McpTestEnv | null = null;
  const extra: Workspace[] = [];
  afterEach(async () => {
    await env?.dispose();
    env = null;
    for (const w of extra.splice(0)) await w.dispose();
    delete process.env.SPECWRIGHT_TEST_NOT_PASSED;
  });

  it('asks once, restarts the server with the value when allowed, remembers the answer; other variables never reach the server', async () => {
    process.env.SPECWRIGHT_TEST_NOT_PASSED = 'must-not-leak';
    const files = { '.kiro/settings/mcp.json': mcpJson({ box: { command: node, args: [fixture('toolbox.mjs')], env: { API_KEY: '${MY_API_KEY}' } } }) };
    env = await mcpTestEnv(files, {}, { env: { MY_API_KEY: 'k-42' } });
    await env.mcp.ready;
    const q = env.mcp.state().variables;
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ variable: 'MY_API_KEY', server: 'box', answer: 'pending', where: ['env.API_KEY'], defined: true });
    expect(serverOf(env.mcp, 'box').warnings).toEqual(['${MY_API_KEY} in env.API_KEY is left unexpanded until you allow it.']);
    expect((await env.mcp.callTool('mcp__box__env', { name: 'API_KEY' })).text).toBe('API_KEY=${MY_API_KEY}');
    expect((await env.mcp.callTool('mcp__box__env', { name: 'SPECWRIGHT_TEST_NOT_PASSED' })).text).toBe('SPECWRIGHT_TEST_NOT_PASSED=(unset)');

    const pid = serverOf(env.mcp, 'box').pid;
    await env.mcp.answerVariable(q[0]!.key, true);
    await waitForState(env.mcp, 'box', ['ready']);
    await env.mcp.settled();
    expect(serverOf(env.mcp, 'box').pid).not.toBe(pid);
    expect((await env.mcp.callTool('mcp__box__env', { name: 'API_KEY' })).text).toBe('API_KEY=k-42');
    expect(serverOf(env.mcp, 'box').warnings).toEqual([]);
    // Remembered in the app data folder, not in settings a workspace could override.
    const saved = JSON.parse(await readFile(path.join(env.dataDir, 'mcp-variables.json'), 'utf8'));
    expect(Object.values(saved.answers)).toEqual([expect.objectContaining({ answer: 'approved', variable: 'MY_API_KEY', server: 'box' })]);

    // Another workspace with the same server, in the same app data folder: not asked again.
    const other = new Workspace(await makeTempTree(files), env.dataDir);
    extra.push(other);
    const m2 = other.service('mcp', (w) => new McpManager(w, { userKiroDir: null, env: { MY_API_KEY: 'k-42' } }));
    await m2.ready;
    expect(m2.state().variables[0]!.answer).toBe('approved');
    expect((await m2.callTool('mcp__box__env', { name: 'API_KEY' })).text).toBe('API_KEY=k-42');
  });

  it('a declined variable stays unexpanded, with a warning that says so', async () => {
    env = await mcpTestEnv({ '.kiro/settings/mcp.json': mcpJson({ box: { command: node, args: [fixture('toolbox.mjs')], env: { API_KEY: '${MY_API_KEY}' } } }) }, {}, { env: { MY_API_KEY: 'k-42' } });
    await env.mcp.ready;
    await env.mcp.answerVariable(env.mcp.state().variables[0]!.key, false);
    await env.mcp.settled();
    expect(env.mcp.state().variables[0]!.answer).toBe('denied');
    expect(serverOf(env.mcp, 'box').warnings).toEqual(['${MY_API_KEY} in env.API_KEY is left unexpanded: you declined to pass it to this server.']);
    expect((await env.mcp.callTool('mcp__box__env', { name: 'API_KEY' })).text).toBe('API_KEY=${MY_API_KEY}');
    await expect(env.mcp.answerVariable('nope', true)).rejects.toThrow(/no longer used/);
  });
});
