import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { AppContract, CheckpointEvent } from '../../shared/contract';
import { createClient } from '../../shared/rpc/client';
import { isRpcError } from '../../shared/rpc/errors';
import { createMemoryTransportPair } from '../../shared/rpc/transport';
import { createHost, type Host } from '../host/host';
import { makeTempTree } from '../workspace/test-support';

let host: Host | undefined;
afterEach(async () => host?.dispose());

it('serves checkpoints over the typed contract: list, create, diff, restore, undo — and refuses bad input with typed errors', async () => {
  const root = await makeTempTree({ 'a.txt': 'one\n' });
  host = createHost({ mode: 'server', dataDir: await makeTempTree({}, 'sw-cp-host-'), workspace: root });
  const [clientEnd, hostEnd] = createMemoryTransportPair();
  host.attach(hostEnd);
  const api = createClient<AppContract>(clientEnd);
  await api.call('app.bootstrap', {});
  const events: CheckpointEvent[] = [];
  api.subscribe('checkpoints.events', {}, (e) => events.push(e));

  let list = await api.call('checkpoints.list', {});
  for (let i = 0; list.checkpoints.length === 0 && i < 200; i++) {
    await new Promise((r) => setTimeout(r, 25));
    list = await api.call('checkpoints.list', {});
  }
  const start = list.checkpoints[0]!;
  expect(start.label).toBe('Session start');

  await api.call('workspace.write', { path: 'a.txt', text: 'two\n' });
  const manual = await api.call('checkpoints.create', { label: '  Before refactor  ' });
  expect(manual).toMatchObject({ label: 'Before refactor', reason: 'manual', files: [{ path: 'a.txt', status: 'modified' }] });

  const diff = await api.call('checkpoints.diff', { from: start.id, to: 'working' });
  expect(diff.files).toEqual([{ path: 'a.txt', status: 'modified', binary: false, additions: 1, deletions: 1 }]);
  const file = await api.call('checkpoints.fileDiff', { from: start.id, to: manual.id, path: 'a.txt' });
  expect(file).toEqual({ path: 'a.txt', before: { kind: 'text', text: 'one\n' }, after: { kind: 'text', text: 'two\n' } });

  const preview = await api.call('checkpoints.preview', { id: start.id });
  expect(preview.files).toEqual([{ path: 'a.txt', status: 'modified' }]);
  const restored = await api.call('checkpoints.restore', { id: start.id });
  expect(restored.written).toEqual(['a.txt']);
  expect(readFileSync(path.join(root, 'a.txt'), 'utf8')).toBe('one\n');
  expect((await api.call('checkpoints.list', {})).undo?.label).toBe('Session start');
  await api.call('checkpoints.undoRevert', {});
  expect(readFileSync(path.join(root, 'a.txt'), 'utf8')).toBe('two\n');
  expect(events.some((e) => e.type === 'changed')).toBe(true);

  const bad = await api.call('checkpoints.restore', { id: 'not-an-id' }).catch((e: unknown) => e);
  expect(isRpcError(bad, 'BAD_REQUEST')).toBe(true);
  expect((bad as Error).message).toContain('a checkpoint id is 40 hexadecimal digits');
  const unknown = await api.call('checkpoints.restore', { id: 'f'.repeat(40) }).catch((e: unknown) => e);
  expect(isRpcError(unknown, 'NOT_FOUND')).toBe(true);
  const outside = await api.call('checkpoints.revertFile', { id: start.id, path: '../etc/passwd' }).catch((e: unknown) => e);
  expect(isRpcError(outside, 'PATH_OUTSIDE_WORKSPACE')).toBe(true);
});
