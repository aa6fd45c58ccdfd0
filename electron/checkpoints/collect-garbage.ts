import { lstatSync, readdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { ShadowRepo } from './shadow-repo';

const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Deletes every loose object no root reaches: commits of the kept sessions (with their
 * parents), their trees and blobs, plus `extraTrees` (the last snapshot not committed yet)
 * and `extraBlobs` (what the stat index would reuse). isomorphic-git has no gc; this is the
 * mark-and-sweep git's would do for a repository that holds only loose objects.
 */
export async function collectGarbage(repo: ShadowRepo, commits: string[], extraTrees: string[], extraBlobs: Set<string>): Promise<{ removed: number; freedBytes: number }> {
  const reachable = new Set<string>(extraBlobs);
  async function markTree(oid: string): Promise<void> {
    if (reachable.has(oid)) return;
    reachable.add(oid);
    for (const item of await repo.readTree(oid)) {
      if (item.mode === '040000') await markTree(item.oid);
      else reachable.add(item.oid);
    }
  }
  const pending = [...commits];
  while (pending.length) {
    const oid = pending.pop()!;
    if (reachable.has(oid)) continue;
    reachable.add(oid);
    const commit = await repo.readCommit(oid);
    await markTree(commit.tree);
    pending.push(...commit.parents);
  }
  for (const t of extraTrees) await markTree(t);

  let removed = 0;
  let freedBytes = 0;
  const objects = path.join(repo.gitdir, 'objects');
  for (const dir of readdirSync(objects)) {
    if (!/^[0-9a-f]{2}$/.test(dir)) continue;
    for (const file of readdirSync(path.join(objects, dir))) {
      if (reachable.has(dir + file)) continue;
      const abs = path.join(objects, dir, file);
      try {
        freedBytes += lstatSync(abs).size;
        unlinkSync(abs);
        removed++;
      } catch {
        // already gone
      }
    }
    await yieldToEventLoop();
  }
  repo.forgetKnownObjects();
  return { removed, freedBytes };
}

/** Bytes used by the files of a folder, counted without blocking the host for long. */
export async function folderSize(dir: string): Promise<number> {
  let total = 0;
  const stack = [dir];
  let visited = 0;
  while (stack.length) {
    const current = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(current);
    } catch {
      continue;
    }
    for (const name of names) {
      const abs = path.join(current, name);
      try {
        const st = lstatSync(abs);
        if (st.isDirectory()) stack.push(abs);
        else total += st.size;
      } catch {
        // vanished meanwhile
      }
      if (++visited % 2000 === 0) await yieldToEventLoop();
    }
  }
  return total;
}
