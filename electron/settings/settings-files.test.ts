import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { isRpcError, type RpcError } from '../../shared/rpc/errors';
import { makeTempTree } from '../workspace/test-support';
import { Workspace } from '../workspace/workspace';
import { checkSettingsText, SettingsFiles } from './settings-files';
import { loadSettings, userSettingsFile, workspaceSettingsFile } from './settings-service';

const USER_TEXT = `// My settings — keep this comment
{
  /* the look */
  "general": { "theme": "dark" },
  "terminal": {
    "scrollback": 2000, // lines
  },
}
`;

const open: Workspace[] = [];
afterEach(async () => {
  for (const ws of open.splice(0)) await ws.dispose();
});

async function setup(userText: string | null = USER_TEXT, wsFiles: Record<string, string> = {}) {
  const data = await makeTempTree();
  if (userText !== null) await writeFile(userSettingsFile(data), userText);
  const root = await makeTempTree(wsFiles);
  const ws = new Workspace(root, data);
  open.push(ws);
  let userWrites = 0;
  const files = new SettingsFiles(data, ws, () => userWrites++);
  return { data, root, ws, files, userWrites: () => userWrites, userText: () => readFile(userSettingsFile(data), 'utf8') };
}

const rejection = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as RpcError);

describe('editing settings files', () => {
  it('a UI edit changes one value and keeps every comment, trailing comma and other setting', async () => {
    const s = await setup();
    await s.files.setValue('user', ['terminal', 'scrollback'], 300);
    await s.files.setValue('user', ['general', 'fontSize'], 16);
    await s.files.setValue('user', ['policy', 'trustedCommands'], ['npm test', 'git status']);
    const text = await s.userText();
    expect(text).toContain('// My settings — keep this comment');
    expect(text).toContain('/* the look */');
    expect(text).toContain('"scrollback": 300, // lines');
    expect(text).toContain('"theme": "dark"');
    expect(s.userWrites()).toBe(3);
    const { settings, issues } = loadSettings(s.data, null);
    expect(issues).toEqual([]);
    expect(settings.terminal.scrollback).toBe(300);
    expect(settings.general).toMatchObject({ theme: 'dark', fontSize: 16 });
    expect(settings.policy.trustedCommands).toEqual(['npm test', 'git status']);
  });

  it('quick successive edits land in the order they were made: the last one is what the file keeps', async () => {
    // A select moved supervised → autopilot without waiting: both edits read the file at once.
    const s = await setup('{ "policy": { "defaultMode": "autopilot" } }\n');
    const other = new SettingsFiles(s.data, null, () => {}); // another window, same user file
    for (const scrollback of [300, 400, 500, 600]) {
      await Promise.all([
        s.files.setValue('user', ['policy', 'defaultMode'], 'supervised'),
        other.setValue('user', ['policy', 'defaultMode'], 'autopilot'),
        s.files.setValue('user', ['terminal', 'scrollback'], scrollback),
      ]);
      const { settings } = loadSettings(s.data, null);
      expect(settings.policy.defaultMode).toBe('autopilot');
      expect(settings.terminal.scrollback).toBe(scrollback);
    }
  });

  it('a bad value is refused with its key path and the file is left byte for byte as it was', async () => {
    const s = await setup();
    const e = await rejection(s.files.setValue('user', ['terminal', 'scrollback'], 5));
    expect(isRpcError(e, 'BAD_REQUEST')).toBe(true);
    expect(e!.message).toMatch(/^terminal\.scrollback: Too small: expected number to be >=100/);
    const wrongType = await rejection(s.files.setValue('user', ['agent', 'budgets', 'day'], 'ten'));
    expect(wrongType!.message).toMatch(/^agent\.budgets\.day: /);
    const badModel = await rejection(s.files.setValue('user', ['agent', 'models'], [{ id: 'x', provider: 'nope', model: 'm' }]));
    expect(badModel!.message).toMatch(/^agent\.models\[0\]\.provider: /);
    const unknown = await rejection(s.files.setValue('user', ['terminal', 'scrollbak'], 500));
    expect(unknown!.message).toBe('terminal.scrollbak: there is no such setting.');
    expect(await s.userText()).toBe(USER_TEXT);
    expect(s.userWrites()).toBe(0);
  });

  it('reset removes the value (and an object it leaves empty), so the default applies', async () => {
    const s = await setup();
    await s.files.setValue('user', ['terminal', 'scrollback'], undefined);
    const text = await s.userText();
    expect(text).not.toContain('scrollback');
    expect(text).not.toContain('"terminal"');
    expect(text).toContain('"theme": "dark"');
    expect(text).toContain('// My settings');
    expect(loadSettings(s.data, null).settings.terminal.scrollback).toBe(5000);
  });

  it('creates the user file when there is none, and refuses to edit a file that does not parse', async () => {
    const s = await setup(null);
    await s.files.setValue('user', ['general', 'theme'], 'light');
    expect(JSON.parse(await s.userText())).toEqual({ general: { theme: 'light' } });
    await writeFile(userSettingsFile(s.data), '{ "general": { "theme": "dark" ');
    const e = await rejection(s.files.setValue('user', ['general', 'fontSize'], 14));
    expect(isRpcError(e, 'CONFLICT')).toBe(true);
    expect(e!.message).toContain('is not valid JSON');
    expect(await s.userText()).toBe('{ "general": { "theme": "dark" ');
  });

  it('workspace edits go through the workspace (the watcher knows they are the host’s own) and keep the file’s comments', async () => {
    const s = await setup(null, { '.kiro/settings/specwright.json': '{\n  // team rules\n  "policy": { "trustedCommands": ["npm test"] }\n}\n' });
    const writes: string[] = [];
    s.ws.files.writes.on((w) => writes.push(w.path));
    await s.files.setValue('workspace', ['checkpoints', 'exclude'], ['*.log']);
    expect(writes).toEqual(['.kiro/settings/specwright.json']);
    const text = await readFile(workspaceSettingsFile(s.root), 'utf8');
    expect(text).toContain('// team rules');
    expect(loadSettings(s.data, s.root).settings.checkpoints.exclude).toEqual(['*.log']);
    const e = await rejection(s.files.setValue('workspace', ['policy', 'defaultMode'], 'autopilot'));
    expect(e!.message).toContain('policy.defaultMode: can be set only in your user settings');
  });

  it('the JSON editor path: a bad value is reported with its key path and place, and nothing is saved', async () => {
    const s = await setup();
    const text = '{\n  "general": { "theme": "dark" },\n  "terminal": { "scrollback": -4 },\n  "agnet": {}\n}\n';
    const result = await s.files.writeText('user', text);
    expect(result.saved).toBe(false);
    expect(result.issues.map((i) => [i.key, i.line])).toEqual([
      ['terminal.scrollback', 3],
      ['agnet', 4],
    ]);
    expect(result.issues[0]!.message).toMatch(/^terminal\.scrollback: /);
    expect(result.issues[1]).toMatchObject({ column: 3, endColumn: 10 }); // the key "agnet" itself
    expect(await s.userText()).toBe(USER_TEXT);

    const syntax = await s.files.writeText('user', '{ "general": { "theme": "dark" }');
    expect(syntax.saved).toBe(false);
    expect(syntax.issues[0]!.message).toMatch(/settings\.json:1:\d+: /);
  });

  it('the JSON editor path: a good file is saved as typed, and a file changed meanwhile is not overwritten', async () => {
    const s = await setup();
    const before = await s.files.read('user');
    expect(before).toMatchObject({ exists: true, text: USER_TEXT });
    const text = USER_TEXT.replace('2000', '2500');
    const saved = await s.files.writeText('user', text, before.hash);
    expect(saved).toMatchObject({ saved: true, issues: [] });
    expect(await s.userText()).toBe(text);
    const stale = await rejection(s.files.writeText('user', USER_TEXT, before.hash));
    expect(isRpcError(stale, 'CONFLICT')).toBe(true);
    expect(await s.userText()).toBe(text);
  });

  it('checkSettingsText: an empty file is no settings, not an error', () => {
    expect(checkSettingsText('  \n', 'user', 'settings.json')).toEqual({ value: {}, issues: [], unreadable: false });
  });

  it('without a folder, the workspace scope says to open one', async () => {
    const data = await makeTempTree();
    const files = new SettingsFiles(data, null, () => {});
    const e = await rejection(files.read('workspace'));
    expect(isRpcError(e, 'NO_WORKSPACE')).toBe(true);
  });
});
