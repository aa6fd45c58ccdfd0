import { appendFileSync, chmodSync, lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { diskState, editorInput, openStore, tempDir } from './test-support';

/**
 * Restore fidelity, by property: random sequences of file operations with snapshots (and
 * restores) in between; restoring any snapshot must give back exactly the bytes and
 * executable bits that were on disk when it was taken. Paths overlap on purpose (a file
 * and a folder of the same name, a rename onto a folder) so type changes happen too.
 * Along the way every incremental snapshot must equal a full scan of the same disk.
 */
const PATHS = ['a.txt', 'b c.md', 'dir/x.bin', 'dir/sub/ü 1.txt', 'dir/sub/deep/y', 'dir', 'e/f.sh', 'e', '日本/語.txt'];

const content = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 48 }), // binary, NUL bytes included
  fc.string({ maxLength: 8 }).map((s) => `${s}\n`.repeat(30)),
);
const p = fc.nat(PATHS.length - 1);
const op = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('write' as const), p, c: content }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('append' as const), p, c: content }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('delete' as const), p }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('rename' as const), p, q: p }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('chmod' as const), p, exec: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('mkdir' as const), p }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('snapshot' as const), full: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('restore' as const), k: fc.nat() }) },
);

let data: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  data = await tempDir('sw-cp-prop-');
});
afterAll(async () => data.cleanup());

const isDir = (abs: string) => {
  try {
    return lstatSync(abs).isDirectory();
  } catch {
    return false;
  }
};

let run = 0;
it('restoring any snapshot gives back exactly the bytes and modes of that moment (several hundred random sequences)', { timeout: 240_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
      const root = path.join(data.dir, `ws-${run}`);
      const dataDir = path.join(data.dir, `data-${run++}`);
      mkdirSync(root, { recursive: true });
      try {
        const store = await openStore(root, dataDir);
        const abs = (i: number) => path.join(root, PATHS[i]!);
        const snapshots: { id: string; disk: ReturnType<typeof diskState> }[] = [];
        const snapshot = async (full: boolean) => {
          if (full) store.dirty.markFull();
          const disk = diskState(root);
          const { checkpoint } = await store.create(editorInput(`s${snapshots.length}`));
          // The incremental result must equal what a full scan of the same disk gives.
          const tree = store.log.get(checkpoint.id)!.tree;
          store.dirty.markFull();
          expect((await store.buildPresent()).tree).toBe(tree);
          snapshots.push({ id: checkpoint.id, disk });
        };
        await snapshot(false);
        for (const o of ops) {
          try {
            switch (o.t) {
              case 'write':
                mkdirSync(path.dirname(abs(o.p)), { recursive: true });
                writeFileSync(abs(o.p), o.c);
                store.dirty.add(PATHS[o.p]!);
                break;
              case 'append':
                appendFileSync(abs(o.p), o.c);
                store.dirty.add(PATHS[o.p]!);
                break;
              case 'delete': {
                const dir = isDir(abs(o.p));
                rmSync(abs(o.p), { recursive: true });
                store.dirty.add(PATHS[o.p]!, dir);
                break;
              }
              case 'rename': {
                const dir = isDir(abs(o.p));
                mkdirSync(path.dirname(abs(o.q)), { recursive: true });
                renameSync(abs(o.p), abs(o.q));
                store.dirty.add(PATHS[o.p]!, dir);
                store.dirty.add(PATHS[o.q]!, dir);
                break;
              }
              case 'chmod':
                chmodSync(abs(o.p), o.exec ? 0o755 : 0o644);
                store.dirty.add(PATHS[o.p]!);
                break;
              case 'mkdir':
                mkdirSync(abs(o.p), { recursive: true });
                store.dirty.add(PATHS[o.p]!, true);
                break;
              case 'snapshot':
                await snapshot(o.full);
                break;
              case 'restore': {
                const target = snapshots[o.k % snapshots.length]!;
                const before = diskState(root);
                const outcome = await store.restore(target.id, editorInput('before', { reason: 'before-restore' }));
                expect(diskState(root)).toEqual(target.disk);
                if (outcome.before) snapshots.push({ id: outcome.before.id, disk: before });
                break;
              }
            }
          } catch (e) {
            // An operation the disk refuses (writing into a path that is a file, renaming
            // something absent) is just not part of this sequence; failed assertions are.
            if (!['ENOENT', 'ENOTDIR', 'EISDIR', 'ENOTEMPTY', 'EEXIST', 'EINVAL'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
          }
        }
        // Finally every snapshot, in reverse order, then the first one again.
        for (const target of [...snapshots.slice().reverse(), snapshots[0]!]) {
          await store.restore(target.id, editorInput('before', { reason: 'before-restore' }));
          expect(diskState(root)).toEqual(target.disk);
        }
      } finally {
        rmSync(root, { recursive: true, force: true });
        rmSync(dataDir, { recursive: true, force: true });
      }
    }),
    { numRuns: 300 },
  );
});
