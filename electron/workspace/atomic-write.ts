import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, open, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Prefix of the temporary files atomic writes use; watchers and snapshots skip them. */
export const TEMP_PREFIX = '.specwright-tmp-';

/**
 * Writes `bytes` to `abs` so that readers see either the old file or the new one, never a
 * half-written one: a temporary file in the same folder, flushed, then renamed over the
 * target. Keeps the existing file's mode; writes through a symlink to its target.
 */
export async function writeFileAtomic(abs: string, bytes: Uint8Array, mode?: number): Promise<void> {
  let target = abs;
  let keepMode = mode;
  try {
    const info = await lstat(abs);
    if (info.isSymbolicLink()) target = await realpath(abs);
    if (keepMode === undefined) keepMode = (await stat(target)).mode & 0o7777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    await mkdir(path.dirname(abs), { recursive: true });
  }
  const temp = path.join(path.dirname(target), `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx', keepMode ?? 0o666);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    if (keepMode !== undefined) await chmod(temp, keepMode); // open() applies the umask
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
