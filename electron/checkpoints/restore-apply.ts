import { lstatSync, statSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, realpath, rename, rm, rmdir, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RpcError } from '../../shared/rpc/errors';
import { TEMP_PREFIX } from '../workspace/atomic-write';
import { isInside } from '../workspace/paths';
import { isEmptyFolder, type RestorePlan } from './restore-plan';
import type { ShadowRepo } from './shadow-repo';

/** Reads and writes in flight at once: enough to keep libuv's threads and the disk busy. */
const PARALLEL_IO = 8;

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

/** Which file a parallel write failed on, and why. */
class FileFailure {
  constructor(readonly rel: string, readonly error: unknown) {}
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
  // Several reads in flight: each is a file read and an inflate, mostly waiting on the disk.
  await inParallel(plan.writes, async (w) => {
    if (preloaded.has(w.item.oid)) return;
    const bytes = await repo.readBlob(w.item.oid); // throws StoreDamagedError before anything changed
    if (bytes.length <= budget) {
      preloaded.set(w.item.oid, bytes);
      budget -= bytes.length;
    }
  });
  return preloaded;
}

/** Runs `work` over `items`, PARALLEL_IO at a time; the first failure stops new work and is thrown. */
async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      try {
        await work(items[next++]!);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: PARALLEL_IO }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/**
 * Makes the disk match the plan: deletions first (so a file can become a folder and back),
 * folders they leave empty are removed, then every file that replaces another is swapped in
 * atomically, and each carries the target's executable bit. Symbolic links are recreated as
 * links, never written through.
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
  const folders = new Map<string, Promise<void>>([[path.resolve(root), Promise.resolve()]]);
  const ensureFolder = (dir: string): Promise<void> => {
    let ready = folders.get(dir);
    if (!ready) {
      ready = (async () => {
        if (path.dirname(dir) === dir) throw new Error('its folder is outside the workspace');
        await ensureFolder(path.dirname(dir));
        try {
          await mkdir(dir);
          return; // made now, inside a checked parent: it cannot lead anywhere else
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
        // It was there: it may have become a symbolic link to somewhere else since the checkpoint; never write through it.
        const st = await lstat(dir);
        if (st.isSymbolicLink() && !isInside(realRoot, await realpath(dir))) throw new Error('its folder is now a link to a place outside the workspace');
        if (!st.isSymbolicLink() && !st.isDirectory()) throw new Error('a file is in the way of its folder');
      })();
      folders.set(dir, ready);
    }
    return ready;
  };
  try {
    await inParallel(plan.writes, async (w) => {
      try {
        await writeOne(repo, root, w, preloaded, ensureFolder);
      } catch (e) {
        throw new FileFailure(w.path, e);
      }
      applied.written.push(w.path);
    });
  } catch (e) {
    if (e instanceof FileFailure) fail(e.rel, e.error);
    throw e;
  }
  return applied;
}

/**
 * Writes one file of a restore with the target's executable bit: in place where nothing is
 * there, else atomically (a temporary file renamed over what is there), replacing a symbolic
 * link rather than writing through it.
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
  if (!existing) {
    // Nothing there to keep whole: write in place, as git's checkout does, with its mode under the umask.
    await writeFile(target, bytes, { mode: exec ? 0o777 : 0o666, flag: 'wx' });
    return;
  }
  const current = existing.isFile() ? existing.mode & 0o7777 : null;
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
