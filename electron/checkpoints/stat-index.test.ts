import { lstatSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ShadowRepo } from './shadow-repo';
import { StatIndex } from './stat-index';
import { editorInput, openStore, tempDir } from './test-support';

let ws: { dir: string; cleanup: () => Promise<void> };
let data: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  ws = await tempDir('sw-cp-idx-ws-');
  data = await tempDir('sw-cp-idx-data-');
});
afterEach(async () => {
  await ws.cleanup();
  await data.cleanup();
});

const write = (rel: string, text: string, ageSeconds = 60) => {
  const abs = path.join(ws.dir, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  // Old enough to be trusted (outside the racy window), as most files in a workspace are.
  const t = Date.now() / 1000 - ageSeconds;
  utimesSync(abs, t, t);
};

it('persists across restarts, so a restart verifies by stat instead of rehashing, and forgets files deleted unobserved', async () => {
  write('a.txt', 'a');
  write('dir/b.txt', 'b');
  write('dir/c.txt', 'c');
  const store = await openStore(ws.dir, data.dir);
  await store.create(editorInput('first'));
  await store.saveIndex();

  rmSync(path.join(ws.dir, 'dir/c.txt')); // while no Specwright was running
  const reopened = await openStore(ws.dir, data.dir);
  const index = reopened.index;
  expect(index.size).toBe(3);
  expect(index.lookup('a.txt', lstatSync(path.join(ws.dir, 'a.txt')), '100644')).toBe(ShadowRepo.blobId(Buffer.from('a')));
  const { checkpoint } = await reopened.create(editorInput('after restart'));
  expect(checkpoint.files).toEqual([{ path: 'dir/c.txt', status: 'deleted' }]);
  expect(index.size).toBe(2);
  expect(index.oids()).toEqual(new Set([ShadowRepo.blobId(Buffer.from('a')), ShadowRepo.blobId(Buffer.from('b'))]));
});

it('does not trust an entry hashed within moments of its last change (git’s racily clean files)', async () => {
  write('hot.txt', 'one', 0);
  const index = new StatIndex();
  const st = lstatSync(path.join(ws.dir, 'hot.txt'));
  index.set('hot.txt', st, '100644', ShadowRepo.blobId(Buffer.from('one')));
  expect(index.lookup('hot.txt', st, '100644')).toBeNull();
  const old = new StatIndex();
  write('cold.txt', 'two', 60);
  const cold = lstatSync(path.join(ws.dir, 'cold.txt'));
  old.set('cold.txt', cold, '100644', ShadowRepo.blobId(Buffer.from('two')));
  expect(old.lookup('cold.txt', cold, '100644')).toBe(ShadowRepo.blobId(Buffer.from('two')));
  expect(old.lookup('cold.txt', cold, '100755')).toBeNull(); // a chmod is a change
});

it('an unreadable index file costs a rehash, not an error', async () => {
  const file = path.join(data.dir, 'index.json');
  writeFileSync(file, '{ not json');
  const index = new StatIndex();
  await index.load(file);
  expect(index.size).toBe(0);
});
