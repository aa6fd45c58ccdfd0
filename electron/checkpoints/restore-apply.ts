import { lstatSync, statSync, type Stats } from 'node:fs';
import { mkdir, realpath, rm, rmdir, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import { RpcError } from '../../shared/rpc/errors';
import { writeFileAtomic } from '../workspace/atomic-write';
import { isInside } from '../workspace/paths';
import { isEmptyFolder, type RestorePlan } from './restore-plan';
import type { ShadowRepo } from './shadow-repo';

/** Blobs read ahead (to prove they are intact) are kept for the write up to this many bytes; the rest are read again. */
const PRELOAD_BUDGET = 64 * 1024 * 1024;

export interface AppliedRestore {
  written: string[];
  deleted: string[];
}

/** A restore that stopped part-way: what it did before stopping, so the person can be told exactly. */
export class PartialRestoreError extends RpcError {
  constructor(message: string, readonly applied: AppliedRestore) {
    super('INTERNAL', message, applied);
  }
}

const abs = (root: string, rel: string) => path.join(root, ...rel.split('/'));

/**
 * Everything that can be known before the first byte changes: the workspace is there, no
 * file to change is read-only, and every blob to write is present and intact in the store
 * (reading it checks its id). A restore that cannot finish should not start.
 */
export async function preflight(repo: ShadowRepo, root: string, plan: RestorePlan): Promise<Map<string, Uint8Array>> {
  try {
    if (!statSync(root).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new RpcError('NOT_FOUND', `The workspace folder '${root}' no longer exists; nothing was restored.`);
  }
  const readOnly: string[] = [];
  for (const rel of [...plan.deletes, ...plan.writes.map((w) => w.path)]) {
    try {
      const st = lstatSync(abs(root, rel));
      if (st.isFile() && (st.mode & 0o222) === 0) readOnly.push(rel);
    } catch {
      // absent: nothing to protect
    }
  }
  if (readOnly.length) {
    const names = readOnly.slice(0, 5).map((p) => `'${p}'`).join(', ') + (readOnly.length > 5 ? ` and ${readOnly.length - 5} more` : '');
    throw new RpcError(
      'PERMISSION_DENIED',
      `Cannot revert: ${names} ${readOnly.length === 1 ? 'is' : 'are'} read-only. Nothing was changed. Make ${readOnly.length === 1 ? 'it' : 'them'} writable and try again.`,
      { readOnly },
    );
  }
  const preloaded = new Map<string, Uint8Array>();
  let budget = PRELOAD_BUDGET;
  for (const w of plan.writes) {
    if (preloaded.has(w.item.oid)) continue;
    const bytes = await repo.readBlob(w.item.oid); // throws StoreDamagedError before anything changed
    if (bytes.length <= budget) {
      preloaded.set(w.item.oid, bytes);
      budget -= bytes.length;
    }
  }
  return preloaded;
}

/**
 * Makes the disk match the plan: deletions first (so a file can become a folder and back),
 * folders they leave empty are removed, then every write is atomic and carries the
 * target's executable bit. Symbolic links are recreated as links, never written through.
 */
export async function applyRestore(repo: ShadowRepo, root: string, plan: RestorePlan, preloaded: Map<string, Uint8Array>): Promise<AppliedRestore> {
  const applied: AppliedRestore = { written: [], deleted: [] };
  const realRoot = await realpath(root);
  const fail = (rel: string, e: unknown): never => {
    const done = applied.written.length + applied.deleted.length;
    throw new PartialRestoreError(
      `The revert stopped at '${rel}': ${(e as Error).message}. ${done} of ${plan.writes.length + plan.deletes.length} files were already restored; the state before the revert is saved, so "Undo revert" brings it back.`,
      applied,
    );
  };
  const parents = new Set<string>();
  for (const rel of plan.deletes) {
    try {
      await unlink(abs(root, rel));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') fail(rel, e);
    }
    applied.deleted.push(rel);
    for (let dir = path.posix.dirname(rel); dir !== '.'; dir = path.posix.dirname(dir)) parents.add(dir);
  }
  // Deepest first, so a folder emptied by removing its emptied subfolders goes too.
  for (const dir of [...parents].sort((a, b) => b.split('/').length - a.split('/').length)) {
    try {
      await rmdir(abs(root, dir));
    } catch {
      // not empty (it holds other files, excluded ones included): keep it
    }
  }
  for (const w of plan.writes) {
    const target = abs(root, w.path);
    try {
      const bytes = preloaded.get(w.item.oid) ?? (await repo.readBlob(w.item.oid));
      await mkdir(path.dirname(target), { recursive: true });
      // A folder may have become a symbolic link to somewhere else since the checkpoint: never write through it.
      if (!isInside(realRoot, await realpath(path.dirname(target)))) throw new Error('its folder is now a link to a place outside the workspace');
      let existing: Stats | null = null;
      try {
        existing = lstatSync(target);
      } catch {
        // a new file
      }
      if (existing?.isDirectory()) {
        if (!isEmptyFolder(target)) throw new Error('a folder holding files the checkpoints do not track is in the way');
        await rm(target, { recursive: true });
        existing = null;
      }
      if (w.item.mode === '120000') {
        if (existing) await unlink(target);
        await symlink(Buffer.from(bytes).toString('utf8'), target);
      } else {
        if (existing?.isSymbolicLink()) await unlink(target); // replace the link itself, not what it points to
        const exec = w.item.mode === '100755';
        const current = existing && !existing.isSymbolicLink() ? existing.mode & 0o7777 : null;
        const mode = current === null ? (exec ? 0o755 : 0o644) : exec ? current | ((current & 0o444) >> 2) | 0o100 : current & ~0o111;
        await writeFileAtomic(target, bytes, mode);
      }
    } catch (e) {
      fail(w.path, e);
    }
    applied.written.push(w.path);
  }
  return applied;
}
