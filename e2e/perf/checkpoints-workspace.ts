import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Deterministic pseudo-random numbers, so every run builds the same workspace. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = ['const', 'value', 'return', 'export', 'function', 'import', 'from', 'await', 'result', 'items', 'index', 'string', 'number', 'if', 'else', 'for', 'of', 'new', 'Map', 'set'];

/** Source-like text of about `bytes` bytes (compresses like code does, not like a run of one letter). */
function sourceText(random: () => number, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const n = 3 + Math.floor(random() * 9);
    const line = `${'  '.repeat(Math.floor(random() * 4))}${Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ')};`;
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n') + '\n';
}

export interface SyntheticWorkspace {
  root: string;
  files: string[];
}

/**
 * `count` files of about `avgBytes` each in nested folders (10 packages × 20 modules × up to
 * 25 subfolders), like a monorepo's source tree.
 */
export async function syntheticWorkspace(root: string, count: number, avgBytes: number): Promise<SyntheticWorkspace> {
  const random = prng(count);
  const files: string[] = [];
  const dirs = new Set<string>();
  for (let i = 0; i < count; i++) {
    const rel = `packages/pkg${i % 10}/src/mod${Math.floor(i / 10) % 20}/part${Math.floor(i / 200) % 25}/file${i}.ts`;
    const dir = path.dirname(path.join(root, rel));
    if (!dirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      dirs.add(dir);
    }
    await writeFile(path.join(root, rel), sourceText(random, Math.round(avgBytes * (0.5 + random()))));
    files.push(rel);
  }
  return { root, files };
}

/** Native git on the same files, in a scratch repository outside the workspace (the yardstick). */
export function scratchGit(gitDir: string, workTree: string) {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_SYSTEM: '/dev/null', GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'b@b' };
  const run = (...args: string[]) => {
    const r = spawnSync('git', ['--git-dir', gitDir, '--work-tree', workTree, '-c', 'gc.auto=0', ...args], { env, maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.toString();
  };
  spawnSync('git', ['init', '-q', '--bare', gitDir], { env });
  return {
    run,
    /** `git add -A && git commit -q`, the snapshot git users take; returns the milliseconds it took. */
    commit(message: string): number {
      const t0 = performance.now();
      run('add', '-A');
      run('commit', '-q', '--allow-empty', '-m', message);
      return performance.now() - t0;
    },
  };
}
