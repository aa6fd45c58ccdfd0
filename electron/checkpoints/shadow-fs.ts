import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import path from 'node:path';

/** Folder inside the shadow repository where refs are written before they are renamed into place. */
export const SHADOW_TMP = 'specwright-tmp';
/** Marks an object's temporary file (`<object path>.tmp-<random>`), which a killed process may leave behind. */
export const OBJECT_TMP_SUFFIX = '.tmp-';

/**
 * The file system isomorphic-git writes the shadow repository through. It is Node's own,
 * with one change: every file write goes to a temporary file first and is then renamed into
 * place. isomorphic-git writes objects and refs in place and never rewrites an object file
 * that exists, so a process killed mid-write would leave a truncated object that every later
 * snapshot reuses — with this, an object or ref file is either complete or absent.
 */
const PROBE = Object.assign(new Error('readFile needs a path'), { code: 'EINVAL' });

export function shadowFs(gitdir: string) {
  const tmpDir = path.join(gitdir, SHADOW_TMP);
  const objectsDir = path.join(gitdir, 'objects') + path.sep;
  const isObject = (file: string) => file.startsWith(objectsDir);
  // Synchronous on purpose: objects and refs are small, and a snapshot of thousands of
  // files spends its time waiting for Node's four-thread I/O pool, not on these calls.
  async function writeFile(file: string, data: Uint8Array | string, options?: unknown) {
    // An object's temporary file sits beside it, as git's do: a rename within one folder
    // is cheaper than across two. Anything else (refs) goes through the temporary folder,
    // where a leftover can never be mistaken for a ref.
    const temp = isObject(file) ? `${file}${OBJECT_TMP_SUFFIX}${randomBytes(4).toString('hex')}` : path.join(tmpDir, randomBytes(8).toString('hex'));
    try {
      fs.writeFileSync(temp, data, options as fs.WriteFileOptions);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      fs.mkdirSync(tmpDir, { recursive: true });
      fs.writeFileSync(temp, data, options as fs.WriteFileOptions);
    }
    try {
      fs.renameSync(temp, file);
    } catch (e) {
      fs.rmSync(temp, { force: true });
      throw e; // ENOENT makes isomorphic-git create the folder and write again
    }
  }
  const stat = async (p: string) => fs.statSync(p);
  const promises = {
    // isomorphic-git probes every fs it is handed with a bare `readFile()` (on every call, to
    // tell promise APIs from callback ones); answering with one prepared rejection instead of
    // Node's argument-validation error saves building an error with a stack trace per object.
    readFile: (file?: string, options?: unknown) => (file === undefined ? Promise.reject(PROBE) : fsp.readFile(file, options as Parameters<typeof fsp.readFile>[1])),
    writeFile,
    mkdir: fsp.mkdir,
    rmdir: fsp.rmdir,
    rm: fsp.rm,
    unlink: fsp.unlink,
    stat,
    lstat: fsp.lstat,
    readdir: fsp.readdir,
    readlink: fsp.readlink,
    symlink: fsp.symlink,
    chmod: fsp.chmod,
  };
  return { promises };
}

export type ShadowFs = ReturnType<typeof shadowFs>;
