import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setTaskState } from '../../shared/kiro/tasks';
import { makeTempTree } from '../workspace/test-support';
import { checkKiro, kiroCheckers } from './check';
import { readKiroText, updateKiroText } from './read';
import { listSpecs } from './specs';
import { findKiroFolders, kiroFileKind } from './tree';

const REQ = '# Requirements\n\n### Requirement 1\n\n#### Acceptance Criteria\n\n1. THE App SHALL start\n2. THE App SHALL stop\n';
const TASKS = '- [ ] 1. Start\n  - _Requirements: 1.1_\n- [x] 2. Stop\n  - _Requirements: 1.2, 4.4_\n';
const CONFIG = '{"specId": "30e64014-23a6-4bc9-afd2-9283d4b6dd29", "workflowType": "requirements-first", "specType": "feature"}';

describe('reading a workspace’s .kiro tree', () => {
  it('finds the root .kiro and nested ones of a monorepo, skipping dependencies', async () => {
    const root = await makeTempTree({
      '.kiro/steering/tech.md': 'x',
      'packages/api/.kiro/specs/auth/requirements.md': REQ,
      'packages/web/src/.kiro/steering/ui.md': 'x',
      'node_modules/dep/.kiro/steering/x.md': 'x',
      '.git/.kiro/x': 'x',
    });
    expect((await findKiroFolders(root)).map((k) => k.owner)).toEqual(['', 'packages/api', 'packages/web/src']);
    expect((await findKiroFolders(root, { maxDepth: 0 })).map((k) => k.owner)).toEqual(['']);
  });

  it('names each file under .kiro', () => {
    expect(
      ['specs/a/requirements.md', 'specs/a/bugfix.md', 'specs/a/design.md', 'specs/a/tasks.md', 'specs/a/.config.kiro', 'specs/a/spec.json', 'specs/loose.md', 'steering/x.md', 'steering/sub/y.md', 'hooks/a.kiro.hook', 'hooks/b.json', 'hooks/scripts/run.sh', 'settings/mcp.json', 'settings/specwright.json', 'kiro.json', 'README.md'].map(kiroFileKind),
    ).toEqual(['requirements', 'bugfix', 'design', 'tasks', 'spec-config', 'foreign', 'other', 'steering', 'steering', 'hook', 'hook', 'other', 'mcp', 'settings', 'guardrails', 'other']);
  });

  it('lists every spec with its diagnostics, and flags two folders sharing a specId', async () => {
    const root = await makeTempTree({
      '.kiro/specs/auth/requirements.md': REQ,
      '.kiro/specs/auth/tasks.md': TASKS,
      '.kiro/specs/auth/.config.kiro': CONFIG,
      '.kiro/specs/copy/.config.kiro': CONFIG,
      '.kiro/specs/copy/design.md': '# Design\n',
      'packages/api/.kiro/specs/billing/tasks.md': '- [ ] 1. Bill\n',
    });
    const specs = await listSpecs(root);
    expect(specs.map((s) => [s.rel, s.owner, s.spec.summary.files])).toEqual([
      ['.kiro/specs/auth', '', ['requirements.md', 'tasks.md', '.config.kiro']],
      ['.kiro/specs/copy', '', ['design.md', '.config.kiro']],
      ['packages/api/.kiro/specs/billing', 'packages/api', ['tasks.md']],
    ]);
    expect(specs[0]!.spec.trace.dangling.map((d) => d.ref.raw)).toEqual(['4.4']);
    expect(specs[0]!.spec.diagnostics['.config.kiro']!.map((d) => d.code)).toEqual(['spec.duplicate-id']);
    expect(specs[1]!.spec.diagnostics['.config.kiro']![0]!.message).toContain('.kiro/specs/auth');
  });

  it('reads BOM files as the editor does and writes them back keeping the BOM; refuses non-UTF-8 files', async () => {
    const root = await makeTempTree({
      'tasks.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('- [ ] 1. A\r\n- [ ] 2. B\r\n')]),
      'latin1.md': Buffer.from('- [ ] 1. caf\xe9\n', 'latin1'),
    });
    const t = await readKiroText(path.join(root, 'tasks.md'));
    expect(t).toMatchObject({ text: '- [ ] 1. A\r\n- [ ] 2. B\r\n', encoding: 'utf8bom', exact: true, diagnostics: [] });
    expect(await updateKiroText(path.join(root, 'tasks.md'), (x) => setTaskState(x, '2', 'done'))).toBe(true);
    const bytes = await readFile(path.join(root, 'tasks.md'));
    expect(bytes.equals(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('- [ ] 1. A\r\n- [x] 2. B\r\n')]))).toBe(true);
    expect((await readKiroText(path.join(root, 'latin1.md'))).diagnostics.map((d) => d.code)).toEqual(['file.encoding']);
    await expect(updateKiroText(path.join(root, 'latin1.md'), (x) => setTaskState(x, '1', 'done'))).rejects.toThrow(/not valid UTF-8/);
  });
});

describe('checkKiro', () => {
  it('checks every file under .kiro, each with its kind, ok flag, summary and diagnostics', async () => {
    const root = await makeTempTree({
      '.kiro/specs/auth/requirements.md': REQ,
      '.kiro/specs/auth/tasks.md': TASKS,
      '.kiro/steering/api.md': '---\ninclusion: fileMatch\nfileMatchPattern: "src/**,lib/**"\n---\nx\n',
      '.kiro/hooks/bad.kiro.hook': '{"when": {"type": "manual"}, "then": {"type": "askAgent", "prompt": "x"}}',
      '.kiro/settings/mcp.json': '{"mcpServers": {"gh": {"command": "npx", "env": {"T": "${GH_TOKEN}"}}}}',
      '.kiro/kiro.json': '{"guardrails": {}}',
      '.kiro/notes.txt': 'hello',
    });
    const results = await checkKiro(root);
    expect(results.map((r) => [r.path, r.kind, r.ok])).toEqual([
      ['.kiro/hooks/bad.kiro.hook', 'hook', false],
      ['.kiro/kiro.json', 'guardrails', true],
      ['.kiro/notes.txt', 'other', true],
      ['.kiro/settings/mcp.json', 'mcp', true],
      ['.kiro/specs/auth/requirements.md', 'requirements', true],
      ['.kiro/specs/auth/tasks.md', 'tasks', false],
      ['.kiro/steering/api.md', 'steering', true],
    ]);
    const by = Object.fromEntries(results.map((r) => [r.path, r]));
    expect(by['.kiro/steering/api.md']!.summary).toMatchObject({ inclusion: 'fileMatch', patterns: ['src/**', 'lib/**'] });
    expect(by['.kiro/settings/mcp.json']!.summary).toMatchObject({ servers: 1, variables: ['GH_TOKEN'] });
    expect(by['.kiro/specs/auth/tasks.md']!.summary).toMatchObject({ tasks: 2, danglingRefs: 1 });
    expect(by['.kiro/hooks/bad.kiro.hook']!.diagnostics[0]!.message).toMatch(/did you mean userTriggered/);
    // kiro.json is checked by the policy's guardrail parser (electron/kiro/guardrails-checker.ts).
    expect(by['.kiro/kiro.json']).toMatchObject({ ok: true, diagnostics: [], summary: { intact: true, deny: 0 } });
  });

  it('takes extra checkers (the hook point for kiro.json) before the built-in ones', async () => {
    const root = await makeTempTree({ '.kiro/kiro.json': '{"guardrails": {"deny": 3}}' });
    kiroCheckers.unshift({
      kind: 'guardrails',
      matches: (rel) => rel === 'kiro.json',
      check: (text) => ({ summary: { length: text.length }, diagnostics: [{ severity: 'error', code: 'guardrails.shape', message: 'deny must be an object', line: 1, column: 1, endLine: 1, endColumn: 2 }] }),
    });
    try {
      const [r] = await checkKiro(root);
      expect(r).toMatchObject({ path: '.kiro/kiro.json', kind: 'guardrails', ok: false, summary: { length: 27 } });
    } finally {
      kiroCheckers.shift();
    }
  });
});
