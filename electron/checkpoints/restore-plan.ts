import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Exclusions } from './exclusions';
import type { ShadowRepo, TreeItem } from './shadow-repo';
import { diffTrees, type TreeChange } from './tree-diff';

export interface RestorePlan {
  /** Files to (re)write with the target's bytes and mode. */
  writes: { path: string; item: TreeItem; status: 'added' | 'modified' }[];
  /** Files the target does not have. */
  deletes: string[];
  /** Paths a restore must leave alone: something excluded or ignored is on disk there now. */
  kept: { path: string; why: string }[];
}

/**
 * What a restore will do, from the snapshot of the present (`from`) to the target (`to`).
 * Only files the present snapshot holds are deleted or overwritten, so an excluded or
 * ignored file is never touched; a file the target has where something excluded sits now
 * is reported as kept rather than overwritten.
 */
export async function planRestore(repo: ShadowRepo, root: string, exclusions: Exclusions, from: string | null, to: string | null, under?: string): Promise<RestorePlan> {
  const changes: TreeChange[] = await diffTrees(repo, from, to, under ? { under } : {});
  const plan: RestorePlan = { writes: [], deletes: [], kept: [] };
  for (const c of changes) if (c.status === 'deleted') plan.deletes.push(c.path);
  const emptied = (rel: string) => plan.deletes.some((d) => d.startsWith(`${rel}/`));
  for (const c of changes) {
    if (c.status === 'deleted') continue;
    if (c.status === 'added' && occupied(root, c.path) && !emptied(c.path)) {
      const why = exclusions.excluded(c.path, false);
      plan.kept.push({ path: c.path, why: why ? `it is ${describeExclusion(why)} now` : 'something the checkpoints do not track is there now' });
      continue;
    }
    plan.writes.push({ path: c.path, item: c.after!, status: c.status });
  }
  return plan;
}

/** Something is on disk at `rel` that the present snapshot does not hold (an excluded file, or a folder of them); empty folders do not count. */
function occupied(root: string, rel: string): boolean {
  const abs = path.join(root, ...rel.split('/'));
  try {
    return !lstatSync(abs).isDirectory() || !isEmptyFolder(abs);
  } catch {
    return false;
  }
}

/** A folder holding nothing but (possibly) empty folders: git would not know it exists, and removing it loses nothing. */
export function isEmptyFolder(abs: string): boolean {
  for (const d of readdirSync(abs, { withFileTypes: true })) {
    if (!d.isDirectory() || !isEmptyFolder(path.join(abs, d.name))) return false;
  }
  return true;
}

export function describeExclusion(why: string): string {
  switch (why) {
    case 'gitignore':
      return 'ignored by .gitignore';
    case 'kiroignore':
      return 'ignored by .kiroignore';
    case 'built-in':
      return 'in the built-in exclude list';
    case 'setting':
      return 'excluded by the checkpoints.exclude setting';
    default:
      return 'excluded';
  }
}

/** Paths a plan touches, for the confirmation and the result. */
export function plannedFiles(plan: RestorePlan): { path: string; status: 'added' | 'modified' | 'deleted' }[] {
  return [...plan.writes.map((w) => ({ path: w.path, status: w.status })), ...plan.deletes.map((d) => ({ path: d, status: 'deleted' as const }))].sort((a, b) =>
    a.path.localeCompare(b.path),
  );
}
