import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import path from 'node:path';

/** Folder inside the shadow repository where objects and refs are written before they are renamed into place. */
export const SHADOW_TMP = 'specwright-tmp';

/**
 * The file system isomorphic-git writes the shadow repository through. It is Node's own,
 * with one change: every file write goes to a temporary file first and is then renamed into
 * place. isomorphic-git writes objects and refs in place and never rewrites an object file
 * that exists, so a process killed mid-write would leave a truncated object that every later
 * snapshot reuses — with this, an object or ref file is either complete or absent.
 */
export function shadowFs(gitdir: string) {
  const tmpDir = path.join(gitdir, SHADOW_TMP);
  async function writeFile(file: string, data: Uint8Array | string, options?: unknown) {
    const temp = path.join(tmpDir, randomBytes(8).toString('hex'));
    try {
      await fsp.writeFile(temp, data, options as Parameters<typeof fsp.writeFile>[2]);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await fsp.mkdir(tmpDir, { recursive: true });
      await fsp.writeFile(temp, data, options as Parameters<typeof fsp.writeFile>[2]);
    }
    try {
      await fsp.rename(temp, file);
    } catch (e) {
      await fsp.rm(temp, { force: true });
      throw e; // ENOENT makes isomorphic-git create the folder and write again
    }
  }
  const promises = {
    readFile: fsp.readFile,
    writeFile,
    mkdir: fsp.mkdir,
    rmdir: fsp.rmdir,
    rm: fsp.rm,
    unlink: fsp.unlink,
    stat: fsp.stat,
    lstat: fsp.lstat,
    readdir: fsp.readdir,
    readlink: fsp.readlink,
    symlink: fsp.symlink,
    chmod: fsp.chmod,
  };
  return { promises };
}

export type ShadowFs = ReturnType<typeof shadowFs>;
