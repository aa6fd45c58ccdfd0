import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssistantEntry } from '../../shared/agent/session';
import { parseHookFile } from '../../shared/kiro/hooks';
import { waitFor } from '../workspace/test-support';
import { findCliEntry } from './cli-shim';
import { hookJson, startHooksHarness, type HooksHarness } from './test-support';

let h: HooksHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const toolCalls = (entries: { type: string }[]) => entries.filter((e): e is AssistantEntry => e.type === 'assistant').flatMap((a) => a.toolCalls);

describe('hooks service: the panel’s side', () => {
  it('lists every hook and every file that cannot run, with its diagnostics; reloads when hook files change', async () => {
    h = await startHooksHarness({
      files: {
        '.kiro/hooks/lint.kiro.hook': hookJson('Lint', { type: 'fileEdited', patterns: ['src/**/*.ts'] }, { type: 'runCommand', command: 'npm run lint', timeout: 30 }),
        '.kiro/hooks/typo.kiro.hook': hookJson('Typo', { type: 'fileEdit', patterns: ['*.sql'] }, { type: 'askAgent', prompt: 'x' }),
        '.kiro/hooks/empty.kiro.hook': '',
      },
    });
    const state = await h.service.state();
    expect(state.hooks.map((x) => [x.name, x.trigger, x.patterns, x.action.type, x.timeoutSeconds, x.enabled, x.file])).toEqual([['Lint', 'fileEdited', ['src/**/*.ts'], 'runCommand', 30, true, '.kiro/hooks/lint.kiro.hook']]);
    const files = Object.fromEntries(state.files.map((f) => [f.file, f]));
    expect(files['.kiro/hooks/typo.kiro.hook']!.invalid[0]!.reason).toMatch(/Unknown trigger "fileEdit" — did you mean fileEdited\?/);
    expect(files['.kiro/hooks/typo.kiro.hook']!.diagnostics[0]).toMatchObject({ severity: 'error', code: 'hook.unknown-trigger', line: 4 });
    expect(files['.kiro/hooks/empty.kiro.hook']!.diagnostics.map((d) => d.code)).toEqual(['json.empty']);
    expect(state.disabled).toBe(false);

    // A file written on disk by anything (git pull, another editor) is picked up…
    let changes = 0;
    h.dispatcher.changed.on(() => changes++);
    await writeFile(path.join(h.root, '.kiro/hooks/typo.kiro.hook'), hookJson('Typo', { type: 'fileEdited', patterns: ['*.sql'] }, { type: 'askAgent', prompt: 'x' }));
    await waitFor(() => h!.dispatcher.hooks.some((x) => x.name === 'Typo'), 5000, 'the fixed hook to load');
    // …and one the host writes too.
    await h.ws.files.write('.kiro/hooks/empty.kiro.hook', hookJson('Was empty', { type: 'agentStop' }, { type: 'askAgent', prompt: 'Summarise.' }), 'utf8');
    await waitFor(() => h!.dispatcher.hooks.some((x) => x.name === 'Was empty'), 5000, 'the new hook to load');
    expect(changes).toBeGreaterThanOrEqual(2);
    expect((await h.service.state()).files.every((f) => f.invalid.length === 0)).toBe(true);
  });

  it('the switch rewrites only the enabled flag (BOM, CRLF, other hooks of the file untouched); a hook switched off does not run', async () => {
    const older = '\uFEFF{\r\n  "name": "Lint",\r\n  "enabled": true,\r\n  "when": {"type": "fileEdited", "patterns": ["*.md"]},\r\n  "then": {"type": "runCommand", "command": "node h.js lint"}\r\n}\r\n';
    const newer = '{"version": "v1", "hooks": [\n  {"name": "one", "trigger": "Stop", "action": {"type": "command", "command": "node h.js one"}},\n  {"name": "two", "trigger": "PostFileSave", "matcher": "\\\\.md$", "action": {"type": "command", "command": "node h.js two"}}\n]}\n';
    h = await startHooksHarness({ files: { 'notes.md': '', '.kiro/hooks/lint.kiro.hook': older, '.kiro/hooks/team.json': newer } });
    const id = (name: string) => h!.dispatcher.hooks.find((x) => x.name === name)!.id;
    const bytes = (rel: string) => readFile(path.join(h!.root, rel));

    await h.service.setEnabled(id('Lint'), false);
    expect((await bytes('.kiro/hooks/lint.kiro.hook')).equals(Buffer.from(older.replace('"enabled": true', '"enabled": false')))).toBe(true);
    await h.service.setEnabled(id('two'), false);
    // Absent means on: the key is added to that hook's object only.
    expect((await bytes('.kiro/hooks/team.json')).toString()).toBe(newer.replace('"command": "node h.js two"}}', '"command": "node h.js two"}, "enabled": false}'));
    expect((await h.service.state()).hooks.map((x) => [x.name, x.enabled])).toEqual([
      ['Lint', false],
      ['one', true],
      ['two', false],
    ]);
    await h.ws.files.write('notes.md', 'saved', 'utf8');
    await h.quiet(600);
    expect(await h.fired()).toEqual([]);

    await h.service.setEnabled(id('Lint'), true);
    expect((await bytes('.kiro/hooks/lint.kiro.hook')).equals(Buffer.from(older))).toBe(true);
    await h.ws.files.write('notes.md', 'saved again', 'utf8');
    await h.settled(1);
    expect((await h.fired()).map((r) => r.label)).toEqual(['lint']);
  });

  it('the form writes an older-format .kiro.hook that loads back, with a free name; a hook that could never fire is refused', async () => {
    h = await startHooksHarness();
    const input = { name: 'Lint on save', description: 'Runs the linter.', trigger: 'fileEdited' as const, patterns: ['src/**/*.ts'], toolTypes: [], action: { type: 'runCommand' as const, command: 'npm run lint', timeout: 30 } };
    expect(await h.service.create(input)).toEqual({ path: '.kiro/hooks/lint-on-save.kiro.hook' });
    expect(await h.service.create(input)).toEqual({ path: '.kiro/hooks/lint-on-save-2.kiro.hook' });
    const text = await readFile(path.join(h.root, '.kiro/hooks/lint-on-save.kiro.hook'), 'utf8');
    expect(JSON.parse(text)).toEqual({
      enabled: true,
      name: 'Lint on save',
      description: 'Runs the linter.',
      version: '1',
      when: { type: 'fileEdited', patterns: ['src/**/*.ts'] },
      then: { type: 'runCommand', command: 'npm run lint', timeout: 30 },
    });
    expect(parseHookFile(text, 'x.kiro.hook').hooks).toHaveLength(1);
    expect(h.dispatcher.hooks.map((x) => x.name)).toEqual(['Lint on save', 'Lint on save']);
    await expect(h.service.create({ ...input, patterns: [] })).rejects.toThrow(/needs at least one file pattern/);
    await expect(h.service.create({ ...input, trigger: 'preToolUse', toolTypes: [] })).rejects.toThrow(/needs at least one tool type/);
    await expect(h.service.create({ ...input, trigger: 'preToolUse', toolTypes: ['(unclosed'] })).rejects.toThrow(/neither a tool category nor a valid regular expression/);
    expect(await h.service.create({ ...input, name: 'Ask', trigger: 'postToolUse', toolTypes: ['write', 'mcp__.*'], action: { type: 'askAgent', prompt: 'Review the change.' } })).toEqual({ path: '.kiro/hooks/ask.kiro.hook' });
    expect(h.dispatcher.hooks.find((x) => x.name === 'Ask')).toMatchObject({ trigger: 'postToolUse', toolTypes: ['write', 'mcp__.*'], action: { type: 'askAgent' } });
  });
});

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
const SECRET_CONFIG = '{\n  "region": "eu-west-1",\n  "accessKeyId": "AKIAIOSFODNN7EXAMPLE"\n}\n';

describe('the secret scan template', () => {
  it('blocks a git commit whose staged changes hold a key, with the file and line, and warns when a saved config file holds one', async () => {
    if (!findCliEntry()) throw new Error('The built CLI (dist/host/cli.mjs) is missing: run `node scripts/build.mjs` first (npm test builds before the unit tests).');
    h = await startHooksHarness({
      trust: ['node *', 'git *'],
      files: { 'README.md': '# Demo\n', 'config/prod.json': '{}\n' },
      script: {
        turns: [
          { when: { lastUser: 'commit', step: 0 }, reply: [{ toolUse: { name: 'run_command', input: { command: 'git commit -m "Add the production config"' } } }] },
          { when: { lastUser: 'commit', step: 1 }, reply: [{ text: 'The commit was blocked.' }] },
          { when: { lastUser: 'status', step: 0 }, reply: [{ toolUse: { name: 'run_command', input: { command: 'git status --short' } } }] },
          { when: { lastUser: 'status', step: 1 }, reply: [{ text: 'Clean.' }] },
        ],
      },
    });
    git(h.root, 'init', '-q');
    git(h.root, 'add', 'README.md');
    git(h.root, 'commit', '-qm', 'init');
    expect((await h.service.templates()).map((t) => [t.id, t.files.map((f) => f.exists)])).toEqual([['secret-scan', [false, false, false]]]);
    expect(await h.service.addTemplate('secret-scan')).toEqual({ paths: ['.kiro/hooks/secret-scan-commit.kiro.hook', '.kiro/hooks/secret-scan-write.kiro.hook', '.kiro/hooks/secret-scan-save.kiro.hook'] });
    expect(JSON.parse(await readFile(path.join(h.root, '.kiro/settings/specwright.json'), 'utf8')).policy.trustedCommands).toContain('specwright hooks scan-secrets *');
    await waitFor(() => h!.ws.settings.settings.policy.trustedCommands.includes('specwright hooks scan-secrets *'), 5000, 'the trust rule');

    // A shell command that is not a commit passes (the scan does not even look).
    const { id } = await h.agent.createSession();
    await h.ask(id, 'show the status');
    expect(toolCalls((await h.agent.get(id)).data.entries)[0]).toMatchObject({ name: 'run_command', status: 'done' });

    // Saving a config file with a key: the save happened, the person is warned where.
    await h.ws.files.write('config/prod.json', SECRET_CONFIG, 'utf8');
    const isSave = (r: { hookName: string; paths: string[] }) => r.hookName === 'Secret scan: config files' && r.paths.includes('config/prod.json');
    await waitFor(() => h!.finished().some(isSave), 30_000, 'the save scan');
    const save = h.finished().find(isSave)!;
    expect(save).toMatchObject({ status: 'warning', exitCode: 1, paths: ['config/prod.json'] });
    expect(save.stderr).toContain('config/prod.json:3:19: AWS access key id (AKIA…MPLE)');
    expect(h.notices.some((n) => n.message.includes('Secret scan: config files'))).toBe(true);

    // The commit: blocked, and the model reads where the key is.
    git(h.root, 'add', 'config/prod.json');
    const s2 = await h.agent.createSession();
    expect(await h.ask(s2.id, 'commit the config')).toMatchObject({ status: 'done', text: 'The commit was blocked.' });
    const [call] = toolCalls((await h.agent.get(s2.id)).data.entries);
    expect(call).toMatchObject({ name: 'run_command', status: 'denied' });
    expect(call!.result).toContain('Blocked by the hook “Secret scan: before commit” (preToolUse)');
    expect(call!.result).toContain('config/prod.json:3:19: AWS access key id (AKIA…MPLE)');
    expect(JSON.stringify(h.servers.requests('bedrock').at(-1)!.body)).toContain('config/prod.json:3:19: AWS access key id');
    expect(git(h.root, 'log', '--oneline').trim().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(h.root, '.git/COMMIT_EDITMSG')) && (await readFile(path.join(h.root, '.git/COMMIT_EDITMSG'), 'utf8')).includes('production')).toBe(false);
  }, 120_000);
});
