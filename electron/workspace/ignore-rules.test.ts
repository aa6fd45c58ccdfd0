import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IgnoreRules } from './ignore-rules';

async function tree(files: Record<string, string>) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sw-ignore-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  return root;
}

describe('IgnoreRules', () => {
  const files = {
    '.gitignore': 'dist/\n*.log\n!keep.log\nsecret*\n',
    'src/.gitignore': 'generated/\n!secret-ok.ts\n',
    'src/a.ts': '',
    'src/secret-ok.ts': '',
    'src/secret.ts': '',
    'src/generated/x.ts': '',
    'dist/out.js': '',
    'debug.log': '',
    'keep.log': '',
    'notes/dist': '',
    '.kiroignore': 'notes/\n',
    'notes/n.md': '',
  };

  it('agrees with git check-ignore on nested rules, negation and directory-only patterns', async () => {
    const root = await tree(files);
    execFileSync('git', ['init', '-q'], { cwd: root });
    const rules = new IgnoreRules(root, { files: ['.gitignore'] });
    for (const rel of Object.keys(files)) {
      let gitSays: boolean;
      try {
        execFileSync('git', ['check-ignore', '-q', rel], { cwd: root });
        gitSays = true;
      } catch {
        gitSays = false;
      }
      expect([rel, rules.isIgnored(rel, false)]).toEqual([rel, gitSays]);
    }
  });

  it('adds .kiroignore and built-in patterns when asked', async () => {
    const root = await tree(files);
    const rules = new IgnoreRules(root, { files: ['.gitignore', '.kiroignore'], builtIn: ['node_modules/'] });
    expect(rules.isIgnored('notes/n.md', false)).toBe(true);
    expect(rules.isIgnored('node_modules', true)).toBe(true);
    expect(rules.isIgnored('pkg/node_modules/x.js', false)).toBe(true);
    expect(rules.isIgnored('src/a.ts', false)).toBe(false);
  });

  it('picks up an edited ignore file after invalidate()', async () => {
    const root = await tree({ '.gitignore': '', 'a.txt': '' });
    const rules = new IgnoreRules(root, { files: ['.gitignore'] });
    expect(rules.isIgnored('a.txt', false)).toBe(false);
    await writeFile(path.join(root, '.gitignore'), 'a.txt\n');
    rules.invalidate();
    expect(rules.isIgnored('a.txt', false)).toBe(true);
  });
});
