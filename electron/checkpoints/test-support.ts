import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CheckpointStore, type CreateInput } from './checkpoint-store';

/** A real temporary folder, removed by the returned function. */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), prefix)));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function openStore(root: string, dataDir: string, settings: { exclude?: string[]; maxFileSizeMB?: number } = {}) {
  return CheckpointStore.open({ root, dir: path.join(dataDir, 'checkpoints'), settings: { exclude: settings.exclude ?? [], maxFileSizeMB: settings.maxFileSizeMB ?? 10 } });
}

export const editorInput = (label: string, extra: Partial<CreateInput> = {}): CreateInput => ({
  reason: 'manual',
  label,
  sessionId: 'test-session',
  sessionKind: 'editor',
  ...extra,
});

export interface DiskEntry {
  kind: 'file' | 'link';
  sha: string;
  exec: boolean;
}

/**
 * What is on disk under `root`, for comparisons: every file's bytes (hashed), its
 * executable bit, and links' targets. `.git` folders are left out unless asked for;
 * `skip` leaves out more (excluded paths a test does not compare).
 */
export function diskState(root: string, options: { includeGit?: boolean; skip?: (rel: string) => boolean; dirs?: boolean } = {}): Map<string, DiskEntry | 'dir'> {
  const out = new Map<string, DiskEntry | 'dir'>();
  const walk = (rel: string) => {
    const abs = rel ? path.join(root, rel) : root;
    for (const name of readdirSync(abs).sort()) {
      if (name === '.git' && !options.includeGit) continue;
      const childRel = rel ? `${rel}/${name}` : name;
      if (options.skip?.(childRel)) continue;
      const st = lstatSync(path.join(abs, name));
      if (st.isDirectory()) {
        if (options.dirs) out.set(childRel, 'dir');
        walk(childRel);
      } else if (st.isSymbolicLink()) {
        out.set(childRel, { kind: 'link', sha: readlinkSync(path.join(abs, name)), exec: false });
      } else {
        out.set(childRel, { kind: 'file', sha: createHash('sha1').update(readFileSync(path.join(abs, name))).digest('hex'), exec: (st.mode & 0o100) !== 0 });
      }
    }
  };
  walk('');
  return out;
}

/** Every file under a folder with its bytes, mode and timestamps: proof that nothing in it changed. */
export function exactState(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    const abs = rel ? path.join(root, rel) : root;
    for (const name of readdirSync(abs).sort()) {
      const childRel = rel ? `${rel}/${name}` : name;
      const st = lstatSync(path.join(abs, name));
      if (st.isDirectory()) {
        out[`${childRel}/`] = `dir ${st.mode.toString(8)} ${st.mtimeMs}`;
        walk(childRel);
      } else {
        const sha = st.isSymbolicLink() ? readlinkSync(path.join(abs, name)) : createHash('sha1').update(readFileSync(path.join(abs, name))).digest('hex');
        out[childRel] = `${sha} ${st.mode.toString(8)} ${st.size} ${st.mtimeMs} ${st.ino}`;
      }
    }
  };
  walk('');
  return out;
}

/** The real git CLI, isolated from the machine's configuration. */
export function gitCli(args: string[], cwd: string, input?: string): string {
  return execFileSync('git', ['-c', 'core.excludesFile=/dev/null', '-c', 'core.fileMode=true', '-c', 'core.symlinks=true', '-c', 'core.autocrlf=false', ...args], {
    cwd,
    input,
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_SYSTEM: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
    maxBuffer: 256 * 1024 * 1024,
  }).toString();
}

/** Runs `git fsck` on a shadow repository: no missing or broken object reachable from any ref. */
export function fsckShadow(gitdir: string): string {
  return execFileSync('git', ['--git-dir', gitdir, 'fsck', '--strict', '--no-dangling'], { env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } }).toString();
}
