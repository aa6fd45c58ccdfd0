import path from 'node:path';
import { Workspace } from '../workspace/workspace';
import { makeTempTree, waitFor } from '../workspace/test-support';
import { McpManager, type McpManagerOptions } from './manager';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const fixtureDir = path.join(repoRoot, 'e2e', 'fixtures', 'mcp-servers');
export const fixture = (name: string) => path.join(fixtureDir, name);
/** The real npm servers' entry points (run with `node`; nothing is downloaded). */
export const everythingEntry = path.join(repoRoot, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
export const filesystemEntry = path.join(repoRoot, 'node_modules', '@modelcontextprotocol', 'server-filesystem', 'dist', 'index.js');
export const node = process.execPath;

export interface McpTestEnv {
  root: string;
  dataDir: string;
  userKiro: string;
  ws: Workspace;
  mcp: McpManager;
  dispose(): Promise<void>;
}

/**
 * A real workspace in a temp folder, a temp user `~/.kiro`, and the MCP manager over them.
 * `files` seeds the workspace (e.g. `.kiro/settings/mcp.json`, `.kiro/settings/specwright.json`).
 */
export async function mcpTestEnv(files: Record<string, string> = {}, userFiles: Record<string, string> = {}, options: Omit<McpManagerOptions, 'userKiroDir'> = {}): Promise<McpTestEnv> {
  const root = await makeTempTree(files, 'sw-mcp-ws-');
  const dataDir = await makeTempTree({}, 'sw-mcp-data-');
  const userKiro = await makeTempTree(userFiles, 'sw-mcp-home-');
  const ws = new Workspace(root, dataDir);
  const mcp = ws.service('mcp', (w) => new McpManager(w, { userKiroDir: userKiro, pollMs: 100, ...options }));
  return {
    root,
    dataDir,
    userKiro,
    ws,
    mcp,
    async dispose() {
      await ws.dispose();
    },
  };
}

export const mcpJson = (servers: Record<string, unknown>) => JSON.stringify({ mcpServers: servers }, null, 2);
export const settingsJson = (mcp: Record<string, unknown>) => JSON.stringify({ mcp });

export async function waitForState(mcp: McpManager, server: string, states: string[], timeoutMs = 20_000): Promise<void> {
  await waitFor(() => states.includes(mcp.state().servers.find((s) => s.name === server)?.state ?? ''), timeoutMs, `${server} to be ${states.join(' or ')} (it is ${mcp.state().servers.find((s) => s.name === server)?.state ?? 'absent'}: ${mcp.state().servers.find((s) => s.name === server)?.reason ?? ''})`);
}

export const serverOf = (mcp: McpManager, name: string) => {
  const s = mcp.state().servers.find((x) => x.name === name);
  if (!s) throw new Error(`no server ${name}`);
  return s;
};
