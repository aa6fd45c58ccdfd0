import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Path of the Electron executable if it is installed, else null. Reads the `electron`
 * package's own `path.txt` instead of loading the package, which throws when its binary
 * was never downloaded (as on machines without internet).
 */
export function findElectronBinary(from: string = import.meta.url): string | null {
  try {
    const pkg = createRequire(from).resolve('electron/package.json');
    const dir = path.dirname(pkg);
    const rel = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const binary = path.join(dir, 'dist', rel);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
