import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BUILT_IN_EXCLUDES } from './exclusions';
import { editorInput, gitCli, openStore, tempDir } from './test-support';

/**
 * The real git CLI as the oracle: the tree of a checkpoint must be exactly the tree
 * `git add -A && git write-tree` gives for the same files in a scratch repository, where
 * git is told the same exclusions (the built-in list and a root .kiroignore) through
 * `.git/info/exclude`, and files over the size limit are left out of the clone. Tree ids are content hashes, so equal ids mean equal trees: every
 * name, byte, mode and symlink.
 */
const LIMIT_MB = 0.001; // ~1 KB, so that "too large" files are cheap to make

const segment = fc.constantFrom('a', 'B', 'src', 'lib', 'with space', 'ünïcödé', '日本', 'x.y', '-dash', 'node_modules', 'dist', 'logs', 'keep', 'z');
const rel = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
const file = fc.record({
  rel,
  bytes: fc.oneof(
    fc.constant(new Uint8Array()),
    fc.string({ maxLength: 60 }).map((s) => new TextEncoder().encode(s)),
    fc.uint8Array({ maxLength: 60 }),
    fc.constant(new Uint8Array(2000).fill(65)), // over the limit
  ),
  exec: fc.boolean(),
  link: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
});
const ignoreFile = fc.record({
  dir: fc.constantFrom('', 'src', 'a', 'lib/a'),
  patterns: fc.array(fc.constantFrom('*.log', 'logs/', '!keep', 'keep', 'x.y', '/a', 'B/', '*.tmp', 'z'), { maxLength: 3 }),
});

let scratch: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  scratch = await tempDir('sw-cp-oracle-');
});
afterAll(async () => scratch.cleanup());

/** Writes the files, skipping any that collide with an earlier one (a file where a folder is, or the reverse). */
function materialize(root: string, files: { rel: string; bytes: Uint8Array; exec: boolean; link: boolean }[]): { rel: string; size: number }[] {
  const written: { rel: string; size: number }[] = [];
  for (const f of files) {
    const abs = path.join(root, f.rel);
    try {
      mkdirSync(path.dirname(abs), { recursive: true });
      if (f.link) symlinkSync(`../target-${f.bytes.length}`, abs);
      else {
        writeFileSync(abs, f.bytes, { flag: 'wx' });
        chmodSync(abs, f.exec ? 0o755 : 0o644);
        written.push({ rel: f.rel, size: f.bytes.length });
      }
    } catch {
      // collides with an earlier path: not part of this workspace
    }
  }
  return written;
}

/** The scratch clone: the same files minus those over the size limit (a size is no ignore pattern), with the other exclusions in info/exclude. */
function gitTree(workspace: string, gitDir: string, extraExcludes: string[], tooLarge: string[]): string {
  rmSync(gitDir, { recursive: true, force: true });
  execFileSync('cp', ['-a', `${workspace}/.`, gitDir]);
  for (const rel of tooLarge) rmSync(path.join(gitDir, rel), { force: true });
  gitCli(['init', '-q'], gitDir);
  writeFileSync(path.join(gitDir, '.git/info/exclude'), [...BUILT_IN_EXCLUDES, ...extraExcludes].join('\n') + '\n');
  gitCli(['add', '-A'], gitDir);
  return gitCli(['write-tree'], gitDir).trim();
}

let n = 0;
it('a checkpoint tree equals `git add -A && git write-tree` on the same files, on first and incremental snapshots', { timeout: 240_000 }, async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(file, { minLength: 1, maxLength: 25 }),
      fc.array(ignoreFile, { maxLength: 3 }),
      fc.array(fc.constantFrom('logs/', 'with space/', '*.tmp', 'x.y'), { maxLength: 2 }),
      fc.array(fc.record({ i: fc.nat(), action: fc.constantFrom('modify', 'delete', 'chmod', 'grow') }), { maxLength: 8 }),
      async (files, ignores, kiroignore, edits) => {
        const id = n++;
        const ws = path.join(scratch.dir, `ws-${id}`);
        const clone = path.join(scratch.dir, `git-${id}`);
        mkdirSync(ws);
        try {
          for (const ig of ignores) {
            mkdirSync(path.join(ws, ig.dir), { recursive: true });
            appendFileSync(path.join(ws, ig.dir, '.gitignore'), ig.patterns.join('\n') + '\n');
          }
          if (kiroignore.length) writeFileSync(path.join(ws, '.kiroignore'), kiroignore.join('\n') + '\n');
          let written = materialize(ws, files);
          const store = await openStore(ws, path.join(scratch.dir, `data-${id}`), { maxFileSizeMB: LIMIT_MB });
          const tooLarge = () => written.filter((w) => w.size > LIMIT_MB * 1024 * 1024).map((w) => w.rel);

          const first = await store.create(editorInput('first'));
          expect(store.log.get(first.checkpoint.id)!.tree ?? '4b825dc642cb6eb9a060e54bf8d69288fbee4904').toBe(gitTree(ws, clone, kiroignore, tooLarge()));

          // Then edits reported the way the host reports them, and an incremental snapshot.
          for (const e of edits) {
            const target = written[e.i % Math.max(1, written.length)];
            if (!target) break;
            const abs = path.join(ws, target.rel);
            if (e.action === 'delete') {
              rmSync(abs, { force: true });
              written = written.filter((w) => w !== target);
            } else if (e.action === 'chmod') chmodSync(abs, 0o755);
            else if (e.action === 'grow') {
              appendFileSync(abs, 'x'.repeat(1500));
              target.size += 1500;
            } else {
              appendFileSync(abs, '\nmore');
              target.size += 5;
            }
            store.dirty.add(target.rel);
          }
          const second = await store.create(editorInput('second', { force: true }));
          expect(store.log.get(second.checkpoint.id)!.tree ?? '4b825dc642cb6eb9a060e54bf8d69288fbee4904').toBe(gitTree(ws, clone, kiroignore, tooLarge()));
        } finally {
          rmSync(ws, { recursive: true, force: true });
          rmSync(clone, { recursive: true, force: true });
          rmSync(path.join(scratch.dir, `data-${id}`), { recursive: true, force: true });
        }
      },
    ),
    { numRuns: 40 },
  );
});
