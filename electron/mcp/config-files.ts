import path from 'node:path';
import type { McpConfigFile, McpScope } from '../../shared/contract/mcp';
import { diagAt } from '../../shared/kiro/diagnostics';
import { parseMcpConfig, type McpConfig } from '../../shared/kiro/mcp';
import { mcpConfigPath } from '../kiro/mcp';
import { readKiroText } from '../kiro/read';

export const WORKSPACE_CONFIG_REL = '.kiro/settings/mcp.json';
export const DISPLAY: Record<McpScope, string> = { workspace: WORKSPACE_CONFIG_REL, user: '~/.kiro/settings/mcp.json' };

/** Diagnostics that mean the file as a whole could not be read as mcp.json (as opposed to one bad server). */
const WHOLE_FILE = new Set(['json.empty', 'json.syntax', 'mcp.shape', 'mcp.no-servers', 'file.too-large', 'file.unreadable']);

export function configPathOf(scope: McpScope, root: string, userKiroDir: string | null): string | null {
  if (scope === 'workspace') return mcpConfigPath(path.join(root, '.kiro'));
  return userKiroDir ? mcpConfigPath(userKiroDir) : null;
}

export interface ReadConfig {
  /** The config in effect: this version, or the last valid one when this one is broken. */
  config: McpConfig | null;
  file: McpConfigFile | null;
}

/**
 * Reads one mcp.json with the .kiro layer's parser. A file that cannot be read as mcp.json
 * at all (a syntax error mid-edit, an empty file) keeps the servers of its last valid
 * version running — saving a half-typed file must not stop them — and says so.
 */
export async function readConfigFile(scope: McpScope, abs: string | null, root: string, lastGood: McpConfig | undefined): Promise<ReadConfig & { good: McpConfig | null | undefined }> {
  if (!abs) return { config: null, file: null, good: undefined };
  const display = DISPLAY[scope];
  const rel = path.relative(root, abs);
  const workspacePath = !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : null;
  let config: McpConfig;
  let mtimeMs = 0;
  try {
    const t = await readKiroText(abs);
    mtimeMs = t.mtimeMs;
    config = parseMcpConfig(t.text, display, scope);
    config.diagnostics.unshift(...t.diagnostics);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      // No file: no servers from this scope (null clears the last valid version).
      return { config: null, file: null, good: null };
    }
    config = { file: display, scope, servers: [], diagnostics: [diagAt('error', 'file.unreadable', `${display}: cannot read: ${(e as Error).message}`, 1)] };
  }
  const broken = config.diagnostics.some((d) => d.severity === 'error' && WHOLE_FILE.has(d.code));
  const file: McpConfigFile = {
    scope,
    path: abs,
    display,
    workspacePath,
    exists: true,
    mtimeMs,
    diagnostics: config.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, line: d.line, column: d.column })),
    stale: broken && !!lastGood,
  };
  if (broken) return { config: lastGood ?? config, file, good: undefined };
  return { config, file, good: config };
}
