import type { ShadowRepo, TreeItem } from './shadow-repo';

/** The entry at `rel` in the tree `root` (null: not there), reading only the trees on its path. */
export async function findEntry(repo: ShadowRepo, root: string | null, rel: string): Promise<TreeItem | null> {
  if (!root) return null;
  let tree = root;
  const parts = rel.split('/');
  for (let i = 0; i < parts.length; i++) {
    const item = (await repo.readTree(tree)).find((e) => e.name === parts[i]);
    if (!item) return null;
    if (i === parts.length - 1) return item;
    if (item.mode !== '040000') return null;
    tree = item.oid;
  }
  return null;
}
