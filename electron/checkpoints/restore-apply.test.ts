import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyRestore, PartialRestoreError, preflight } from './restore-apply';
import { editorInput, openStore, tempDir } from './test-support';

// applyRestore against a plan made before the disk moved under it: the case the folder checks
// exist for (a folder swapped for a link between the confirmation and the writes).

type Temp = { dir: string; cleanup: () => Promise<void> };
let ws: Temp;
let data: Temp;
let outside: Temp;

beforeEach(async () => {
  ws = await tempDir('sw-apply-ws-');
  data = await tempDir('sw-apply-data-');
  outside = await tempDir('sw-apply-outside-');
});

afterEach(async () => {
  for (const t of [ws, data, outside]) await t.cleanup();
});

const write = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(ws.dir, rel)), { recursive: true });
  writeFileSync(path.join(ws.dir, rel), text);
};

/** A checkpoint holding lib/deep/x.txt, then the folder gone: the plan writes it back. */
async function planToBringBackLib() {
  write('README.md', '# r\n');
  write('lib/deep/x.txt', 'x\n');
  const store = await openStore(ws.dir, data.dir);
  const first = await store.create(editorInput('first'));
  rmSync(path.join(ws.dir, 'lib'), { recursive: true });
  store.dirty.add('lib', true);
  const { plan } = await store.preview(first.checkpoint.id);
  expect(plan.writes.map((w) => w.path)).toEqual(['lib/deep/x.txt']);
  return { store, plan };
}

describe('applyRestore', () => {
  it('never writes through a folder that became a link to outside the workspace', async () => {
    const { store, plan } = await planToBringBackLib();
    const preloaded = await preflight(store.repo, ws.dir, plan);
    symlinkSync(outside.dir, path.join(ws.dir, 'lib'));
    const error = await applyRestore(store.repo, ws.dir, plan, preloaded).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialRestoreError);
    expect((error as Error).message).toContain("stopped at 'lib/deep/x.txt'");
    expect((error as Error).message).toContain('link to a place outside the workspace');
    expect(readdirSync(outside.dir)).toEqual([]);
  });

  it('writes through a link that stays inside the workspace, and makes the folders it needs', async () => {
    const { store, plan } = await planToBringBackLib();
    mkdirSync(path.join(ws.dir, 'real-lib'));
    symlinkSync('real-lib', path.join(ws.dir, 'lib'));
    const applied = await applyRestore(store.repo, ws.dir, plan, await preflight(store.repo, ws.dir, plan));
    expect(applied.written).toEqual(['lib/deep/x.txt']);
    expect(readFileSync(path.join(ws.dir, 'real-lib/deep/x.txt'), 'utf8')).toBe('x\n');
  });

  it('stops, naming the file, where a file stands in the way of a folder', async () => {
    const { store, plan } = await planToBringBackLib();
    write('lib', 'not a folder\n');
    const error = await applyRestore(store.repo, ws.dir, plan, await preflight(store.repo, ws.dir, plan)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialRestoreError);
    expect((error as Error).message).toContain("stopped at 'lib/deep/x.txt'");
    expect(readFileSync(path.join(ws.dir, 'lib'), 'utf8')).toBe('not a folder\n');
  });

  it('gives a new file the umask-default mode, as git does, and keeps an existing file’s own mode bits', async () => {
    write('a.txt', 'one\n');
    write('b.txt', 'one\n');
    const store = await openStore(ws.dir, data.dir);
    const first = await store.create(editorInput('first'));
    rmSync(path.join(ws.dir, 'a.txt'));
    write('b.txt', 'two\n');
    chmodSync(path.join(ws.dir, 'b.txt'), 0o600);
    store.dirty.add('a.txt');
    store.dirty.add('b.txt');
    await store.restore(first.checkpoint.id, editorInput('before', { reason: 'before-restore' }));
    const umask = process.umask();
    expect(statSync(path.join(ws.dir, 'a.txt')).mode & 0o777).toBe(0o666 & ~umask);
    expect(statSync(path.join(ws.dir, 'b.txt')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(ws.dir, 'a.txt'), 'utf8')).toBe('one\n');
    expect(readFileSync(path.join(ws.dir, 'b.txt'), 'utf8')).toBe('one\n');
  });
});
