import { rm, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileChange } from '../../shared/contract/workspace';
import { waitFor, makeTempTree } from './test-support';
import { Workspace } from './workspace';

describe('WorkspaceWatcher', () => {
  let ws: Workspace | undefined;
  afterEach(async () => ws?.dispose());

  it('reports outside changes in batches and tags the host’s own writes as self', async () => {
    const root = await makeTempTree({ '.gitignore': 'build/\n', 'a.txt': 'a', 'build/x.js': '' });
    ws = new Workspace(root, await makeTempTree({}, 'sw-data-'));
    await ws.watcher.ready;
    const seen: FileChange[] = [];
    ws.watcher.changes.on((batch) => seen.push(...batch));

    await writeFile(path.join(root, 'outside.txt'), 'hello');
    await waitFor(() => seen.some((c) => c.path === 'outside.txt'), 5000, 'outside add');
    expect(seen.find((c) => c.path === 'outside.txt')).toMatchObject({ kind: 'added', self: false });

    await ws.files.write('a.txt', 'from the editor', 'utf8');
    await waitFor(() => seen.some((c) => c.path === 'a.txt'), 5000, 'self change');
    expect(seen.find((c) => c.path === 'a.txt')).toMatchObject({ kind: 'changed', self: true });

    await rm(path.join(root, 'outside.txt'));
    await waitFor(() => seen.some((c) => c.path === 'outside.txt' && c.kind === 'removed'), 5000, 'outside removal');

    await mkdir(path.join(root, 'build', 'deep'), { recursive: true });
    await writeFile(path.join(root, 'build', 'deep', 'y.js'), '');
    await writeFile(path.join(root, 'marker.txt'), '');
    await waitFor(() => seen.some((c) => c.path === 'marker.txt'), 5000, 'marker');
    expect(seen.filter((c) => c.path.startsWith('build/'))).toEqual([]);
    expect(seen.some((c) => c.path.includes('.specwright-tmp-'))).toBe(false);
  });
});
