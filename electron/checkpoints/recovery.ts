import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { shadowDir } from './checkpoint-store';

const DAMAGED_PREFIX = 'damaged-';
/** Damaged stores kept for a person (or a bug report) to look at; older ones are deleted. */
const KEEP_DAMAGED = 2;

/**
 * Moves a shadow repository that cannot be trusted out of the way, so a new one can start
 * from the files as they are. It is renamed, never deleted: what it still holds may matter
 * to someone. Returns where it went.
 */
export async function moveAside(dir: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(dir, `${DAMAGED_PREFIX}${stamp}`);
  await rename(shadowDir(dir), target);
  const damaged = (await readdir(dir)).filter((n) => n.startsWith(DAMAGED_PREFIX)).sort();
  for (const old of damaged.slice(0, Math.max(0, damaged.length - KEEP_DAMAGED))) {
    await rm(path.join(dir, old), { recursive: true, force: true });
  }
  return target;
}
