import os from 'node:os';
import path from 'node:path';

/**
 * Where Specwright keeps its own data (workspace state, checkpoints, audit logs, sessions):
 * `SPECWRIGHT_DATA_DIR` if set, else the platform's usual place — the same folder
 * Electron's `app.getPath('userData')` would give for the product name.
 */
export function defaultDataDir(env = process.env, platform = process.platform, home = os.homedir()): string {
  if (env.SPECWRIGHT_DATA_DIR) return path.resolve(env.SPECWRIGHT_DATA_DIR);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Specwright');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Specwright');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Specwright');
}
