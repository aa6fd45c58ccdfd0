import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Checkpoint, CheckpointEvent } from '../../shared/contract/checkpoints';
import { isRpcError } from '../../shared/rpc/errors';
import { makeTempTree } from '../workspace/test-support';
import { Workspace } from '../workspace/workspace';
import { CheckpointService } from './checkpoint-service';
import { labelForWrites } from './save-coalescer';

const opened: { ws: Workspace; service: CheckpointService }[] = [];
afterEach(async () => {
  for (const { ws, service } of opened.splice(0)) {
    await service.dispose();
    await ws.dispose();
  }
});

async function start(files: Record<string, string> = { 'a.ts': 'a\n', 'b.ts': 'b\n', 'c.ts': 'c\n' }, dataDir?: string) {
  const root = await makeTempTree(files);
  const appData = dataDir ?? (await makeTempTree({}, 'sw-cp-svc-data-'));
  const ws = new Workspace(root, appData);
  await ws.watcher.ready;
  const service = new CheckpointService(ws, { quietMs: 60, maxWaitMs: 400 });
  opened.push({ ws, service });
  const events: CheckpointEvent[] = [];
  service.events.on((e) => events.push(e));
  await waitForList(service, (l) => l.checkpoints.length > 0);
  return { ws, service, root, appData, events, read: (rel: string) => readFileSync(path.join(root, rel), 'utf8') };
}

async function waitForList(service: CheckpointService, ok: (l: Awaited<ReturnType<CheckpointService['list']>>) => boolean, what = 'the checkpoint list') {
  const start = Date.now();
  for (;;) {
    const list = await service.list();
    if (ok(list)) return list;
    if (Date.now() - start > 10_000) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(list.checkpoints.map((c) => c.label))}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the checkpoint service', () => {
  it('starts a session with a first checkpoint and shows the store in the list', async () => {
    const { service } = await start();
    const list = await service.list();
    expect(list.checkpoints).toHaveLength(1);
    expect(list.checkpoints[0]).toMatchObject({ label: 'Session start', reason: 'session-start', seq: 1, counts: { added: 3, modified: 0, deleted: 0 } });
    expect(list.currentSessionId).toBe(list.checkpoints[0]!.sessionId);
    expect(list.store.sizeBytes).toBeGreaterThan(0);
    expect(list.store.location).toMatch(/checkpoints[/\\]shadow\.git$/);
    expect(list.unavailable).toBeNull();
  });

  it('turns a burst of editor saves into one checkpoint named after them; a save without change makes none', async () => {
    const { ws, service } = await start();
    await ws.files.write('a.ts', 'a2\n', 'utf8');
    await ws.files.write('b.ts', 'b2\n', 'utf8');
    const list = await waitForList(service, (l) => l.checkpoints.length === 2);
    expect(list.checkpoints[0]).toMatchObject({ label: 'Saved a.ts and b.ts', reason: 'editor-save', files: [{ path: 'a.ts', status: 'modified' }, { path: 'b.ts', status: 'modified' }] });

    await ws.files.write('a.ts', 'a2\n', 'utf8'); // same bytes
    await new Promise((r) => setTimeout(r, 300));
    expect((await service.list()).checkpoints).toHaveLength(2);

    await ws.files.create('notes.md', 'file');
    await waitForList(service, (l) => l.checkpoints[0]?.label === 'Created notes.md');
    await ws.files.rename('notes.md', 'ideas.md');
    await waitForList(service, (l) => l.checkpoints[0]?.label === 'Renamed notes.md → ideas.md');
  });

  it('makes no checkpoint on save when the workspace turns that off (settings apply at once)', async () => {
    const { ws, service } = await start();
    await ws.files.write('.kiro/settings/specwright.json', JSON.stringify({ checkpoints: { onSave: false } }), 'utf8');
    await new Promise((r) => setTimeout(r, 300));
    const before = (await service.list()).checkpoints.length;
    await ws.files.write('a.ts', 'edited with onSave off\n', 'utf8');
    await new Promise((r) => setTimeout(r, 400));
    expect((await service.list()).checkpoints).toHaveLength(before);
    const manual = await service.create({ reason: 'manual', label: 'by hand' });
    expect(manual.files).toEqual([
      { path: '.kiro/settings/specwright.json', status: 'added' },
      { path: 'a.ts', status: 'modified' },
    ]);
  });

  it('sees changes made by other programs through the watcher, without a full scan', async () => {
    const { service, root } = await start();
    const seen = new Promise<void>((resolve) => {
      const off = opened[0]!.ws.watcher.changes.on((batch) => {
        if (batch.some((c) => c.path === 'from-terminal.txt')) {
          off();
          resolve();
        }
      });
    });
    await writeFile(path.join(root, 'from-terminal.txt'), 'made by a shell command\n');
    await seen;
    const cp = await service.create({ reason: 'manual', label: 'after the terminal' });
    expect(cp.files).toEqual([{ path: 'from-terminal.txt', status: 'added' }]);
  });

  it('a verification catches what the watcher never reported', async () => {
    const { ws, service, root, events } = await start();
    await ws.watcher.close(); // nothing reports changes any more
    writeFileSync(path.join(root, 'unseen.txt'), 'written while nobody watched\n');
    const missed = await service.create({ reason: 'manual', label: 'incremental only' });
    expect(missed.label).toBe('Session start'); // nothing reported, nothing found
    expect(await service.verify()).toEqual({ missed: 1 });
    expect(events).toContainEqual({ type: 'notice', level: 'warning', message: expect.stringContaining('found 1 changed file the file watcher had not reported') });
    const cp = await service.create({ reason: 'manual', label: 'now it is there' });
    expect(cp.files).toEqual([{ path: 'unseen.txt', status: 'added' }]);
    const verified = await service.create({ reason: 'manual', label: 'verify flag', verify: true });
    expect(verified.id).toBe(cp.id);
  });

  it('records what made each checkpoint, for the agent', async () => {
    const { service, root } = await start();
    writeFileSync(path.join(root, 'a.ts'), 'tool wrote this\n');
    const cp = await service.create({ reason: 'tool-call', label: 'Before write_file', sessionId: 'chat-1', turn: 2, toolCallId: 'call_9', taskId: '1.2', verify: true });
    expect(cp).toMatchObject({ reason: 'tool-call', sessionId: 'chat-1', seq: 1, turn: 2, toolCallId: 'call_9', taskId: '1.2' });
    const list = await service.list();
    expect(list.sessions.map((s) => [s.kind, s.count])).toEqual([
      ['editor', 1],
      ['agent', 1],
    ]);
    // No change since: the agent gets the same checkpoint back.
    expect((await service.create({ reason: 'turn', label: 'Turn 3', sessionId: 'chat-1' })).id).toBe(cp.id);
  });

  it('reverts, undoes the revert, reverts everything and single files; the list knows what can be undone', async () => {
    const { ws, service, read, root } = await start();
    await ws.files.write('a.ts', 'a2\n', 'utf8');
    await ws.files.delete('b.ts');
    await ws.files.create('d.ts', 'file');
    const edited = await waitForList(service, (l) => l.checkpoints.length === 2);
    const sessionStart = edited.checkpoints[1]!;

    const preview = await service.preview(sessionStart.id);
    expect(preview.files).toEqual([
      { path: 'a.ts', status: 'modified' },
      { path: 'b.ts', status: 'added' },
      { path: 'd.ts', status: 'deleted' },
    ]);
    const result = await service.restore(sessionStart.id, 'files');
    expect(result.message).toBe('Reverted 3 files to “Session start”.');
    expect(result.conversation).toBe('not-requested');
    expect([read('a.ts'), read('b.ts'), existsSync(path.join(root, 'd.ts'))]).toEqual(['a\n', 'b\n', false]);
    let list = await service.list();
    expect(list.undo).toEqual({ beforeId: result.before!.id, label: 'Session start' });
    expect(list.checkpoints[0]).toMatchObject({ reason: 'before-restore', label: 'Before revert to “Session start”', restoreOf: { id: sessionStart.id, label: 'Session start' } });

    const undone = await service.undoRevert();
    expect(undone.message).toBe('Undid the revert to “Session start”: 3 files changed back.');
    expect([read('a.ts'), existsSync(path.join(root, 'b.ts')), read('d.ts')]).toEqual(['a2\n', false, '']);
    list = await service.list();
    expect(list.undo).toBeNull();
    await expect(service.undoRevert()).rejects.toThrow('There is no revert to undo.');

    await service.revertFile(sessionStart.id, 'a.ts');
    expect([read('a.ts'), read('d.ts')]).toEqual(['a\n', '']);

    const all = await service.revertAll();
    expect(all.target.id).toBe(sessionStart.id);
    expect(readdirSync(root).sort()).toEqual(['a.ts', 'b.ts', 'c.ts']);
  });

  it('restores the conversation through the agent’s hook, and says plainly when there is none', async () => {
    const { ws, service, read } = await start();
    await ws.files.write('a.ts', 'changed\n', 'utf8');
    const list = await waitForList(service, (l) => l.checkpoints.length === 2);
    const first = list.checkpoints[1]!;

    const conversationOnly = await service.restore(first.id, 'conversation');
    expect(conversationOnly).toMatchObject({ conversation: 'not-recorded', before: null, written: [], deleted: [] });
    expect(conversationOnly.message).toBe('No conversation is recorded for checkpoints yet, so there is nothing to restore; no file was changed.');
    expect(read('a.ts')).toBe('changed\n');

    const both = await service.restore(first.id, 'both');
    expect(both.conversation).toBe('not-recorded');
    expect(both.message).toBe('Reverted 1 file to “Session start”. No conversation is recorded for checkpoints yet, so only the files were restored.');
    expect(read('a.ts')).toBe('a\n');

    const restored: Checkpoint[] = [];
    const off = service.onConversationRestore(async (cp) => void restored.push(cp));
    expect((await service.restore(first.id, 'conversation')).conversation).toBe('restored');
    expect(restored.map((c) => c.id)).toEqual([first.id]);
    off();
    service.onConversationRestore(async () => {
      throw new Error('the session file is gone');
    });
    const failed = await service.restore(first.id, 'both');
    expect(failed.conversation).toBe('failed');
    expect(failed.message).toContain('The conversation could not be restored: the session file is gone.');
  });

  it('does not checkpoint saves while the agent holds auto-checkpoints paused', async () => {
    const { ws, service } = await start();
    const release = service.pauseAutoCheckpoints();
    await ws.files.write('a.ts', 'agent wrote\n', 'utf8');
    await new Promise((r) => setTimeout(r, 300));
    expect((await service.list()).checkpoints).toHaveLength(1);
    release();
    await ws.files.write('b.ts', 'person saved\n', 'utf8');
    const list = await waitForList(service, (l) => l.checkpoints.length === 2);
    expect(list.checkpoints[0]!.label).toBe('Saved b.ts');
    expect(list.checkpoints[0]!.files.map((f) => f.path)).toEqual(['a.ts', 'b.ts']);
  });

  it('answers a vanished workspace with a clear error and keeps serving the list', async () => {
    const { service, root } = await start();
    rmSync(root, { recursive: true });
    const error = await service.create({ reason: 'manual', label: 'x' }).catch((e: unknown) => e);
    expect(isRpcError(error, 'NOT_FOUND')).toBe(true);
    expect((error as Error).message).toContain('no longer exists');
    expect((await service.list()).checkpoints).toHaveLength(1);
    expect(existsSync(root)).toBe(false);
  });

  it('moves a damaged store aside, rebuilds it from the files, and says so', async () => {
    const { ws, service, appData, events, root } = await start();
    const list = await service.list();
    const first = list.checkpoints[0]!;
    // Damage: remove the blob of a.ts.
    const store = (service as unknown as { store: { repo: import('./shadow-repo').ShadowRepo; log: { get(id: string): { tree: string } } } }).store;
    const { findEntry } = await import('./tree-lookup');
    const blob = (await findEntry(store.repo, store.log.get(first.id).tree, 'a.ts'))!.oid;
    rmSync(store.repo.objectPath(blob));
    store.repo.forgetKnownObjects();
    await ws.files.write('a.ts', 'edited\n', 'utf8');
    await waitForList(service, (l) => l.checkpoints.length === 2);

    const error = await service.restore(first.id, 'files').catch((e: unknown) => e);
    expect(isRpcError(error, 'INTERNAL')).toBe(true);
    expect((error as Error).message).toMatch(new RegExp(`^The checkpoint store is damaged: blob ${blob} is missing\\. It was moved aside to '.*damaged-.*' and a new store was started; that checkpoint can no longer be restored\\. No file in the workspace was changed\\.$`));
    expect(readFileSync(path.join(root, 'a.ts'), 'utf8')).toBe('edited\n');
    expect(readdirSync(path.join(appData, 'workspaces', ws.id, 'checkpoints')).some((n) => n.startsWith('damaged-'))).toBe(true);
    expect(events).toContainEqual({ type: 'notice', level: 'error', message: expect.stringContaining('moved aside') });

    const rebuilt = await service.list();
    expect(rebuilt.checkpoints.map((c) => c.label)).toEqual(['Store rebuilt after damage']);
    // The IDE keeps working: saves checkpoint again, and restores work on the new store.
    await ws.files.write('a.ts', 'after the rebuild\n', 'utf8');
    const after = await waitForList(service, (l) => l.checkpoints.length === 2);
    await service.restore(after.checkpoints[1]!.id, 'files');
    expect(readFileSync(path.join(root, 'a.ts'), 'utf8')).toBe('edited\n');
  });

  it('moves a store that cannot even be opened aside at start, and starts afresh', async () => {
    const { ws, service, appData } = await start();
    const head = (await service.list()).checkpoints[0]!.id;
    await service.dispose();
    const gitdir = path.join(appData, 'workspaces', ws.id, 'checkpoints', 'shadow.git');
    writeFileSync(path.join(gitdir, 'objects', head.slice(0, 2), head.slice(2)), 'not an object');
    const next = new CheckpointService(ws);
    opened.push({ ws: new Workspace(await makeTempTree(), await makeTempTree()), service: next });
    const notices: CheckpointEvent[] = [];
    next.events.on((e) => notices.push(e));
    const list = await waitForList(next, (l) => l.checkpoints.length > 0);
    expect(list.checkpoints.map((c) => c.label)).toEqual(['Session start']);
    expect(list.checkpoints[0]!.id).not.toBe(head);
    expect(readdirSync(path.dirname(gitdir)).filter((n) => n.startsWith('damaged-'))).toHaveLength(1);
    expect(list.unavailable).toBeNull();
    expect(notices).toContainEqual({ type: 'notice', level: 'error', message: expect.stringMatching(new RegExp(`commit ${head} .*moved aside`)) });
  });

  it('refuses a second process on the same store with a clear reason, and takes over a dead owner’s lock', async () => {
    const { ws, appData } = await start();
    const lockFile = path.join(appData, 'workspaces', ws.id, 'checkpoints', 'lock');
    const owner = JSON.parse(readFileSync(lockFile, 'utf8'));
    expect(owner.pid).toBe(process.pid);
    // Another live process holds it:
    const { spawn } = await import('node:child_process');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      const { service: first } = opened[0]!;
      await first.dispose();
      writeFileSync(lockFile, JSON.stringify({ pid: other.pid, token: 'x' }));
      const second = new CheckpointService(ws);
      opened.push({ ws: new Workspace(await makeTempTree(), await makeTempTree()), service: second });
      const list = await second.list();
      expect(list.unavailable).toBe(`Checkpoints are unavailable: The checkpoints of this folder are in use by another Specwright process (pid ${other.pid}). Close it, or open the folder there.`);
      await expect(second.create({ reason: 'manual', label: 'x' })).rejects.toThrow(/in use by another Specwright process/);
    } finally {
      other.kill('SIGKILL');
      await new Promise((r) => other.once('exit', r));
    }
    // Now that owner is dead: its lock is stale and taken over.
    const third = new CheckpointService(ws);
    opened.push({ ws: new Workspace(await makeTempTree(), await makeTempTree()), service: third });
    expect((await third.list()).unavailable).toBeNull();
  });

  it('prunes sessions beyond retention when a new session starts', async () => {
    const appData = await makeTempTree({}, 'sw-cp-svc-data-');
    const root = await makeTempTree({ 'a.ts': 'a\n' });
    await mkdir(path.join(root, '.kiro', 'settings'), { recursive: true });
    await writeFile(path.join(root, '.kiro', 'settings', 'specwright.json'), JSON.stringify({ checkpoints: { keepSessions: 1, keepDays: 0 } }));
    for (let i = 0; i < 3; i++) {
      const ws = new Workspace(root, appData);
      const service = new CheckpointService(ws);
      await waitForList(service, (l) => l.checkpoints.some((c) => c.reason === 'session-start') && l.busy === null);
      await service.prune();
      const list = await service.list();
      expect(list.sessions).toHaveLength(1);
      expect(list.sessions[0]!.id).toBe(list.currentSessionId);
      await service.dispose();
      await ws.dispose();
    }
  });
});

describe('closing the folder', () => {
  it('stops a first snapshot in progress, leaving a store the next session uses normally', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`d${i % 40}/f${i}.txt`] = `file ${i}\n`;
    const root = await makeTempTree(files);
    const appData = await makeTempTree({}, 'sw-cp-svc-data-');
    const ws = new Workspace(root, appData);
    const first = new CheckpointService(ws);
    await first.dispose(); // at once: the first snapshot has not finished
    const checkpointsDir = path.join(appData, 'workspaces', ws.id, 'checkpoints');
    expect(existsSync(path.join(checkpointsDir, 'lock'))).toBe(false);
    const second = new CheckpointService(ws);
    opened.push({ ws, service: second });
    const list = await waitForList(second, (l) => l.checkpoints.length > 0);
    expect(list.checkpoints.map((c) => [c.label, c.counts.added])).toEqual([['Session start', 2000]]);
    const { fsckShadow } = await import('./test-support');
    expect(fsckShadow(path.join(checkpointsDir, 'shadow.git'))).toBe('');
  });
});

describe('labels for saves', () => {
  it('names what happened', () => {
    const w = (p: string, kind: 'added' | 'changed' | 'removed', isDir = false) => ({ path: p, kind, isDir });
    expect(labelForWrites([w('src/a.ts', 'changed')])).toBe('Saved a.ts');
    expect(labelForWrites([w('src/a.ts', 'changed'), w('src/a.ts', 'changed')])).toBe('Saved a.ts');
    expect(labelForWrites([w('docs', 'added', true)])).toBe('Created folder docs');
    expect(labelForWrites([w('old.ts', 'removed')])).toBe('Deleted old.ts');
    expect(labelForWrites([w('a.ts', 'removed'), w('b.ts', 'added')])).toBe('Renamed a.ts → b.ts');
    expect(labelForWrites([w('a', 'changed'), w('b', 'changed'), w('c', 'changed')])).toBe('Saved 3 files');
    expect(labelForWrites([w('README.md', 'changed'), w('notes.md', 'added'), w('notes.md', 'changed'), w('docs/old.md', 'removed')])).toBe('Saved README.md, created notes.md, deleted old.md');
    expect(labelForWrites([w('a', 'changed'), w('b', 'changed'), w('c', 'added'), w('d', 'removed'), w('e', 'changed')])).toBe('Saved 3 files, created 1, deleted 1');
    expect(labelForWrites([w('tmp.txt', 'added'), w('tmp.txt', 'removed'), w('a.ts', 'changed')])).toBe('Saved a.ts');
    // Creating one file and deleting another is not a rename.
    expect(labelForWrites([w('notes.md', 'added'), w('notes.md', 'changed'), w('docs/old.md', 'removed')])).toBe('Created notes.md, deleted old.md');
    expect(labelForWrites([w('old.md', 'removed'), w('new.md', 'added'), w('x.md', 'changed')])).toBe('Saved x.md, created new.md, deleted old.md');
  });
});
