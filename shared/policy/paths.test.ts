import { describe, expect, it } from 'vitest';
import { pathApprovalReason, protectedReason, resolveWorkspacePath } from './paths';

describe('workspace paths', () => {
  const root = '/home/me/proj';
  const table: [string, string, string | null][] = [
    ['src/a.ts', '', 'src/a.ts'],
    ['./src/../README.md', '', 'README.md'],
    ['/home/me/proj/x', '', 'x'],
    ['/home/me/PROJ/x', '', 'x'],
    ['/home/me/project2/x', '', null],
    ['../x', '', null],
    ['src/../../x', '', null],
    ['~/.bashrc', '', null],
    ['/etc/passwd', '', null],
    ['a.txt', 'src', 'src/a.txt'],
    ['../a.txt', 'src', 'a.txt'],
    ['x', '/tmp', null],
    ['src\\win\\file.ts', '', 'src/win/file.ts'],
  ];
  for (const [p, cwd, rel] of table) it(`${p} (cwd ${cwd || 'root'}) → ${rel}`, () => expect(resolveWorkspacePath(root, p, cwd).rel).toBe(rel));

  it('handles Windows roots and drives', () => {
    expect(resolveWorkspacePath('C:\\Users\\me\\proj', 'C:\\Users\\me\\proj\\src\\a.ts').rel).toBe('src/a.ts');
    expect(resolveWorkspacePath('C:\\Users\\me\\proj', 'D:\\proj\\a.ts').rel).toBe(null);
  });

  it('protects exactly the listed places', () => {
    for (const p of ['.git', '.git/config', '.git/hooks/pre-commit', 'sub/.git/x', '.GIT/HEAD', '.kiro/kiro.json', '.kiro/settings/mcp.json', '.kiro/settings', '.kiro/hooks/a.kiro.hook', '.kiroignore', '.vscode/settings.json']) {
      expect(protectedReason(p), p).not.toBeNull();
    }
    for (const p of ['.gitignore', '.github/workflows/ci.yml', '.kiro/specs/x/tasks.md', '.kiro/steering/a.md', 'src/.gitkeep', 'kiro.json', 'vscode/x']) {
      expect(protectedReason(p), p).toBeNull();
    }
    expect(pathApprovalReason(root, '../outside')).toMatch(/outside the workspace/);
  });
});
