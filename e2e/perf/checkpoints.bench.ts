import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CheckpointStore } from '../../electron/checkpoints/checkpoint-store';
import { repoRoot } from '../fixtures/server';
import { scratchGit, syntheticWorkspace } from './checkpoints-workspace';
import { benchTemp, median, type Bench, type Figure } from './lib';

const ROUNDS = 7;
const settings = { exclude: [], maxFileSizeMB: 10 };
const session = { sessionId: 'bench', sessionKind: 'editor' as const };

/** Rewrites `count` files spread over the workspace and tells the store, as the host's writes and watcher would. */
async function changeFiles(root: string, files: string[], round: number, store: CheckpointStore | null, count = 5): Promise<string[]> {
  const picked = Array.from({ length: count }, (_, k) => files[(round * 7919 + k * 104_729) % files.length]!);
  for (const rel of picked) {
    await writeFile(path.join(root, rel), `// round ${round}\nexport const changed = ${round};\n`);
    store?.dirty.add(rel);
  }
  return picked;
}

function firstInChild(root: string, dir: string): Promise<{ ms: number; peakMb: number; baselineMb: number; files: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'checkpoints-first.child.ts'), root, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`first snapshot child exited with ${code}`))));
  });
}

/** Our incremental snapshot after 5 changed files vs `git add -A && git commit -q` after the same change. */
async function incrementalRounds(root: string, files: string[], store: CheckpointStore, git: ReturnType<typeof scratchGit>) {
  const ours: number[] = [];
  const theirs: number[] = [];
  const ids: string[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await changeFiles(root, files, round, store);
    const t0 = performance.now();
    const { checkpoint } = await store.create({ ...session, reason: 'tool-call', label: `round ${round}` });
    ours.push(performance.now() - t0);
    ids.push(checkpoint.id);
    theirs.push(git.commit(`round ${round}`));
  }
  return { ours: median(ours), theirs: median(theirs), ids };
}

async function withTemp(prefix: string, body: (dir: string) => Promise<void>) {
  const dir = await benchTemp(prefix);
  try {
    await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Incremental snapshots at one workspace size (the figure that must stay flat as the workspace grows). */
function incrementalAt(label: string, count: number, avgBytes: number): Bench {
  return {
    ids: [`checkpoint.incremental.${label}`],
    run: (emit) =>
      withTemp(`cp-${label}`, async (tmp) => {
        const { root, files } = await syntheticWorkspace(path.join(tmp, 'ws'), count, avgBytes);
        const store = await CheckpointStore.open({ root, dir: path.join(tmp, 'data'), settings });
        await store.create({ ...session, reason: 'session-start', label: 'first' });
        const git = scratchGit(path.join(tmp, 'scratch.git'), root);
        git.commit('first');
        const { ours, theirs } = await incrementalRounds(root, files, store, git);
        emit({ id: `checkpoint.incremental.${label}`, value: ours, unit: 'ms', vs: { id: `git.incremental.${label}`, value: theirs, unit: 'ms' } });
      }),
  };
}

/** The 10,000-file, ~100 MB workspace: first snapshot (time, peak memory), incremental, restores, diff. */
const tenThousand: Bench = {
  ids: ['checkpoint.first.10k', 'checkpoint.first.10k.rss', 'checkpoint.incremental.10k', 'checkpoint.restore.5files', 'checkpoint.restore.full', 'checkpoint.diff'],
  run: (emit) =>
    withTemp('cp-10k', async (tmp) => {
      const { root, files } = await syntheticWorkspace(path.join(tmp, 'ws'), 10_000, 10_000);
      const dir = path.join(tmp, 'data');
      const git = scratchGit(path.join(tmp, 'scratch.git'), root);

      const first = await firstInChild(root, dir);
      const gitFirst = git.commit('first');
      emit({ id: 'checkpoint.first.10k', value: first.ms, unit: 'ms', vs: { id: 'git.first.10k', value: gitFirst, unit: 'ms' } });
      emit({ id: 'checkpoint.first.10k.rss', value: first.peakMb, unit: 'MB' });

      // The host process reopens the store: a stat-only verification (the stat index persisted).
      const store = await CheckpointStore.open({ root, dir, settings });
      await store.create({ ...session, reason: 'session-start', label: 'session start', force: true });

      const { ours, theirs, ids } = await incrementalRounds(root, files, store, git);
      emit({ id: 'checkpoint.incremental.10k', value: ours, unit: 'ms', vs: { id: 'git.incremental.10k', value: theirs, unit: 'ms' } });

      // Diff listing (with line counts) between two checkpoints five files apart, vs `git diff --numstat`.
      const diffOurs: number[] = [];
      const diffTheirs: number[] = [];
      const gitLog = git.run('log', '--format=%H', `-${ROUNDS + 1}`).trim().split('\n').reverse();
      for (let i = 1; i < ids.length; i++) {
        let t0 = performance.now();
        await store.diff(ids[i - 1]!, ids[i]!);
        diffOurs.push(performance.now() - t0);
        t0 = performance.now();
        git.run('diff', '--numstat', gitLog[i]!, gitLog[i + 1]!);
        diffTheirs.push(performance.now() - t0);
      }
      emit({ id: 'checkpoint.diff', value: median(diffOurs), unit: 'ms', vs: { id: 'git.diff', value: median(diffTheirs), unit: 'ms' } });

      // Restore of 5 changed files (the present is checkpointed first) vs commit + `git reset --hard HEAD~1`.
      const restoreOurs: number[] = [];
      const restoreTheirs: number[] = [];
      for (let round = 100; round < 100 + ROUNDS; round++) {
        const target = store.log.head!.checkpoint.id;
        await changeFiles(root, files, round, store);
        let t0 = performance.now();
        await store.restore(target, { ...session, reason: 'before-restore', label: 'before' });
        restoreOurs.push(performance.now() - t0);
        await changeFiles(root, files, round, null);
        t0 = performance.now();
        git.commit(`before ${round}`);
        git.run('reset', '-q', '--hard', 'HEAD~1');
        restoreTheirs.push(performance.now() - t0);
      }
      emit({ id: 'checkpoint.restore.5files', value: median(restoreOurs), unit: 'ms', vs: { id: 'git.restore.5files', value: median(restoreTheirs), unit: 'ms' } });

      // Full restore: every file gone, all 10,000 written back; vs `git reset --hard` doing the same.
      const target = store.log.head!.checkpoint.id;
      const wipe = async () => {
        for (const name of await readdir(root)) await rm(path.join(root, name), { recursive: true, force: true });
      };
      await wipe();
      store.dirty.add('packages', true); // what the watcher reports for a removed folder
      let t0 = performance.now();
      const full = await store.restore(target, { ...session, reason: 'before-restore', label: 'before full' });
      const fullMs = performance.now() - t0;
      if (full.applied.written.length !== files.length) throw new Error(`full restore wrote ${full.applied.written.length} of ${files.length} files`);
      await wipe();
      t0 = performance.now();
      git.run('reset', '-q', '--hard');
      emit({ id: 'checkpoint.restore.full', value: fullMs, unit: 'ms', vs: { id: 'git.restore.full', value: performance.now() - t0, unit: 'ms' } });
    }),
};

/** A real repository checkout, if there is one: this project's own tracked files. */
const realRepository: Bench = {
  ids: ['checkpoint.first.repo', 'checkpoint.incremental.repo'],
  async run(emit: (f: Figure) => void) {
    const listed = spawnSync('git', ['-C', repoRoot, 'ls-files', '-z'], { maxBuffer: 64 * 1024 * 1024 });
    if (listed.status !== 0) {
      console.log('checkpoint.*.repo: no git checkout found beside the bench; skipped.');
      return;
    }
    const tracked = listed.stdout.toString().split('\0').filter(Boolean);
    await withTemp('cp-repo', async (tmp) => {
      const root = path.join(tmp, 'ws');
      for (const rel of tracked) {
        await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
        await cp(path.join(repoRoot, rel), path.join(root, rel)).catch(() => {});
      }
      const files = tracked.filter((f) => /\.(ts|tsx|md|json)$/.test(f));
      const git = scratchGit(path.join(tmp, 'scratch.git'), root);
      const t0 = performance.now();
      const store = await CheckpointStore.open({ root, dir: path.join(tmp, 'data'), settings });
      await store.create({ ...session, reason: 'session-start', label: 'first' });
      const firstMs = performance.now() - t0;
      emit({ id: 'checkpoint.first.repo', value: firstMs, unit: 'ms', vs: { id: 'git.first.repo', value: git.commit('first'), unit: 'ms' } });
      const { ours, theirs } = await incrementalRounds(root, files, store, git);
      emit({ id: 'checkpoint.incremental.repo', value: ours, unit: 'ms', vs: { id: 'git.incremental.repo', value: theirs, unit: 'ms' } });
    });
  },
};

export const benches: Bench[] = [incrementalAt('1k', 1_000, 10_000), tenThousand, incrementalAt('50k', 50_000, 2_000), realRepository];
