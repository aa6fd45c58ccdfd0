// `specwright` on the PATH of hook commands, so a hook can call the app's own CLI — the
// built-in secret scan is `specwright hooks scan-secrets …` — whether or not the person
// installed it globally. The shim is a two-line script in the app's data folder that runs
// the CLI of the running host with the same Node (or Electron as Node).

import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI next to this code: `dist/host/cli.mjs`, searched upwards (bundle chunks sit one folder lower; sources two). */
export function findCliEntry(from = fileURLToPath(import.meta.url)): string | null {
  let dir = path.dirname(from);
  for (let i = 0; i < 6; i++) {
    for (const candidate of [path.join(dir, 'cli.mjs'), path.join(dir, 'dist', 'host', 'cli.mjs')]) if (existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Writes `<appDataDir>/bin/specwright` (when its content changed) and returns the folder to
 * put first on PATH, or null when there is no built CLI to point at.
 */
export async function ensureCliShim(appDataDir: string, cli = findCliEntry()): Promise<string | null> {
  if (!cli || process.platform === 'win32') return null;
  const dir = path.join(appDataDir, 'bin');
  const file = path.join(dir, 'specwright');
  const electron = process.versions.electron ? 'ELECTRON_RUN_AS_NODE=1 ' : '';
  const text = `#!/bin/sh\n# Written by Specwright for hook commands: runs the CLI of the app that wrote it.\n${electron}exec ${quote(process.execPath)} ${quote(cli)} "$@"\n`;
  try {
    if ((await readFile(file, 'utf8').catch(() => null)) !== text) {
      await mkdir(dir, { recursive: true });
      await writeFile(file, text);
      await chmod(file, 0o755);
    }
    return dir;
  } catch {
    return null;
  }
}
