import { mkdtemp, mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeRelative, resolveInside } from './paths';

describe('path confinement', () => {
  let root: string;
  let outside: string;
  beforeAll(async () => {
    const base = await realpath(await mkdtemp(path.join(os.tmpdir(), 'sw-paths-')));
    root = path.join(base, 'ws');
    outside = path.join(base, 'outside');
    await mkdir(path.join(root, 'src'), { recursive: true });
    await mkdir(outside);
    await writeFile(path.join(root, 'src', 'a.ts'), 'a');
    await writeFile(path.join(outside, 'secret.txt'), 'secret');
    await symlink(outside, path.join(root, 'escape'));
    await symlink(path.join(outside, 'secret.txt'), path.join(root, 'secret-link'));
    await symlink(path.join(root, 'src'), path.join(root, 'inner-link'));
  });

  it.each([
    ['', ''],
    ['.', ''],
    ['src/a.ts', 'src/a.ts'],
    ['src/../src/a.ts', 'src/a.ts'],
    ['src\\a.ts', 'src/a.ts'],
    ['src/', 'src'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalizeRelative(input)).toBe(expected);
  });

  it.each(['..', '../x', 'src/../../x', '/etc/passwd', 'C:\\Windows', 'c:foo', '\\\\server\\share', 'a\0b'])(
    'refuses %j lexically',
    (input) => {
      expect(() => normalizeRelative(input)).toThrow(expect.objectContaining({ code: 'PATH_OUTSIDE_WORKSPACE' }));
    },
  );

  it('resolves existing and not-yet-existing paths inside the workspace', async () => {
    expect((await resolveInside(root, 'src/a.ts')).abs).toBe(path.join(root, 'src', 'a.ts'));
    expect((await resolveInside(root, 'src/new/deep.ts')).abs).toBe(path.join(root, 'src', 'new', 'deep.ts'));
    expect((await resolveInside(root, 'inner-link/a.ts')).abs).toBe(path.join(root, 'src', 'a.ts'));
  });

  it('refuses a symlink that escapes, for reading through it and for creating under it', async () => {
    await expect(resolveInside(root, 'escape/secret.txt')).rejects.toMatchObject({ code: 'PATH_OUTSIDE_WORKSPACE' });
    await expect(resolveInside(root, 'escape/new-file.txt')).rejects.toMatchObject({ code: 'PATH_OUTSIDE_WORKSPACE' });
    await expect(resolveInside(root, 'secret-link')).rejects.toMatchObject({ code: 'PATH_OUTSIDE_WORKSPACE' });
    await expect(resolveInside(root, 'escape')).rejects.toMatchObject({ message: expect.stringContaining('symbolic link') });
  });
});
