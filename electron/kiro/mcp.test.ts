import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempTree } from '../workspace/test-support';
import { loadMcpConfigs, setMcpServerDisabledOnDisk } from './mcp';

describe('MCP configuration on disk', () => {
  it('merges the workspace and user files by name and reports problems with file and key', async () => {
    const root = await makeTempTree({ '.kiro/settings/mcp.json': '{\n  "mcpServers": {\n    "docs": {"command": "uvx", "args": ["docs@latest"]},\n    "broken": {"args": []}\n  }\n}\n' });
    const home = await makeTempTree({ 'settings/mcp.json': '\uFEFF{"mcpServers": {"docs": {"command": "old", "disabled": true}, "mine": {"url": "https://x.test/mcp", "headers": {"Authorization": "Bearer ${TOKEN}"}}}}' });
    const loaded = await loadMcpConfigs({ root, userKiroDir: home });
    expect(loaded.servers.map((s) => [s.name, s.command ?? s.url, s.disabled, s.source.scope])).toEqual([
      ['docs', 'uvx', true, 'workspace'],
      ['mine', 'https://x.test/mcp', false, 'user'],
    ]);
    expect(loaded.files.map((f) => [f.scope, f.diagnostics.map((d) => `${d.line}: ${d.message}`)])).toEqual([
      ['workspace', ['4: .kiro/settings/mcp.json: mcpServers.broken: needs "command" (a local server over stdio) or "url" (a remote server over HTTP).']],
      ['user', []],
    ]);
    expect((await loadMcpConfigs({ root, userKiroDir: null })).servers.map((s) => s.name)).toEqual(['docs']);
    expect(await loadMcpConfigs({ root: await makeTempTree(), userKiroDir: null })).toEqual({ servers: [], files: [] });
  });

  it('switches a server off in the right file, byte-exactly', async () => {
    const text = '{\r\n  "mcpServers": {\r\n    "docs": {"command": "uvx", "disabled": false}\r\n  }\r\n}\r\n';
    const root = await makeTempTree({ '.kiro/settings/mcp.json': text });
    const file = path.join(root, '.kiro/settings/mcp.json');
    await setMcpServerDisabledOnDisk(file, 'docs', true);
    expect(await readFile(file, 'utf8')).toBe(text.replace('"disabled": false', '"disabled": true'));
  });
});
