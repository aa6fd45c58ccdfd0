import { describe, expect, it } from 'vitest';
import { mergeMcpConfigs, parseMcpConfig, setMcpServerDisabled } from './mcp';

const WS = `{
  "mcpServers": {
    "docs": {
      "command": "uvx",
      "args": ["some-mcp-server@latest"],
      "env": {"LOG": "ERROR", "KEY": "\${MY_KEY}"},
      "disabled": false,
      "autoApprove": ["search"],
      "disabledTools": ["delete_thing"]
    },
    "remote": {"url": "https://example.com/mcp", "headers": {"Authorization": "Bearer \${TOKEN}"}}
  }
}
`;

describe('parseMcpConfig', () => {
  it('reads local and remote servers and lists ${VAR} references with where they are', () => {
    const c = parseMcpConfig(WS, '.kiro/settings/mcp.json', 'workspace');
    expect(c.diagnostics).toEqual([]);
    expect(c.servers.map((s) => [s.name, s.transport, s.command, s.url, s.disabled, s.autoApprove, s.disabledTools])).toEqual([
      ['docs', 'stdio', 'uvx', null, false, ['search'], ['delete_thing']],
      ['remote', 'http', null, 'https://example.com/mcp', false, [], []],
    ]);
    expect(c.servers.flatMap((s) => s.variables)).toEqual([
      { name: 'MY_KEY', where: 'env.KEY' },
      { name: 'TOKEN', where: 'headers.Authorization' },
    ]);
    expect(c.servers[0]!.env).toEqual({ LOG: 'ERROR', KEY: '${MY_KEY}' });
  });

  it('points validation errors at the file, key and line', () => {
    const text = '{\n  "mcpServers": {\n    "a": {"args": ["x"]},\n    "b": {"command": "node", "args": ["x", {"y": 1}], "env": {"N": 3}},\n    "c": {"url": "ftp://x"},\n    "d": 5\n  }\n}';
    const c = parseMcpConfig(text, 'mcp.json', 'user');
    expect(c.diagnostics.map((d) => [d.severity, d.code, d.line, d.message])).toEqual([
      ['error', 'mcp.no-transport', 3, 'mcp.json: mcpServers.a: needs "command" (a local server over stdio) or "url" (a remote server over HTTP).'],
      ['error', 'mcp.type', 4, 'mcp.json: mcpServers.b.args[1]: must be a string; ignored.'],
      ['warning', 'mcp.type', 4, 'mcp.json: mcpServers.b.env.N: 3 is not a string; read as "3".'],
      ['error', 'mcp.url', 5, 'mcp.json: mcpServers.c.url: "ftp://x" is not an http(s) URL.'],
      ['error', 'mcp.server-shape', 6, 'mcp.json: mcpServers.d: a server must be an object with "command" (local) or "url" (remote).'],
    ]);
    expect(c.servers.map((s) => s.name)).toEqual(['b', 'c']);
  });

  it.each([
    ['empty', '', 'json.empty'],
    ['truncated', '{"mcpServers": {"a": {"command": "x"', 'json.syntax'],
    ['binary', '\u0000\u0001\u0002', 'file.binary'],
    ['no mcpServers', '{"servers": {}}', 'mcp.no-servers'],
    ['mcpServers not an object', '{"mcpServers": []}', 'mcp.shape'],
  ])('%s → %s', (_w, text, code) => {
    const c = parseMcpConfig(text, 'mcp.json', 'workspace');
    expect(c.servers).toEqual([]);
    expect(c.diagnostics.map((d) => d.code)).toContain(code);
  });
});

describe('mergeMcpConfigs', () => {
  it('merges by name: the workspace wins, disabled in either turns a server off', () => {
    const user = parseMcpConfig('{"mcpServers": {"docs": {"command": "old"}, "mine": {"command": "a"}, "off": {"command": "b", "disabled": true}}}', '~/.kiro/settings/mcp.json', 'user');
    const ws = parseMcpConfig('{"mcpServers": {"docs": {"command": "new"}, "off": {"command": "c"}, "wsoff": {"command": "d", "disabled": true}}}', '.kiro/settings/mcp.json', 'workspace');
    const merged = mergeMcpConfigs(user, ws);
    expect(merged.map((s) => [s.name, s.command, s.disabled, s.disabledBy, s.source.scope, s.overrides])).toEqual([
      ['docs', 'new', false, [], 'workspace', 'user'],
      ['mine', 'a', false, [], 'user', null],
      ['off', 'c', true, ['user'], 'workspace', 'user'],
      ['wsoff', 'd', true, ['workspace'], 'workspace', null],
    ]);
    expect(mergeMcpConfigs(null, null)).toEqual([]);
  });
});

describe('setMcpServerDisabled', () => {
  it('flips the value in place or adds the key, changing nothing else', () => {
    expect(setMcpServerDisabled(WS, 'docs', true)).toBe(WS.replace('"disabled": false', '"disabled": true'));
    expect(setMcpServerDisabled(WS, 'docs', false)).toBe(WS);
    expect(setMcpServerDisabled(WS, 'remote', true)).toBe(WS.replace('"Bearer ${TOKEN}"}}', '"Bearer ${TOKEN}"}, "disabled": true}'));
    expect(() => setMcpServerDisabled(WS, 'nope', true)).toThrow(/no server "nope"/);
  });
});
