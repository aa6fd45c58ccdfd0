import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RpcError } from '../../shared/rpc/errors';
import { WorkspaceFiles } from './files';
import { fsError } from './fs-errors';
import { IgnoreRules } from './ignore-rules';
import { sha256 } from './text-codec';
import { makeTempTree } from './test-support';

async function setup(files: Record<string, string | Uint8Array> = {}, limits?: ConstructorParameters<typeof WorkspaceFiles>[2]) {
  const root = await makeTempTree(files);
  return { root, files: new WorkspaceFiles(root, new IgnoreRules(root, { files: ['.gitignore'] }), limits) };
}

describe('WorkspaceFiles', () => {
  it('lists folders first, hides .git, and marks git-ignored entries', async () => {
    const { files } = await setup({ '.gitignore': 'dist/\n', 'b.ts': '', 'a.ts': '', 'src/x.ts': '', 'dist/o.js': '', '.git/HEAD': '' });
    const entries = await files.list('');
    expect(entries.map((e) => [e.name, e.kind, e.ignored ?? false])).toEqual([
      ['dist', 'dir', true],
      ['src', 'dir', false],
      ['.gitignore', 'file', false],
      ['a.ts', 'file', false],
      ['b.ts', 'file', false],
    ]);
  });

  it('round-trips text byte-exactly, including CRLF, a BOM and non-ASCII', async () => {
    const original = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('héllo\r\nwörld\r\n')]);
    const { root, files } = await setup({ 'bom.txt': original });
    const read = await files.read('bom.txt');
    expect(read.kind).toBe('text');
    if (read.kind !== 'text') return;
    expect(read.encoding).toBe('utf8bom');
    expect(read.text).toBe('héllo\r\nwörld\r\n');
    expect(read.hash).toBe(sha256(original));
    await files.write('bom.txt', read.text, read.encoding, read.hash);
    expect(Buffer.compare(await readFile(path.join(root, 'bom.txt')), original)).toBe(0);
  });

  it('refuses to overwrite a file that changed behind the editor, with CONFLICT', async () => {
    const { root, files } = await setup({ 'a.txt': 'one' });
    const read = await files.read('a.txt');
    await writeFile(path.join(root, 'a.txt'), 'changed elsewhere');
    await expect(files.write('a.txt', 'mine', 'utf8', read.hash)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await readFile(path.join(root, 'a.txt'), 'utf8')).toBe('changed elsewhere');
    await files.write('a.txt', 'mine', 'utf8'); // an explicit overwrite
    expect(await readFile(path.join(root, 'a.txt'), 'utf8')).toBe('mine');
  });

  it('saves a file that was deleted while open, recreating it', async () => {
    const { root, files } = await setup({ 'gone.txt': 'v1' });
    const read = await files.read('gone.txt');
    await files.delete('gone.txt');
    await files.write('gone.txt', 'v2', 'utf8', read.hash);
    expect(await readFile(path.join(root, 'gone.txt'), 'utf8')).toBe('v2');
  });

  it('keeps the executable bit across a save', async () => {
    const { root, files } = await setup({ 'run.sh': '#!/bin/sh\n' });
    await chmod(path.join(root, 'run.sh'), 0o755);
    await files.write('run.sh', '#!/bin/sh\necho hi\n', 'utf8');
    expect((await stat(path.join(root, 'run.sh'))).mode & 0o777).toBe(0o755);
  });

  it('opens binary files as binary and invalid UTF-8 read-only, and large files read-only', async () => {
    const { files } = await setup(
      { 'img.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]), 'latin1.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'big.txt': 'x'.repeat(2000) },
      { readOnlyAbove: 1000, refuseAbove: 10_000 },
    );
    expect((await files.read('img.png')).kind).toBe('binary');
    const latin = await files.read('latin1.txt');
    expect(latin).toMatchObject({ kind: 'text', readOnly: true, notice: expect.stringContaining('UTF-8') });
    expect(await files.read('big.txt')).toMatchObject({ kind: 'text', readOnly: true, notice: expect.stringContaining('read-only') });
  });

  it('refuses a rename onto an existing name and leaves both files alone', async () => {
    const { root, files } = await setup({ 'a.txt': 'A', 'b.txt': 'B' });
    await expect(files.rename('a.txt', 'b.txt')).rejects.toMatchObject({ code: 'ALREADY_EXISTS', message: expect.stringContaining("'b.txt' already exists") });
    expect(await readFile(path.join(root, 'a.txt'), 'utf8')).toBe('A');
    expect(await readFile(path.join(root, 'b.txt'), 'utf8')).toBe('B');
    await files.rename('a.txt', 'sub/c.txt');
    expect(await readFile(path.join(root, 'sub', 'c.txt'), 'utf8')).toBe('A');
  });

  it('creates files and folders, refusing to clobber, and deletes them', async () => {
    const { root, files } = await setup({ 'exists.txt': 'keep' });
    await files.create('new/deep/file.ts', 'file');
    await files.create('folder', 'dir');
    await expect(files.create('exists.txt', 'file')).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(await readFile(path.join(root, 'exists.txt'), 'utf8')).toBe('keep');
    await files.delete('new');
    await expect(files.read('new/deep/file.ts')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('names a missing file clearly', async () => {
    const { files } = await setup();
    await expect(files.read('nope.ts')).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining("'nope.ts'") });
  });

  it('refuses paths outside the workspace for every operation', async () => {
    const { files } = await setup({ 'a.txt': '' });
    for (const op of [
      () => files.read('../x'),
      () => files.write('/etc/passwd', 'x', 'utf8'),
      () => files.create('../evil', 'file'),
      () => files.rename('a.txt', '../a.txt'),
      () => files.delete('..'),
      () => files.list('../'),
    ]) {
      await expect(op()).rejects.toMatchObject({ code: 'PATH_OUTSIDE_WORKSPACE' });
    }
  });

  it('announces its own writes so watchers can tell them apart', async () => {
    const { files } = await setup({ 'a.txt': '' });
    const seen: string[] = [];
    files.writes.on((w) => seen.push(`${w.kind}:${w.path}`));
    const result = await files.write('a.txt', 'x', 'utf8');
    await files.create('b.txt', 'file');
    await files.delete('b.txt');
    expect(seen).toEqual(['changed:a.txt', 'added:b.txt', 'removed:b.txt']);
    expect(files.isSelfChange('a.txt', 'changed', result.mtime)).toBe(true);
    expect(files.isSelfChange('a.txt', 'changed', result.mtime + 1000)).toBe(false);
  });

  it('maps permission errors to a message that says what to check', () => {
    const e = fsError(Object.assign(new Error('x'), { code: 'EACCES' }), 'save', 'src/a.ts');
    expect(e).toBeInstanceOf(RpcError);
    expect(e.code).toBe('PERMISSION_DENIED');
    expect(e.message).toBe("Cannot save 'src/a.ts': permission denied. Check the file's permissions and owner.");
  });
});
