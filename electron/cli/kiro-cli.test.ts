import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { kiroCorpusDir, NO_CORPUS_REASON } from '../../e2e/fixtures/reference';
import { buildProgram } from '../cli';
import { makeTempTree } from '../workspace/test-support';
import { runKiroCheck } from './kiro';
import { runSpecLint } from './spec';

const corpus = kiroCorpusDir();
if (!corpus) console.warn(`Skipping the CLI corpus test: ${NO_CORPUS_REASON}`);

const REQ = '### Requirement 1\n\n#### Acceptance Criteria\n\n1. THE App SHALL start quickly\n2. The app stops\n3. THE App SHALL log\n';
const capture = async (run: (print: (l: string) => void) => Promise<number>) => {
  const lines: string[] = [];
  const code = await run((l) => lines.push(l));
  return { code, lines };
};

describe('specwright spec lint', () => {
  it('passes a clean spec (warnings do not fail unless --strict)', async () => {
    const root = await makeTempTree({ '.kiro/specs/a/requirements.md': REQ, '.kiro/specs/a/tasks.md': '- [ ] 1. Go\n  - _Requirements: 1.1, 1.2, 1.3_\n' });
    const { code, lines } = await capture((p) => runSpecLint(root, {}, p));
    expect(code).toBe(0);
    expect(lines).toEqual([
      '.kiro/specs/a/requirements.md:6:4: warning ears.missing-shall: Criterion 1.2 has no SHALL: an EARS criterion says what the system SHALL do (e.g. "WHEN <trigger>, THE <system> SHALL <response>").',
      '✓ .kiro/specs/a: 1 requirement, 3 criteria (1 not EARS); tasks 0/1 done; 0 uncovered, 0 dangling references — 0 errors, 1 warning, 1 note',
      '1 spec: 0 errors, 1 warning, 1 note (--verbose shows notes)',
    ]);
    expect((await capture((p) => runSpecLint(root, { strict: true }, p))).code).toBe(1);
    expect((await capture((p) => runSpecLint(root, { verbose: true }, p))).lines.some((l) => l.includes('ears.vague-term'))).toBe(true);
  });

  it('fails on a task that references a criterion that does not exist, and prints JSON for machines', async () => {
    const root = await makeTempTree({ '.kiro/specs/a/requirements.md': REQ, '.kiro/specs/a/tasks.md': '- [ ] 1. Go\n  - _Requirements: 1.1, 7.2_\n' });
    const human = await capture((p) => runSpecLint(path.join(root, '.kiro/specs/a'), {}, p));
    expect(human.code).toBe(1);
    expect(human.lines).toContain('.kiro/specs/a/tasks.md:2:25: error trace.unknown-criterion: Task 1 references 7.2, which is not an acceptance criterion in requirements.md.');
    const json = await capture((p) => runSpecLint(root, { json: true }, p));
    expect(json.code).toBe(1);
    const [line] = json.lines.map((l) => JSON.parse(l));
    expect(line).toMatchObject({ spec: 'a', path: '.kiro/specs/a', type: 'feature', ok: false, summary: { criteria: 3, trace: { dangling: 1, uncovered: 2 } } });
    expect(line.diagnostics.find((d: { code: string }) => d.code === 'trace.unknown-criterion')).toMatchObject({ file: 'tasks.md', line: 2, column: 25, severity: 'error' });
  });

  it('says so when there is nothing to lint', async () => {
    const empty = await makeTempTree({ 'README.md': '# hi' });
    expect(await capture((p) => runSpecLint(empty, {}, p))).toMatchObject({ code: 2, lines: [expect.stringContaining('no spec found')] });
    expect((await capture((p) => runSpecLint(path.join(empty, 'nope'), {}, p))).code).toBe(2);
  });
});

describe('specwright kiro check', () => {
  it('prints one JSON line per file and exits 1 when a file has errors', async () => {
    const root = await makeTempTree({
      '.kiro/steering/a.md': '---\ninclusion: always\n---\nx',
      '.kiro/hooks/empty.kiro.hook': '',
      '.kiro/settings/mcp.json': '{"mcpServers": {}}',
    });
    const { code, lines } = await capture((p) => runKiroCheck(root, {}, p));
    expect(code).toBe(1);
    expect(lines.map((l) => JSON.parse(l)).map((r) => [r.path, r.kind, r.ok, Object.keys(r).join(',')])).toEqual([
      ['.kiro/hooks/empty.kiro.hook', 'hook', false, 'path,kind,ok,summary,diagnostics'],
      ['.kiro/settings/mcp.json', 'mcp', true, 'path,kind,ok,summary,diagnostics'],
      ['.kiro/steering/a.md', 'steering', true, 'path,kind,ok,summary,diagnostics'],
    ]);
    const ok = await makeTempTree({ '.kiro/steering/a.md': 'x' });
    expect((await capture((p) => runKiroCheck(path.join(ok, '.kiro'), {}, p))).code).toBe(0);
    const bare = await makeTempTree();
    const none = await capture((p) => runKiroCheck(bare, {}, p));
    expect(none.code).toBe(2);
    expect(none.lines).toEqual([expect.stringContaining('no .kiro folder')]);
  });

  it('is wired into the specwright program with --help', async () => {
    const program = buildProgram();
    const names = program.commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(['spec', 'kiro']));
    const kiro = program.commands.find((c) => c.name() === 'kiro')!;
    expect(kiro.commands.find((c) => c.name() === 'check')!.helpInformation()).toMatch(/one\s+JSON line per file/);
    const spec = program.commands.find((c) => c.name() === 'spec')!;
    expect(spec.commands.find((c) => c.name() === 'lint')!.helpInformation()).toContain('--json');
    const root = await makeTempTree({ '.kiro/specs/a/requirements.md': REQ });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await buildProgram().parseAsync(['node', 'specwright', 'spec', 'lint', root, '--json']);
      expect(JSON.parse(log.mock.calls[0]![0] as string)).toMatchObject({ spec: 'a', ok: true });
      expect(process.exitCode).toBe(0);
    } finally {
      log.mockRestore();
      process.exitCode = undefined;
    }
  });

  it.skipIf(!corpus)('runs as a real process over a corpus repository', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '..', 'cli.ts'), 'kiro', 'check', path.join(corpus!, 'dwm97317__zhaunyun')], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    const results = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(results).toHaveLength(10);
    expect(results.filter((x) => !x.ok).map((x) => x.path)).toEqual(['code-reviewer', 'commit-helper', 'doc-generator', 'pr-generator', 'pr-reviewer', 'test-generator'].map((n) => `.kiro/hooks/${n}.kiro.hook`));
  });
});
