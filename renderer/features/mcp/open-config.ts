import type { McpConfigFile, McpScope } from '../../../shared/contract/mcp';
import { api } from '../../api/client';
import { notifyError } from '../../stores/notifications';
import { openFile, getModel } from '../editor/documents';
import { revealLine } from '../editor/editor-instance';

export const WORKSPACE_CONFIG = '.kiro/settings/mcp.json';
const TEMPLATE = '{\n  "mcpServers": {\n  }\n}\n';

/** The line that defines `server` in an mcp.json text (its key under mcpServers), or 1. */
export function serverLine(text: string, server: string | undefined): number {
  if (!server) return 1;
  const key = `"${server.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => l.includes(key) && /:\s*(\{|$)/.test(l.slice(l.indexOf(key) + key.length)));
  return i === -1 ? 1 : i + 1;
}

/**
 * Opens a config file where the person can act on it. The workspace file opens in the editor
 * (created with an empty server list when missing). The user file lives outside the workspace,
 * where the editor's file operations are confined by design, so it is shown read-only in the
 * panel instead (see ConfigViewer) — `onUserFile` receives it.
 */
export async function openConfig(
  scope: McpScope,
  files: McpConfigFile[],
  options: { server?: string; line?: number; column?: number; onUserFile: (scope: McpScope, line: number) => void },
): Promise<void> {
  const file = files.find((f) => f.scope === scope);
  if (scope === 'user' || (file && !file.workspacePath)) {
    options.onUserFile(scope, options.line ?? 1);
    return;
  }
  try {
    if (!file) {
      await api.call('workspace.write', { path: WORKSPACE_CONFIG, text: TEMPLATE });
    }
    await openFile(WORKSPACE_CONFIG);
    const text = getModel(WORKSPACE_CONFIG)?.getValue() ?? '';
    revealLine(options.line ?? serverLine(text, options.server), options.column ?? 1);
  } catch (e) {
    notifyError(e);
  }
}
