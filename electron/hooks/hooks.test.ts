import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kiroCorpusDir, NO_CORPUS_REASON } from '../../e2e/fixtures/reference';
import { parseHookFile } from '../../shared/kiro/hooks';
import { makeTempTree } from '../workspace/test-support';
import { loadHooks, setHookEnabledOnDisk } from './loader';

const corpus = kiroCorpusDir();
if (!corpus) console.warn(`Skipping the hooks corpus tests: ${NO_CORPUS_REASON}`);

const hook = (name: string, when: object, then: object, extra: object = {}) => JSON.stringify({ name, ...extra, when, then }, null, 2);

describe('hooks loader', () => {
  it('loads both formats from the workspace and ~/.kiro/hooks, lists every bad file, and lets the workspace win on names', async () => {
    const root = await makeTempTree({
      '.kiro/hooks/lint.kiro.hook': hook('Lint', { type: 'fileEdited', patterns: ['src/**/*.ts'] }, { type: 'runCommand', command: 'npm run lint' }),
      '.kiro/hooks/team.json': JSON.stringify({ version: 'v1', hooks: [{ name: 'start', trigger: 'SessionStart', action: { type: 'command', command: 'echo hi' } }] }),
      '.kiro/hooks/empty.kiro.hook': '',
      '.kiro/hooks/crlf.kiro.hook': '\uFEFF' + hook('CRLF', { type: 'promptSubmit' }, { type: 'askAgent', prompt: 'Be brief' }).replace(/\n/g, '\r\n'),
      '.kiro/hooks/raw.kiro.hook': '{"name": "Raw", "when": {"type": "agentStop"}, "then": {"type": "askAgent", "prompt": "line one\nline two"}}',
      '.kiro/hooks/typo.kiro.hook': hook('Typo', { type: 'fileEdit', patterns: ['*.sql'] }, { type: 'askAgent', prompt: 'x' }),
      '.kiro/hooks/cut.kiro.hook': '{"name": "Cut", "when": {"type": "fileEd',
      '.kiro/hooks/other-tool.json': JSON.stringify({ name: 'Auto', event: 'onFileSave', filePattern: 'src/**' }),
      '.kiro/hooks/notes.md': '# not a hook',
    });
    const home = await makeTempTree({
      'hooks/lint.kiro.hook': hook('User lint', { type: 'fileEdited', patterns: ['**/*'] }, { type: 'runCommand', command: 'echo user' }),
      'hooks/mine.kiro.hook': hook('Mine', { type: 'agentStop' }, { type: 'askAgent', prompt: 'Summarise' }),
    });
    const loaded = await loadHooks({ root, userKiroDir: home });
    expect(loaded.hooks.map((h) => [h.scope, h.name, h.trigger, h.action.type])).toEqual([
      ['workspace', 'CRLF', 'promptSubmit', 'askAgent'],
      ['workspace', 'Lint', 'fileEdited', 'runCommand'],
      ['workspace', 'Raw', 'agentStop', 'askAgent'],
      ['workspace', 'start', 'sessionStart', 'runCommand'],
      ['user', 'Mine', 'agentStop', 'askAgent'],
    ]);
    const files = Object.fromEntries(loaded.files.map((f) => [f.display, [f.hooks, f.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.code), f.shadowedBy]]));
    expect(files).toEqual({
      '.kiro/hooks/crlf.kiro.hook': [1, [], null],
      '.kiro/hooks/cut.kiro.hook': [0, ['json.syntax'], null],
      '.kiro/hooks/empty.kiro.hook': [0, ['json.empty'], null],
      '.kiro/hooks/lint.kiro.hook': [1, [], null],
      '.kiro/hooks/other-tool.json': [0, ['hook.not-kiro'], null],
      '.kiro/hooks/raw.kiro.hook': [1, [], null],
      '.kiro/hooks/team.json': [1, [], null],
      '.kiro/hooks/typo.kiro.hook': [0, ['hook.unknown-trigger'], null],
      '~/.kiro/hooks/lint.kiro.hook': [1, [], '.kiro/hooks/lint.kiro.hook'],
      '~/.kiro/hooks/mine.kiro.hook': [1, [], null],
    });
    expect(loaded.files.find((f) => f.display.endsWith('typo.kiro.hook'))!.invalid[0]!.reason).toMatch(/did you mean fileEdited/);
    expect(loaded.hooks.find((h) => h.name === 'Raw')!.action).toEqual({ type: 'askAgent', prompt: 'line one\nline two' });
    expect((await loadHooks({ root, userKiroDir: null })).hooks.some((h) => h.scope === 'user')).toBe(false);
  });

  it('switches a hook off and on, changing only the flag and keeping CRLF, BOM and raw newlines', async () => {
    const crlf = '\uFEFF{\r\n  "enabled": true,\r\n  "name": "X",\r\n  "when": {"type": "agentStop"},\r\n  "then": {"type": "askAgent", "prompt": "a\r\nb"}\r\n}\r\n';
    const root = await makeTempTree({ '.kiro/hooks/x.kiro.hook': crlf });
    const file = path.join(root, '.kiro/hooks/x.kiro.hook');
    expect(await setHookEnabledOnDisk(file, 0, false)).toBe(true);
    expect((await readFile(file)).equals(Buffer.from(crlf.replace('"enabled": true', '"enabled": false'), 'utf8'))).toBe(true);
    expect(await setHookEnabledOnDisk(file, 0, false)).toBe(false);
    await setHookEnabledOnDisk(file, 0, true);
    expect((await readFile(file)).equals(Buffer.from(crlf, 'utf8'))).toBe(true);
    const loaded = await loadHooks({ root, userKiroDir: null });
    expect(loaded.hooks[0]!.enabled).toBe(true);
  });

  it('refuses to rewrite a file that is not UTF-8 rather than change its bytes', async () => {
    const root = await makeTempTree({ '.kiro/hooks/l1.kiro.hook': Buffer.from('{"name": "caf\xe9", "enabled": true, "when": {"type": "agentStop"}, "then": {"type": "askAgent", "prompt": "p"}}', 'latin1') });
    await expect(setHookEnabledOnDisk(path.join(root, '.kiro/hooks/l1.kiro.hook'), 0, false)).rejects.toThrow(/not valid UTF-8/);
  });
});

describe.skipIf(!corpus)('hooks over the corpus', () => {
  const repos = corpus ? readdirSync(corpus).filter((r) => !r.endsWith('.tsv')) : [];

  it('every hook file is loaded or diagnosed with the right reason', async () => {
    const reasons = new Map<string, string[]>();
    let loadedCount = 0;
    let fileCount = 0;
    for (const repo of repos) {
      const res = await loadHooks({ root: path.join(corpus!, repo), userKiroDir: null });
      fileCount += res.files.length;
      loadedCount += res.hooks.length;
      for (const f of res.files) {
        expect(f.hooks > 0 || f.invalid.length > 0, f.display).toBe(true);
        if (f.invalid.length) reasons.set(`${repo}/${path.basename(f.path)}`, f.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code));
      }
    }
    expect(fileCount).toBe(94);
    expect(loadedCount).toBe(76);
    const unknown = ['hook.unknown-trigger'];
    expect(Object.fromEntries(reasons)).toEqual({
      '7Republik__reservo-spot/migration-watcher.kiro.hook': unknown,
      'Foodshareclub__foodshare-web/session-length-monitor.kiro.hook': unknown,
      ...Object.fromEntries(['code-reviewer', 'commit-helper', 'doc-generator', 'pr-generator', 'pr-reviewer', 'test-generator'].map((n) => [`dwm97317__zhaunyun/${n}.kiro.hook`, unknown])),
      ...Object.fromEntries(
        ['autogen-tests-on-save', 'changelog-on-release', 'docs-update-on-merge', 'generate-readme-entry-on-new-feature', 'lint-format-on-precommit', 'security-scan-on-dep-add'].map((n) => [`fabishz__resurrection-/${n}.json`, ['hook.not-kiro']]),
      ),
      ...Object.fromEntries(['commit-and-push', 'create-github-issues', 'github-sync-workflow'].map((n) => [`jcmd13__funny-notes-platform/${n}.kiro.hook`, ['hook.not-kiro']])),
      'sourjya__viewgraph/changelog-maintenance.kiro.hook': unknown,
    });
  });

  it('the enabled switch round-trips every corpus hook byte-exactly except the flag', async () => {
    let switched = 0;
    for (const repo of repos) {
      const res = await loadHooks({ root: path.join(corpus!, repo), userKiroDir: null });
      for (const h of res.hooks) {
        const tmp = await makeTempTree();
        const copy = path.join(tmp, path.basename(h.path));
        copyFileSync(h.path, copy);
        const original = readFileSync(copy);
        await setHookEnabledOnDisk(copy, h.source.index, !h.enabled);
        const flipped = readFileSync(copy);
        // The change is confined to one spot: the flag's value, or an inserted "enabled" key.
        let a = 0;
        while (a < original.length && original[a] === flipped[a]) a++;
        let b = 0;
        while (b < original.length - a && original[original.length - 1 - b] === flipped[flipped.length - 1 - b]) b++;
        const removed = original.subarray(a, original.length - b).toString();
        const added = flipped.subarray(a, flipped.length - b).toString();
        const flagChange = /^(tru|fals)$/.test(removed) && /^(fals|tru)$/.test(added);
        const inserted = removed === '' && /^,\s*"enabled": false$/.test(added);
        expect(flagChange || inserted, `${h.path}: -${JSON.stringify(removed)} +${JSON.stringify(added)}`).toBe(true);
        expect(parseHookFile(flipped.toString(), copy).hooks.find((x) => x.source.index === h.source.index)!.enabled).toBe(!h.enabled);
        await setHookEnabledOnDisk(copy, h.source.index, h.enabled);
        const back = readFileSync(copy);
        if (flagChange) expect(back.equals(original), h.path).toBe(true);
        else expect(back.toString()).toBe(flipped.toString().replace('"enabled": false', '"enabled": true'));
        switched++;
      }
    }
    expect(switched).toBe(76);
  });
});
