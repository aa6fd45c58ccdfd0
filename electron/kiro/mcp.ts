// Reading MCP configuration from disk: the workspace's `.kiro/settings/mcp.json` and the
// user's `~/.kiro/settings/mcp.json`, parsed, validated and merged (the format part; starting
// servers and expanding `${VAR}` belong to the MCP manager).

import path from 'node:path';
import { diagAt, type KiroDiagnostic } from '../../shared/kiro/diagnostics';
import { mergeMcpConfigs, parseMcpConfig, setMcpServerDisabled, type McpConfig, type McpScope, type MergedMcpServer } from '../../shared/kiro/mcp';
import { readKiroText, updateKiroText } from './read';

export interface LoadedMcp {
  servers: MergedMcpServer[];
  /** Each file that exists, with its diagnostics (messages already name the file and key). */
  files: { scope: McpScope; path: string; diagnostics: KiroDiagnostic[] }[];
}

export const mcpConfigPath = (kiroDir: string) => path.join(kiroDir, 'settings', 'mcp.json');

async function readConfig(abs: string, display: string, scope: McpScope): Promise<McpConfig | null> {
  try {
    const t = await readKiroText(abs);
    const c = parseMcpConfig(t.text, display, scope);
    c.diagnostics.unshift(...t.diagnostics);
    return c;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return { file: display, scope, servers: [], diagnostics: [diagAt('error', 'file.unreadable', `${display}: cannot read: ${(e as Error).message}`, 1)] };
  }
}

export async function loadMcpConfigs(options: { root: string; userKiroDir: string | null }): Promise<LoadedMcp> {
  const ws = await readConfig(mcpConfigPath(path.join(options.root, '.kiro')), '.kiro/settings/mcp.json', 'workspace');
  const user = options.userKiroDir ? await readConfig(mcpConfigPath(options.userKiroDir), '~/.kiro/settings/mcp.json', 'user') : null;
  const files: LoadedMcp['files'] = [];
  if (ws) files.push({ scope: 'workspace', path: mcpConfigPath(path.join(options.root, '.kiro')), diagnostics: ws.diagnostics });
  if (user && options.userKiroDir) files.push({ scope: 'user', path: mcpConfigPath(options.userKiroDir), diagnostics: user.diagnostics });
  return { servers: mergeMcpConfigs(user, ws), files };
}

/** Writes a server's `disabled` flag into the given mcp.json, changing only that value. */
export const setMcpServerDisabledOnDisk = (abs: string, server: string, disabled: boolean) => updateKiroText(abs, (t) => setMcpServerDisabled(t, server, disabled));
