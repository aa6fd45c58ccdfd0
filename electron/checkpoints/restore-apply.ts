import { lstatSync, statSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, realpath, rename, rm, rmdir, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RpcError } from '../../shared/rpc/errors';
import { TEMP_PREFIX } from '../workspace/atomic-write';
import { isInside } from '../workspace/paths';
import { isEmptyFolder, type RestorePlan } from './restore-plan';
import type { ShadowRepo } from './shadow-repo';

const PARALLEL_WRITES = 8;

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
  // Each folder is created and checked once; files are written several at a time.
  const folders = new Map<string, Promise<void>>();
  const ensureFolder = (dir: string) => {
    let ready = folders.get(dir);
    if (!ready) {
      ready = (async () => {
        await mkdir(dir, { recursive: true });
        // A folder may have become a symbolic link to somewhere else since the checkpoint: never write through it.
        if (!isInside(realRoot, await realpath(dir))) throw new Error('its folder is now a link to a place outside the workspace');
      })();
      folders.set(dir, ready);
    }
    return ready;
  };
  let failure: { rel: string; error: unknown } | null = null;
  let next = 0;
  const worker = async () => {
    while (!failure && next < plan.writes.length) {
      const w = plan.writes[next++]!;
      try {
        await writeOne(repo, root, w, preloaded, ensureFolder);
        applied.written.push(w.path);
      } catch (e) {
        failure ??= { rel: w.path, error: e };
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_WRITES }, worker));
  const stopped = failure as { rel: string; error: unknown } | null;
  if (stopped) fail(stopped.rel, stopped.error);
  return applied;
}

/**
 * Writes one file of a restore: atomically (a temporary file renamed over the target) with
 * the target's executable bit, replacing a symbolic link rather than writing through it.
 * No fsync per file — like `git checkout`: a crash mid-restore loses nothing, because the
 * state before it and the target are both in the store.
 */
async function writeOne(
  repo: ShadowRepo,
  root: string,
  w: RestorePlan['writes'][number],
  preloaded: Map<string, Uint8Array>,
  ensureFolder: (dir: string) => Promise<void>,
): Promise<void> {
  const target = abs(root, w.path);
  const bytes = preloaded.get(w.item.oid) ?? (await repo.readBlob(w.item.oid));
  await ensureFolder(path.dirname(target));
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
    return;
  }
  const exec = w.item.mode === '100755';
  const current = existing?.isFile() ? existing.mode & 0o7777 : null;
  const mode = current === null ? (exec ? 0o755 : 0o644) : exec ? current | ((current & 0o444) >> 2) | 0o100 : current & ~0o111;
  const temp = path.join(path.dirname(target), `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temp, bytes, { mode, flag: 'wx' });
    await chmod(temp, mode); // the umask applied at creation
    await rename(temp, target); // over a symbolic link, this replaces the link itself
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
