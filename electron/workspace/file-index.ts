import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { IgnoreRules } from './ignore-rules';
import { isHiddenName } from './files';

export interface FileListing {
  files: string[];
  truncated: boolean;
}

/**
 * Every file of the workspace that is not ignored, for quick open: breadth-first so that
 * a truncated listing still has the files nearest the root.
 */
export async function listWorkspaceFiles(root: string, ignore: IgnoreRules, limit = 100_000): Promise<FileListing> {
  const files: string[] = [];
  let queue: string[] = [''];
  while (queue.length) {
    const next: string[] = [];
    for (const dir of queue) {
      let dirents;
      try {
        dirents = await readdir(dir === '' ? root : path.join(root, dir), { withFileTypes: true });
      } catch {
        continue; // unreadable folder: skip it, keep the rest
      }
      for (const d of dirents) {
        if (isHiddenName(d.name) || d.name === 'node_modules') continue;
        const rel = dir === '' ? d.name : `${dir}/${d.name}`;
        const isDir = d.isDirectory();
        if (ignore.isIgnored(rel, isDir)) continue;
        if (isDir) next.push(rel);
        else if (d.isFile() || d.isSymbolicLink()) {
          files.push(rel);
          if (files.length >= limit) return { files, truncated: true };
        }
      }
    }
    queue = next;
  }
  return { files, truncated: false };
}
