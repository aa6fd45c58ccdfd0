import os from 'node:os';
import path from 'node:path';

/**
 * The user's `~/.kiro` folder (user-scope steering, hooks and mcp.json). Injectable so tests
 * never read the real home: `SPECWRIGHT_HOME_KIRO` overrides it, and an empty value turns the
 * user scope off.
 */
export function userKiroDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env.SPECWRIGHT_HOME_KIRO;
  if (override !== undefined) return override.trim() ? path.resolve(override) : null;
  return path.join(os.homedir(), '.kiro');
}
