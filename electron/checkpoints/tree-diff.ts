import type { FileStatus } from '../../shared/contract/checkpoints';
import type { ShadowRepo, TreeItem } from './shadow-repo';

export interface TreeChange {
  path: string;
  status: FileStatus;
  /** The entry before (absent for 'added') and after (absent for 'deleted'). */
  before?: TreeItem;
  after?: TreeItem;
}

const isTree = (i: TreeItem | undefined): i is TreeItem => i?.mode === '040000';

/** A name a tree may hold: one path segment, never a way out of the workspace. */
function checkName(name: string): void {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    throw new Error(`The checkpoint store holds an invalid file name '${name}'.`);
  }
}

/**
 * The files that differ between two root trees (null = empty), in path order. Subtrees
 * with equal ids are skipped without being read, so the cost follows the change, not the
 * size of the workspace. `under` limits the walk to one path and what is below it.
 */
export async function diffTrees(repo: ShadowRepo, a: string | null, b: string | null, options: { under?: string; onChange?: (c: TreeChange) => void } = {}): Promise<TreeChange[]> {
  const out: TreeChange[] = [];
  const emit = options.onChange ?? ((c: TreeChange) => void out.push(c));
  const under = options.under?.split('/').filter(Boolean) ?? [];

  async function walk(ta: string | null, tb: string | null, prefix: string, depth: number): Promise<void> {
    if (ta === tb) return;
    const ea = ta ? await repo.readTree(ta) : [];
    const eb = tb ? await repo.readTree(tb) : [];
    const byName = new Map<string, [TreeItem | undefined, TreeItem | undefined]>();
    for (const e of ea) byName.set(e.name, [e, undefined]);
    for (const e of eb) byName.set(e.name, [byName.get(e.name)?.[0], e]);
    const names = [...byName.keys()].sort();
    for (const name of names) {
      checkName(name);
      if (depth < under.length && name !== under[depth]) continue;
      const [x, y] = byName.get(name)!;
      if (x && y && x.oid === y.oid && x.mode === y.mode) continue;
      const rel = prefix ? `${prefix}/${name}` : name;
      // A folder on either side is walked; a file on either side is compared.
      const subA = isTree(x) ? x.oid : null;
      const subB = isTree(y) ? y.oid : null;
      if (subA || subB) await walk(subA, subB, rel, depth + 1);
      const fileA = x && !isTree(x) ? x : undefined;
      const fileB = y && !isTree(y) ? y : undefined;
      if (depth + 1 < under.length) continue; // a file above the requested path
      if (fileA && fileB) emit({ path: rel, status: 'modified', before: fileA, after: fileB });
      else if (fileA) emit({ path: rel, status: 'deleted', before: fileA });
      else if (fileB) emit({ path: rel, status: 'added', after: fileB });
    }
  }

  await walk(a, b, '', 0);
  return out;
}
