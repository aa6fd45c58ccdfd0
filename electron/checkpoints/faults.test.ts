import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRpcError } from '../../shared/rpc/errors';
import { CheckpointStore } from './checkpoint-store';
import { StoreDamagedError } from './shadow-repo';
import { diskState, editorInput, exactState, fsckShadow, openStore, tempDir } from './test-support';

let ws: { dir: string; cleanup: () => Promise<void> };
let data: { dir: string; cleanup: () => Promise<void> };
const write = (rel: string, content: string | Uint8Array) => {
  mkdirSync(path.dirname(path.join(ws.dir, rel)), { recursive: true });
  writeFileSync(path.join(ws.dir, rel), content);
};

beforeEach(async () => {
  ws = await tempDir('sw-cp-fault-ws-');
  data = await tempDir('sw-cp-fault-data-');
  write('a.txt', 'a\n');
  write('src/b.ts', 'b\n');
});
afterEach(async () => {
  spawnSync('chattr', ['-R', '-i', ws.dir], { stdio: 'ignore' });
  await ws.cleanup();
  await data.cleanup();
});

/** Every object every listed checkpoint needs is present and intact (reading checks each id). */
async function assertComplete(store: CheckpointStore) {
  for (const c of store.log.checkpoints()) {
    const stack = [store.log.get(c.id)!.tree].filter((t): t is string => !!t);
    while (stack.length) {
      for (const item of await store.repo.readTree(stack.pop()!)) {
        if (item.mode === '040000') stack.push(item.oid);
        else await store.repo.readBlob(item.oid);
      }
    }
  }
}

describe('a process killed in the middle of a snapshot', () => {
  function startLoop(): { child: ChildProcess; lines: string[] } {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures', 'snapshot-loop.ts'), ws.dir, data.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    child.stdout!.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)));
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') lines.push(`exited ${code}: ${err}`);
    });
    return { child, lines };
  }

  async function killWhen(child: ChildProcess, ready: () => boolean) {
    const start = Date.now();
    while (!ready()) {
      if (Date.now() - start > 60_000) throw new Error('the snapshot process never got there');
      if (child.exitCode !== null) throw new Error('the snapshot process exited by itself');
      await new Promise((r) => setTimeout(r, 5));
    }
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  const objectCount = () => {
    const objects = path.join(data.dir, 'checkpoints', 'shadow.git', 'objects');
    if (!existsSync(objects)) return 0;
    return readdirSync(objects)
      .filter((d) => d.length === 2)
      .reduce((n, d) => n + readdirSync(path.join(objects, d)).length, 0);
  };

  it('leaves a store whose next snapshot succeeds and where no checkpoint points to a missing object', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 1500; i++) write(`many/d${i % 30}/f${i}.txt`, `file ${i}\n${'y'.repeat(i % 700)}`);
    mkdirSync(path.join(ws.dir, 'loop'));

    // First kill: during the first snapshot (objects being written, no commit yet).
    const first = startLoop();
    await killWhen(first.child, () => objectCount() > 300);
    expect(first.lines.filter((l) => l.startsWith('created'))).toEqual([]);

    // Then several kills at different moments of incremental snapshots.
    for (const after of [1, 3, 6]) {
      const run = startLoop();
      await killWhen(run.child, () => run.lines.filter((l) => l.startsWith('created')).length >= after);
    }

    const store = await openStore(ws.dir, data.dir);
    expect(store.log.size).toBeGreaterThan(0);
    await assertComplete(store);
    expect(fsckShadow(store.repo.gitdir)).toBe('');
    // The store goes on: a new snapshot and a restore to the newest checkpoint both work.
    write('after-the-crash.txt', 'new');
    const next = await store.create(editorInput('after the crash', { sessionId: 'after' }));
    expect(next.created).toBe(true);
    const target = store.log.checkpoints().find((c) => c.sessionId === 'loop')!;
    await store.restore(target.id, editorInput('before', { reason: 'before-restore' }));
    expect(existsSync(path.join(ws.dir, 'after-the-crash.txt'))).toBe(false);
    expect(fsckShadow(store.repo.gitdir)).toBe('');
  });
});

describe('a workspace that vanishes', () => {
  it('gets a clear error from snapshots and restores, and nothing is recreated', async () => {
    const store = await openStore(ws.dir, data.dir);
    const first = await store.create(editorInput('first'));
    await ws.cleanup();
    const error = await store.create(editorInput('second')).catch((e: unknown) => e);
    expect(isRpcError(error, 'NOT_FOUND')).toBe(true);
    expect((error as Error).message).toMatch(/no longer exists .* no checkpoint was made/);
    const restoreError = await store.restore(first.checkpoint.id, editorInput('b', { reason: 'before-restore' })).catch((e: unknown) => e);
    expect(isRpcError(restoreError, 'NOT_FOUND')).toBe(true);
    expect(existsSync(ws.dir)).toBe(false);
    expect(store.log.size).toBe(1);
  });
});

describe('a read-only file', () => {
  it('is snapshotted like any other file', async () => {
    chmodSync(path.join(ws.dir, 'a.txt'), 0o444);
    const store = await openStore(ws.dir, data.dir);
    const { checkpoint } = await store.create(editorInput('first'));
    expect(checkpoint.files.map((f) => f.path)).toContain('a.txt');
  });

  it('stops a revert before anything changes, naming the file', async () => {
    const store = await openStore(ws.dir, data.dir);
    const first = await store.create(editorInput('first'));
    write('a.txt', 'changed\n');
    write('src/b.ts', 'changed too\n');
    write('new.txt', 'new\n');
    chmodSync(path.join(ws.dir, 'a.txt'), 0o444);
    store.dirty.markFull();
    const beforeState = exactState(ws.dir);
    const error = await store.restore(first.checkpoint.id, editorInput('b', { reason: 'before-restore' })).catch((e: unknown) => e);
    expect(isRpcError(error, 'PERMISSION_DENIED')).toBe(true);
    expect((error as Error).message).toBe("Cannot revert: 'a.txt' is read-only. Nothing was changed. Make it writable and try again.");
    expect(exactState(ws.dir)).toEqual(beforeState);
    expect(store.log.size).toBe(1); // no "before" checkpoint for a revert that did not happen
  });

  it('that cannot be replaced at all (immutable) stops the revert part-way with an exact account, and the state before is saved', async (ctx) => {
    if (spawnSync('chattr', ['+i', path.join(ws.dir, 'src/b.ts')]).status !== 0) {
      console.log('Skipped: chattr +i is not permitted here (needs CAP_LINUX_IMMUTABLE); the read-only case above covers the preflight.');
      ctx.skip();
    }
    spawnSync('chattr', ['-i', path.join(ws.dir, 'src/b.ts')]);
    const store = await openStore(ws.dir, data.dir);
    const first = await store.create(editorInput('first'));
    write('a.txt', 'changed\n');
    write('src/b.ts', 'changed\n');
    store.dirty.markFull();
    spawnSync('chattr', ['+i', path.join(ws.dir, 'src/b.ts')]);
    const error = await store.restore(first.checkpoint.id, editorInput('b', { reason: 'before-restore' })).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^The revert stopped at 'src\/b\.ts': .*1 of 2 files were already restored; the state before the revert is saved/);
    expect(readFileSync(path.join(ws.dir, 'a.txt'), 'utf8')).toBe('a\n');
    // The saved state brings everything back.
    const before = store.log.checkpoints()[0]!;
    expect(before.reason).toBe('before-restore');
    spawnSync('chattr', ['-i', path.join(ws.dir, 'src/b.ts')]);
    store.dirty.markFull();
    await store.restore(before.id, editorInput('undo', { reason: 'before-restore' }));
    expect(readFileSync(path.join(ws.dir, 'a.txt'), 'utf8')).toBe('changed\n');
  });
});

describe('a file or folder the snapshot may not read', () => {
  it('keeps its previous version, says so, and the snapshot goes on', { timeout: 60_000 }, async (ctx) => {
    // Root reads everything: only another user meets "permission denied", so the snapshot runs as nobody.
    if (process.getuid?.() !== 0 || spawnSync('setpriv', ['--version']).status !== 0) {
      console.log('Skipped: needs root and setpriv to run the snapshot as an unprivileged user.');
      ctx.skip();
    }
    chmodSync(ws.dir, 0o777);
    chmodSync(data.dir, 0o777);
    rmSync(path.join(ws.dir, 'a.txt'));
    rmSync(path.join(ws.dir, 'src'), { recursive: true });
    const child = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', path.join(import.meta.dirname, 'fixtures', 'unreadable.ts'), ws.dir, data.dir], {
      cwd: path.resolve(import.meta.dirname, '..', '..'),
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    const result = JSON.parse(child.stdout);
    expect(result.skipped).toEqual([
      { path: 'private/', why: 'unreadable', detail: 'permission denied' },
      { path: 'secret.txt', why: 'unreadable', detail: 'permission denied' },
    ]);
    expect(result.warnings).toEqual([
      "'private/' could not be read (permission denied); the checkpoint keeps its previous contents.",
      "'secret.txt' could not be read (permission denied); the checkpoint keeps its previous version.",
    ]);
    expect(result.files).toEqual([{ path: 'open.txt', status: 'modified' }]); // neither is recorded as deleted
    expect([result.secretKept, result.privateKept]).toEqual([true, true]);
  });
});

describe('a file changing during the snapshot', () => {
  /**
   * Another process rewrites a 4 MB file in place, over and over, each version one repeated
   * byte (1, 2, 3, …). A file in the middle of such a rewrite has no "right" version, but at
   * every instant it holds a prefix of the version being written and the rest of the one
   * before: two runs of adjacent versions, newer first. A reader racing the writer would
   * see more (three versions, or older bytes before newer ones). So the snapshot must
   * complete, and record either such a state or — with a warning — the previous version.
   */
  function isInstantState(bytes: Buffer): boolean {
    const first = bytes[0]!;
    let i = 0;
    while (i < bytes.length && bytes[i] === first) i++;
    if (i === bytes.length) return true;
    const second = bytes[i]!;
    if (second !== (first === 1 ? 250 : first - 1)) return false;
    while (i < bytes.length && bytes[i] === second) i++;
    return i === bytes.length;
  }

  it('is recorded as a state the file really had, or kept at its previous version with a warning — never a mix', { timeout: 60_000 }, async () => {
    const size = 4 * 1024 * 1024;
    write('busy.bin', Buffer.alloc(size, 1));
    const store = await openStore(ws.dir, data.dir);
    const first = await store.create(editorInput('first'));
    const { findEntry } = await import('./tree-lookup');
    const firstBlob = (await findEntry(store.repo, store.log.get(first.checkpoint.id)!.tree, 'busy.bin'))!.oid;
    const writer = spawn(
      process.execPath,
      ['-e', `const fs=require('fs');const f=fs.openSync(process.argv[1],'r+');for(let i=1;;i++)fs.writeSync(f,Buffer.alloc(${size},i%250+1),0,${size},0);`, path.join(ws.dir, 'busy.bin')],
      { stdio: 'ignore' },
    );
    try {
      await new Promise((r) => setTimeout(r, 100));
      const outcomes: string[] = [];
      for (let i = 0; i < 8; i++) {
        store.dirty.add('busy.bin');
        store.dirty.add('a.txt');
        write('a.txt', `round ${i}\n`);
        const { checkpoint } = await store.create(editorInput(`round ${i}`));
        const entry = await findEntry(store.repo, store.log.get(checkpoint.id)!.tree, 'busy.bin');
        const warned = checkpoint.warnings.some((w) => w.startsWith("'busy.bin' could not be read (it kept changing while being read") && w.endsWith('the checkpoint keeps its previous version.'));
        if (warned) {
          expect(checkpoint.skipped).toContainEqual({ path: 'busy.bin', why: 'unstable', detail: expect.stringContaining('kept changing') });
          outcomes.push('kept previous');
        } else {
          expect(isInstantState(Buffer.from(await store.repo.readBlob(entry!.oid)))).toBe(true);
          outcomes.push(entry!.oid === firstBlob ? 'unchanged' : 'one state');
        }
      }
      console.log(`a file rewritten during 8 snapshots: ${outcomes.join(', ')}`);
    } finally {
      writer.kill('SIGKILL');
    }
  });
});

describe('a damaged shadow repository', () => {
  async function damagedStore() {
    const store = await openStore(ws.dir, data.dir);
    const { checkpoint } = await store.create(editorInput('first'));
    return { store, checkpoint, tree: store.log.get(checkpoint.id)!.tree! };
  }

  it('a missing blob: the restore fails before touching the workspace, with a clear error', async () => {
    const { store, checkpoint } = await damagedStore();
    const { findEntry } = await import('./tree-lookup');
    const blob = (await findEntry(store.repo, store.log.get(checkpoint.id)!.tree, 'a.txt'))!.oid;
    rmSync(store.repo.objectPath(blob));
    store.repo.forgetKnownObjects();
    write('a.txt', 'changed\n');
    store.dirty.markFull();
    const before = exactState(ws.dir);
    const error = await store.restore(checkpoint.id, editorInput('b', { reason: 'before-restore' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreDamagedError);
    expect((error as Error).message).toBe(`The checkpoint store is damaged: blob ${blob} is missing.`);
    expect(exactState(ws.dir)).toEqual(before);
  });

  it('a blob whose bytes do not match its id is not trusted either', async () => {
    const { store, checkpoint } = await damagedStore();
    const { findEntry } = await import('./tree-lookup');
    const blob = (await findEntry(store.repo, store.log.get(checkpoint.id)!.tree, 'src/b.ts'))!.oid;
    writeFileSync(store.repo.objectPath(blob), deflateSync(Buffer.from('blob 2\0x\n')));
    write('src/b.ts', 'changed\n');
    store.dirty.markFull();
    const error = await store.restore(checkpoint.id, editorInput('b', { reason: 'before-restore' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreDamagedError);
    expect((error as Error).message).toBe(`The checkpoint store is damaged: blob ${blob} is corrupt (its bytes do not match its id).`);
    expect(readFileSync(path.join(ws.dir, 'src/b.ts'), 'utf8')).toBe('changed\n');
  });

  it('a missing tree is found by the next snapshot instead of being built upon', async () => {
    const { store, tree } = await damagedStore();
    rmSync(store.repo.objectPath(tree));
    store.repo.forgetKnownObjects(); // as a fresh process would: nothing cached
    write('a.txt', 'changed\n');
    store.dirty.add('a.txt');
    await expect(store.create(editorInput('next'))).rejects.toThrow(`The checkpoint store is damaged: tree ${tree} is missing.`);
    expect(store.log.size).toBe(1);
  });

  it('a corrupt commit makes the store refuse to open (the service then moves it aside)', async () => {
    const { store, checkpoint } = await damagedStore();
    writeFileSync(store.repo.objectPath(checkpoint.id), Buffer.from('garbage, not zlib'));
    await expect(openStore(ws.dir, data.dir)).rejects.toBeInstanceOf(StoreDamagedError);
  });

  it('the half-written files a killed process leaves are cleared and never reused', async () => {
    const { store } = await damagedStore();
    // What a crash mid-write leaves: temporary files, never an object or ref under its final name.
    const objectLeftover = `${store.repo.objectPath('ab'.repeat(20))}.tmp-0badf00d`;
    mkdirSync(path.dirname(objectLeftover), { recursive: true });
    writeFileSync(objectLeftover, Buffer.from([0x78, 0x01]));
    const tmp = path.join(store.repo.gitdir, 'specwright-tmp');
    mkdirSync(tmp, { recursive: true });
    const fd = openSync(path.join(tmp, 'deadbeef'), 'w');
    writeSync(fd, Buffer.from('half a ref'));
    closeSync(fd);
    const reopened = await openStore(ws.dir, data.dir);
    expect(existsSync(tmp)).toBe(false);
    expect(existsSync(objectLeftover)).toBe(false);
    write('c.txt', 'c');
    reopened.dirty.add('c.txt');
    await reopened.create(editorInput('next'));
    expect(fsckShadow(reopened.repo.gitdir)).toBe('');
    expect(diskState(ws.dir).has('c.txt')).toBe(true);
  });
});
