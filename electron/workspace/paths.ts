import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { RpcError } from '../../shared/rpc/errors';

const refuse = (rel: string, why: string) =>
  new RpcError('PATH_OUTSIDE_WORKSPACE', `Refused path '${rel.replace(/\0/g, '\\0')}': ${why}.`, { path: rel });

/**
 * The lexical half of confinement: a workspace-relative path with no NUL bytes, no
 * absolute form and no `..` that climbs out. Returns the normalised relative path.
 */
export function normalizeRelative(rel: string): string {
  if (rel.includes('\0')) throw refuse(rel, 'it contains a NUL byte');
  if (path.posix.isAbsolute(rel) || path.win32.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) {
    throw refuse(rel, 'absolute paths are not allowed; use a path relative to the workspace');
  }
  const normal = path.posix.normalize(rel.replace(/\\/g, '/'));
  if (normal === '..' || normal.startsWith('../')) throw refuse(rel, 'it points outside the workspace');
  return normal === '.' ? '' : normal.replace(/\/+$/, '');
}

export function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * Resolves a workspace-relative path to an absolute one that is guaranteed to lie inside
 * `realRoot` (which must itself be a real path), following symlinks: the real path of the
 * target — or, for a path that does not exist yet, of its nearest existing ancestor — must
 * stay inside the workspace.
 */
export async function resolveInside(realRoot: string, rel: string): Promise<{ abs: string; rel: string }> {
  const normal = normalizeRelative(rel);
  const abs = normal === '' ? realRoot : path.join(realRoot, ...normal.split('/'));
  let probe = abs;
  const missing: string[] = [];
  for (;;) {
    try {
      const real = await realpath(probe);
      if (!isInside(realRoot, real)) throw refuse(rel, 'it resolves through a symbolic link to a place outside the workspace');
      return { abs: missing.length ? path.join(real, ...missing.reverse()) : real, rel: normal };
    } catch (e) {
      if (e instanceof RpcError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
      const parent = path.dirname(probe);
      if (parent === probe || !isInside(realRoot, parent)) throw refuse(rel, 'it points outside the workspace');
      missing.push(path.basename(probe));
      probe = parent;
    }
  }
}

/** Workspace-relative POSIX form of an absolute path inside the workspace. */
export function toRelative(realRoot: string, abs: string): string {
  return path.relative(realRoot, abs).split(path.sep).join('/');
}
