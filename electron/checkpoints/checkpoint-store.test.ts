import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckpointStore } from './checkpoint-store';
import { diskState, editorInput, fsckShadow, openStore, tempDir } from './test-support';

let ws: { dir: string; cleanup: () => Promise<void> };
let data: { dir: string; cleanup: () => Promise<void> };
let store: CheckpointStore;

const write = (rel: string, content: string | Uint8Array) => {
  mkdirSync(path.dirname(path.join(ws.dir, rel)), { recursive: true });
  writeFileSync(path.join(ws.dir, rel), content);
};
const read = (rel: string) => readFileSync(path.join(ws.dir, rel));
const before = (label: string) => editorInput(label, { reason: 'before-restore' });

beforeEach(async () => {
  ws = await tempDir('sw-cp-ws-');
  data = await tempDir('sw-cp-data-');
  write('README.md', '# Project\n');
  write('src/app.ts', 'export const a = 1;\n');
  write('src/util/math.ts', 'export const add = (a: number, b: number) => a + b;\n');
  store = await openStore(ws.dir, data.dir);
});

afterEach(async () => {
  await ws.cleanup();
  await data.cleanup();
});

describe('snapshots', () => {
  it('lists every file of the first snapshot as added, and what changed since the previous one after that', async () => {
    const first = await store.create(editorInput('first'));
    expect(first.created).toBe(true);
    expect(first.checkpoint.counts).toEqual({ added: 3, modified: 0, deleted: 0 });
    expect(first.checkpoint.files.map((f) => f.path)).toEqual(['README.md', 'src/app.ts', 'src/util/math.ts']);

    write('src/app.ts', 'export const a = 2;\n');
    write('docs/new guide ünïcode.md', 'hello\n');
    rmSync(path.join(ws.dir, 'README.md'));
    store.dirty.add('src/app.ts');
    store.dirty.add('docs', true);
    store.dirty.add('README.md');
    const second = await store.create(editorInput('second'));
    expect(second.checkpoint.files).toEqual([
      { path: 'README.md', status: 'deleted' },
      { path: 'docs/new guide ünïcode.md', status: 'added' },
      { path: 'src/app.ts', status: 'modified' },
    ]);
    expect(second.checkpoint.seq).toBe(2);
  });

  it('stores no checkpoint when nothing changed: the previous one comes back', async () => {
    const first = await store.create(editorInput('first'));
    store.dirty.add('src/app.ts'); // reported, but the bytes are the same
    const again = await store.create(editorInput('again'));
    expect(again.created).toBe(false);
    expect(again.checkpoint.id).toBe(first.checkpoint.id);
    expect(store.log.size).toBe(1);
  });

  it('an incremental snapshot gives exactly the tree a full scan gives', async () => {
    await store.create(editorInput('first'));
    write('src/util/math.ts', 'changed\n');
    write('src/deep/er/still/x.txt', 'x');
    store.dirty.add('src/util/math.ts');
    store.dirty.add('src/deep', true);
    const incremental = await store.buildPresent();
    store.dirty.markFull();
    const full = await store.buildPresent();
    expect(incremental.tree).toBe(full.tree);
  });

  it('records files it leaves out and why: built-in list, .kiroignore, the size limit, a setting; .gitignore quietly, like git', async () => {
    write('node_modules/lib/index.js', 'module.exports = 1;\n');
    write('.kiroignore', 'secrets/\n');
    write('secrets/key.txt', 'k');
    write('.gitignore', '*.log\n');
    write('debug.log', 'log');
    write('big.bin', Buffer.alloc(2 * 1024 * 1024, 1));
    write('scratch/tmp.txt', 't');
    await store.create(editorInput('warm-up'));
    const custom = await openStore(ws.dir, data.dir, { maxFileSizeMB: 1, exclude: ['scratch/'] });
    const { checkpoint } = await custom.create(editorInput('with exclusions', { force: true, sessionId: 's2' }));
    const skipped = Object.fromEntries(checkpoint.skipped.map((s) => [s.path, s.why]));
    expect(skipped).toEqual({ 'node_modules/': 'built-in', 'secrets/': 'kiroignore', 'big.bin': 'too-large', 'scratch/': 'setting' });
    const tracked = await custom.diff(checkpoint.id, checkpoint.id);
    expect(tracked).toEqual([]);
    const everything = (await custom.buildPresent()).tree;
    const { diffTrees } = await import('./tree-diff');
    const paths = (await diffTrees(custom.repo, null, everything)).map((c) => c.path);
    expect(paths).toEqual(['.gitignore', '.kiroignore', 'README.md', 'src/app.ts', 'src/util/math.ts']);
  });

  it('skips nested .git folders without renaming or touching them', async () => {
    write('vendor/lib/.git/HEAD', 'ref: refs/heads/main\n');
    write('vendor/lib/code.js', 'x');
    const { checkpoint } = await store.create(editorInput('nested'));
    expect(checkpoint.files.map((f) => f.path)).toContain('vendor/lib/code.js');
    expect(checkpoint.files.map((f) => f.path).some((p) => p.includes('.git/'))).toBe(false);
    expect(read('vendor/lib/.git/HEAD').toString()).toBe('ref: refs/heads/main\n');
  });

  it('never snapshots its own data folder when that lies inside the workspace', async () => {
    const inner = path.join(ws.dir, '.specwright-data');
    const own = await (await import('./checkpoint-store')).CheckpointStore.open({ root: ws.dir, dir: path.join(inner, 'checkpoints'), settings: { exclude: [], maxFileSizeMB: 10 }, privateDirs: [inner] });
    await own.create(editorInput('one'));
    write('src/app.ts', 'second\n');
    own.dirty.markFull();
    const { checkpoint } = await own.create(editorInput('two'));
    expect(checkpoint.files).toEqual([{ path: 'src/app.ts', status: 'modified' }]);
  });

  it('skips pipes and sockets instead of hanging on them', async () => {
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(ws.dir, 'a-pipe')]);
    const { checkpoint } = await store.create(editorInput('with a pipe'));
    expect(checkpoint.skipped).toContainEqual({ path: 'a-pipe', why: 'special', detail: expect.stringContaining('not a regular file') });
  });
});

describe('restore', () => {
  it('brings back exact bytes and modes: empty, binary, executable, symlink, spaces and non-ASCII names; removes later files and the folders they emptied', async () => {
    write('empty.txt', '');
    write('image.bin', Buffer.from([0, 1, 2, 255, 0, 10, 13]));
    write('run me.sh', '#!/bin/sh\necho hi\n');
    chmodSync(path.join(ws.dir, 'run me.sh'), 0o755);
    write('naïve/日本語.txt', 'こんにちは\n');
    symlinkSync('src/app.ts', path.join(ws.dir, 'link-to-app'));
    const original = diskState(ws.dir);
    const first = await store.create(editorInput('first'));

    write('empty.txt', 'no longer empty');
    write('image.bin', Buffer.from([9, 9, 9]));
    chmodSync(path.join(ws.dir, 'run me.sh'), 0o644);
    chmodSync(path.join(ws.dir, 'src/app.ts'), 0o755);
    rmSync(path.join(ws.dir, 'naïve'), { recursive: true });
    rmSync(path.join(ws.dir, 'link-to-app'));
    symlinkSync('README.md', path.join(ws.dir, 'link-to-app'));
    write('later/deeper/new.txt', 'new');
    store.dirty.markFull();

    const outcome = await store.restore(first.checkpoint.id, before('before'));
    expect(diskState(ws.dir)).toEqual(original);
    expect(existsSync(path.join(ws.dir, 'later'))).toBe(false);
    expect(outcome.before?.reason).toBe('before-restore');
    expect(outcome.applied.deleted).toEqual(['later/deeper/new.txt']);

    // And forward again: the state before the restore is one restore away.
    await store.restore(outcome.before!.id, before('undo'));
    expect(read('later/deeper/new.txt').toString()).toBe('new');
    expect(read('image.bin')).toEqual(Buffer.from([9, 9, 9]));
    expect(fsckShadow(store.repo.gitdir)).toBe('');
  });

  it('never touches excluded or ignored files, even where the checkpoint had a file of the same name', async () => {
    write('notes.log', 'tracked at first\n');
    const first = await store.create(editorInput('first'));
    write('.gitignore', '*.log\nbuild-output/\n');
    write('notes.log', 'ignored now, must survive\n');
    write('build-output/x.js', 'generated');
    write('node_modules/pkg/index.js', 'dep');
    store.dirty.markFull();
    const outcome = await store.restore(first.checkpoint.id, before('before'));
    expect(read('notes.log').toString()).toBe('ignored now, must survive\n');
    expect(read('build-output/x.js').toString()).toBe('generated');
    expect(read('node_modules/pkg/index.js').toString()).toBe('dep');
    expect(existsSync(path.join(ws.dir, '.gitignore'))).toBe(false);
    expect(outcome.kept).toEqual([{ path: 'notes.log', why: 'it is ignored by .gitignore now' }]);
  });

  it('reverts one file without touching the others', async () => {
    const first = await store.create(editorInput('first'));
    write('src/app.ts', 'edited\n');
    write('README.md', 'also edited\n');
    store.dirty.markFull();
    const outcome = await store.restore(first.checkpoint.id, before('before'), 'src/app.ts');
    expect(outcome.applied.written).toEqual(['src/app.ts']);
    expect(read('src/app.ts').toString()).toBe('export const a = 1;\n');
    expect(read('README.md').toString()).toBe('also edited\n');
  });

  it('a file can become a folder and back', async () => {
    write('thing', 'a file');
    const first = await store.create(editorInput('file'));
    rmSync(path.join(ws.dir, 'thing'));
    write('thing/inside.txt', 'now a folder');
    store.dirty.markFull();
    const second = await store.create(editorInput('folder'));
    await store.restore(first.checkpoint.id, before('b1'));
    expect(read('thing').toString()).toBe('a file');
    await store.restore(second.checkpoint.id, before('b2'));
    expect(read('thing/inside.txt').toString()).toBe('now a folder');
  });

  it('does nothing and checkpoints nothing when the files already match', async () => {
    const first = await store.create(editorInput('first'));
    const outcome = await store.restore(first.checkpoint.id, before('before'));
    expect(outcome.before).toBeNull();
    expect(outcome.applied).toEqual({ written: [], deleted: [] });
    expect(store.log.size).toBe(1);
  });
});

describe('diffs', () => {
  it('lists files with status and line counts, marks binaries, and gives both sides of one file', async () => {
    write('bin.dat', Buffer.from([0, 1, 2]));
    const first = await store.create(editorInput('first'));
    write('src/app.ts', 'export const a = 1;\nexport const b = 2;\nexport const c = 3;\n');
    write('bin.dat', Buffer.from([0, 1, 3]));
    rmSync(path.join(ws.dir, 'README.md'));
    write('added.txt', 'one\ntwo');
    store.dirty.markFull();
    const files = await store.diff(first.checkpoint.id, 'working');
    expect(files).toEqual([
      { path: 'README.md', status: 'deleted', binary: false, additions: 0, deletions: 1 },
      { path: 'added.txt', status: 'added', binary: false, additions: 2, deletions: 0 },
      { path: 'bin.dat', status: 'modified', binary: true, additions: null, deletions: null },
      { path: 'src/app.ts', status: 'modified', binary: false, additions: 2, deletions: 0 },
    ]);
    const one = await store.fileDiff(first.checkpoint.id, 'working', 'src/app.ts');
    expect(one.before).toEqual({ kind: 'text', text: 'export const a = 1;\n' });
    expect(one.after).toEqual({ kind: 'text', text: 'export const a = 1;\nexport const b = 2;\nexport const c = 3;\n' });
    expect((await store.fileDiff(first.checkpoint.id, 'working', 'bin.dat')).after).toEqual({ kind: 'binary', size: 3 });
    expect((await store.fileDiff(first.checkpoint.id, 'working', 'added.txt')).before).toEqual({ kind: 'absent' });
  });

  it('reports the executable bit changing', async () => {
    const first = await store.create(editorInput('first'));
    chmodSync(path.join(ws.dir, 'src/app.ts'), 0o755);
    store.dirty.add('src/app.ts');
    const second = await store.create(editorInput('chmod'));
    expect(await store.diff(first.checkpoint.id, second.checkpoint.id)).toEqual([
      { path: 'src/app.ts', status: 'modified', binary: false, additions: 0, deletions: 0, oldMode: '100644', newMode: '100755' },
    ]);
  });

  it('refuses an unknown checkpoint with a clear message', async () => {
    await expect(store.diff('0'.repeat(40), 'working')).rejects.toThrow(/no checkpoint 0000000000/);
  });
});

describe('retention', () => {
  it('drops whole sessions and collects the objects only they held; what remains is intact', async () => {
    write('only-in-old.txt', 'unique content of the old session');
    await store.create(editorInput('old', { sessionId: 'old' }));
    rmSync(path.join(ws.dir, 'only-in-old.txt'));
    store.dirty.add('only-in-old.txt');
    const kept = await store.create(editorInput('new', { sessionId: 'new' }));
    const sizeBefore = await store.sizeBytes();
    const result = await store.prune((s) => s.id === 'new');
    expect(result.removedSessions).toBe(1);
    expect(result.freedBytes).toBeGreaterThan(0);
    expect(await store.sizeBytes()).toBeLessThan(sizeBefore);
    expect(store.log.sessionList().map((s) => s.id)).toEqual(['new']);
    expect(fsckShadow(store.repo.gitdir)).toBe('');
    // The surviving checkpoint still restores, and a reopened store agrees.
    const reopened = await openStore(ws.dir, data.dir);
    expect(reopened.log.checkpoints().map((c) => c.id)).toEqual([kept.checkpoint.id]);
    write('src/app.ts', 'x');
    reopened.dirty.markFull();
    await reopened.restore(kept.checkpoint.id, before('b'));
    expect(read('src/app.ts').toString()).toBe('export const a = 1;\n');
  });
});

describe('persistence', () => {
  it('a reopened store lists the same checkpoints and sessions, with their metadata', async () => {
    await store.create(editorInput('one', { sessionId: 'a', reason: 'session-start' }));
    write('README.md', 'changed');
    store.dirty.add('README.md');
    await store.create(editorInput('two', { sessionId: 'b', sessionKind: 'agent', reason: 'tool-call', toolCallId: 'call-7', turn: 3, taskId: '2.1' }));
    await store.saveIndex();
    const reopened = await openStore(ws.dir, data.dir);
    expect(reopened.log.checkpoints()).toEqual(store.log.checkpoints());
    expect(reopened.log.sessionList()).toEqual(store.log.sessionList());
    expect(reopened.log.checkpoints()[0]).toMatchObject({ label: 'two', toolCallId: 'call-7', turn: 3, taskId: '2.1', reason: 'tool-call' });
  });
});
