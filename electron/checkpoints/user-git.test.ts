import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { makeTempTree } from '../workspace/test-support';
import { Workspace } from '../workspace/workspace';
import { CheckpointService } from './checkpoint-service';
import { exactState, gitCli } from './test-support';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

it("leaves the user's own .git (and a nested repository's) byte-identical through snapshots, restores and retention", { timeout: 60_000 }, async () => {
  const root = await makeTempTree({ 'README.md': '# repo\n', 'src/main.ts': 'main\n', '.gitignore': 'dist/\n' });
  // A real repository with history, a branch, a packed ref and a hook.
  gitCli(['init', '-q', '-b', 'main'], root);
  gitCli(['add', '-A'], root);
  gitCli(['commit', '-qm', 'first'], root);
  gitCli(['branch', 'feature'], root);
  gitCli(['pack-refs', '--all'], root);
  writeFileSync(path.join(root, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  // A nested repository (a vendored dependency with its own .git).
  mkdirSync(path.join(root, 'vendor', 'lib'), { recursive: true });
  writeFileSync(path.join(root, 'vendor', 'lib', 'lib.js'), 'lib\n');
  gitCli(['init', '-q'], path.join(root, 'vendor', 'lib'));
  gitCli(['add', '-A'], path.join(root, 'vendor', 'lib'));
  gitCli(['commit', '-qm', 'lib'], path.join(root, 'vendor', 'lib'));
  const userGit = exactState(path.join(root, '.git'));
  const nestedGit = exactState(path.join(root, 'vendor', 'lib', '.git'));

  const appData = await makeTempTree({}, 'sw-cp-usergit-');
  const ws = new Workspace(root, appData);
  await ws.watcher.ready;
  const service = new CheckpointService(ws, { quietMs: 30 });
  cleanup.push(async () => {
    await service.dispose();
    await ws.dispose();
  });
  const first = await waitForFirst(service);

  await ws.files.write('src/main.ts', 'main, edited\n', 'utf8');
  await ws.files.create('src/new.ts', 'file');
  appendFileSync(path.join(root, 'vendor', 'lib', 'lib.js'), 'more\n');
  await ws.files.delete('README.md');
  await service.create({ reason: 'manual', label: 'edits', verify: true });
  await service.diff(first, 'working');
  await service.restore(first, 'both');
  await service.undoRevert();
  await service.revertFile(first, 'src/main.ts');
  await service.revertAll();
  await service.verify();
  await service.prune();

  expect(exactState(path.join(root, '.git'))).toEqual(userGit);
  expect(exactState(path.join(root, 'vendor', 'lib', '.git'))).toEqual(nestedGit);
  // And the shadow repository lives outside the workspace entirely.
  expect((await service.list()).store.location.startsWith(appData)).toBe(true);
});

async function waitForFirst(service: CheckpointService): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const list = await service.list();
    if (list.checkpoints.length) return list.checkpoints[0]!.id;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no first checkpoint');
}
