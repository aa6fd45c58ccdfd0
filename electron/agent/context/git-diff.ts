import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { truncateMiddle } from '../../../shared/agent/fit';
import type { ContextProvider } from './registry';
import { loadIsomorphicGit } from '../../git/load-isomorphic-git';

const MAX_FILES = 60;
const MAX_FILE_BYTES = 512 * 1024;

const isBinary = (b: Uint8Array) => b.subarray(0, 8000).includes(0);

/**
 * The working-tree changes of the person's own repository against HEAD, as unified diffs.
 * Read-only: isomorphic-git reads `.git` and the files; nothing is written, no index is
 * touched. A workspace inside a larger repository shows the changes under it.
 */
export async function workingTreeDiff(root: string): Promise<{ files: string[]; text: string; more: number } | null> {
  const git = await loadIsomorphicGit();
  let dir: string;
  try {
    dir = await git.findRoot({ fs, filepath: root });
  } catch {
    return null;
  }
  const under = path.relative(dir, root).split(path.sep).join('/');
  const matrix = await git.statusMatrix({ fs, dir, ...(under ? { filepaths: [under] } : {}) });
  let head: string | null = null;
  try {
    head = await git.resolveRef({ fs, dir, ref: 'HEAD' });
  } catch {
    // a repository without commits: everything is new
  }
  // [file, HEAD, WORKDIR, STAGE]: HEAD 0 absent / 1 present; WORKDIR 0 absent / 1 same as HEAD / 2 different.
  const changed = matrix.filter(([, h, w]) => !(h === 1 && w === 1) && !(h === 0 && w === 0));
  const patches: string[] = [];
  const files: string[] = [];
  for (const [file, h, w] of changed.slice(0, MAX_FILES)) {
    let before = '';
    let after = '';
    let binary = false;
    if (h === 1 && head) {
      const { blob } = await git.readBlob({ fs, dir, oid: head, filepath: file });
      if (isBinary(blob) || blob.length > MAX_FILE_BYTES) binary = true;
      else before = new TextDecoder().decode(blob);
    }
    if (w !== 0) {
      const bytes = await readFile(path.join(dir, file));
      if (isBinary(bytes) || bytes.length > MAX_FILE_BYTES) binary = true;
      else after = bytes.toString('utf8');
    }
    const rel = under ? file.slice(under.length + 1) : file;
    files.push(rel);
    if (binary) {
      patches.push(`diff --git a/${rel} b/${rel}\n(binary or large file ${h === 0 ? 'added' : w === 0 ? 'deleted' : 'changed'})`);
      continue;
    }
    patches.push(createTwoFilesPatch(h === 0 ? '/dev/null' : `a/${rel}`, w === 0 ? '/dev/null' : `b/${rel}`, before, after, '', '', { context: 3 }).replace(/^=+\n/m, ''));
  }
  return { files, text: patches.join('\n'), more: Math.max(0, changed.length - MAX_FILES) };
}

export const gitDiffProvider: ContextProvider = {
  id: 'git-diff',
  label: 'git diff',
  description: 'Uncommitted changes of the workspace\'s git repository (working tree against HEAD)',
  argument: 'none',
  async resolve(_ref, env) {
    const d = await workingTreeDiff(env.ws.root);
    if (!d) throw new Error('This folder is not in a git repository.');
    if (!d.files.length) return { title: 'git diff (no changes)', text: 'The working tree has no changes against HEAD.' };
    const t = truncateMiddle(d.text, 120_000, 'of the diff');
    const more = d.more ? `\n\n[${d.more} more changed files are not shown.]` : '';
    return { title: `git diff (${d.files.length + d.more} files)`, text: `\`\`\`diff\n${t.text}\n\`\`\`${more}`, files: d.files };
  },
};
