import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings, Settings } from '../../shared/settings';
import { formatKey, scopeIssues, settingsJsonSchema, unknownKeys } from '../../shared/settings/validate';
import { makeTempTree } from '../workspace/test-support';
import { loadSettings, userSettingsFile, workspaceSettingsFile } from './settings-service';

async function withFiles(user: string | null, workspace: string | null) {
  const data = await makeTempTree();
  const ws = await makeTempTree();
  if (user !== null) await writeFile(userSettingsFile(data), user);
  if (workspace !== null) {
    await mkdir(path.dirname(workspaceSettingsFile(ws)), { recursive: true });
    await writeFile(workspaceSettingsFile(ws), workspace);
  }
  return { data, ws };
}

describe('settings', () => {
  it('defaults when there are no files', async () => {
    const data = await makeTempTree();
    const { settings, issues } = loadSettings(data, null);
    expect(issues).toEqual([]);
    expect(settings.general).toEqual({ theme: 'system', fontSize: 13, telemetry: false, notifications: { enabled: true, minSeconds: 10 } });
    expect(settings.policy).toEqual({ trustedCommands: [], defaultMode: 'supervised' });
    expect(settings.keybindings).toEqual({ overrides: {} });
    expect(settings).toEqual(defaultSettings());
  });

  it('every field of every section has a default (Settings.parse({}) succeeds, and each section parses from {})', () => {
    expect(Settings.safeParse({}).success).toBe(true);
    for (const [name, section] of Object.entries(Settings.shape)) expect(section.safeParse(undefined).success, name).toBe(true);
  });

  it('merges user then workspace (workspace wins), accepting comments and trailing commas', async () => {
    const { data, ws } = await withFiles('// mine\n{ "general": { "theme": "dark", "fontSize": 15, }, }', '{ "general": { "fontSize": 12 } }');
    const { settings, issues, scopes } = loadSettings(data, ws);
    expect(issues).toEqual([]);
    expect(settings.general).toMatchObject({ theme: 'dark', fontSize: 12 });
    expect(scopes).toEqual({ user: { general: { theme: 'dark', fontSize: 15 } }, workspace: { general: { fontSize: 12 } } });
  });

  it('a bad workspace value falls back to the user value, not the default', async () => {
    const { data, ws } = await withFiles('{ "terminal": { "scrollback": 900 } }', '{ "terminal": { "scrollback": "lots" } }');
    const { settings, issues } = loadSettings(data, ws);
    expect(settings.terminal.scrollback).toBe(900);
    expect(issues).toEqual([expect.objectContaining({ scope: 'workspace', key: 'terminal.scrollback', path: ['terminal', 'scrollback'] })]);
  });

  it('reports a bad value with its key and scope, and keeps the other settings', async () => {
    const data = await makeTempTree();
    await writeFile(userSettingsFile(data), '{ "general": { "theme": "purple", "fontSize": 18 } }');
    const { settings, issues } = loadSettings(data, null);
    expect(issues).toEqual([expect.objectContaining({ scope: 'user', key: 'general.theme' })]);
    expect(issues[0]!.message).toMatch(/^general\.theme: /);
    expect(settings.general).toMatchObject({ theme: 'system', fontSize: 18 });
  });

  it('a broken model entry is dropped with its key path, and the rest of the list and every other setting stay', async () => {
    const models = [
      { id: 'good', provider: 'openai', model: 'm1' },
      { id: 'bad', provider: 'openia', model: 'm2' },
      { id: 'priced', provider: 'anthropic', model: 'm3', price: { inputPerMTok: -1 } },
    ];
    const { data } = await withFiles(JSON.stringify({ agent: { models, budgets: { day: 2 } }, general: { fontSize: 20 } }), null);
    const { settings, issues } = loadSettings(data, null);
    expect(issues.map((i) => i.key).sort()).toEqual(['agent.models[1].provider', 'agent.models[2].price.inputPerMTok']);
    expect(settings.agent.models.map((m) => m.id)).toEqual(['good', 'priced']);
    expect(settings.agent.models[1]!.price.inputPerMTok).toBe(0);
    expect(settings.agent.budgets.day).toBe(2);
    expect(settings.general.fontSize).toBe(20);
  });

  it('reports keys no setting has (typos) with their path, and ignores them', async () => {
    const { data, ws } = await withFiles('{ "terminal": { "scrollbak": 10 }, "themes": "dark" }', '{ "keybindings": { "overrides": { "file.save": "Mod+Alt+S" } } }');
    const { settings, issues } = loadSettings(data, ws);
    expect(issues.map((i) => `${i.scope} ${i.message}`).sort()).toEqual([
      'user terminal.scrollbak: there is no such setting; it is ignored.',
      'user themes: there is no such setting; it is ignored.',
    ]);
    expect(settings.keybindings.overrides).toEqual({ 'file.save': 'Mod+Alt+S' });
  });

  it('policy.defaultMode is read from the user file only: a workspace cannot put itself in Autopilot', async () => {
    const { data, ws } = await withFiles(null, '{ "policy": { "defaultMode": "autopilot", "trustedCommands": ["ls"] } }');
    const { settings, issues } = loadSettings(data, ws);
    expect(settings.policy).toEqual({ defaultMode: 'supervised', trustedCommands: ['ls'] });
    expect(issues).toEqual([expect.objectContaining({ scope: 'workspace', key: 'policy.defaultMode', message: expect.stringContaining('only in your user settings') })]);
    const user = await withFiles('{ "policy": { "defaultMode": "autopilot" } }', null);
    expect(loadSettings(user.data, user.ws).settings.policy.defaultMode).toBe('autopilot');
  });

  it('validates keybinding overrides: a chord, or null to unbind', async () => {
    const { data } = await withFiles('{ "keybindings": { "overrides": { "a.b": "Mod+Shift+K", "c.d": null, "e.f": "Hyper+Q" } } }', null);
    const { settings, issues } = loadSettings(data, null);
    expect(settings.keybindings.overrides).toEqual({ 'a.b': 'Mod+Shift+K', 'c.d': null });
    expect(issues).toEqual([expect.objectContaining({ key: 'keybindings.overrides["e.f"]', message: expect.stringContaining("a key chord such as 'Mod+Shift+K'") })]);
  });

  it('reports malformed JSON with the file and line, and falls back to defaults', async () => {
    const data = await makeTempTree();
    await writeFile(userSettingsFile(data), '{\n  "general": { "theme": "dark" \n  oops\n}');
    const { settings, issues } = loadSettings(data, null);
    expect(issues[0]!.message).toMatch(/settings\.json:\d+: /);
    expect(settings.general.theme).toBe('system');
  });

  it('a file that is not an object is reported, not thrown', async () => {
    const { data } = await withFiles('[1, 2]', null);
    const { settings, issues } = loadSettings(data, null);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('expected a JSON object of settings');
    expect(settings).toEqual(defaultSettings());
  });

  it('helpers: key paths print as people read them; the JSON Schema knows every section', () => {
    expect(formatKey(['agent', 'models', 2, 'price'])).toBe('agent.models[2].price');
    expect(formatKey(['keybindings', 'overrides', 'file.save'])).toBe('keybindings.overrides["file.save"]');
    expect(Object.keys(settingsJsonSchema().properties!).sort()).toEqual(Object.keys(Settings.shape).sort());
    expect(unknownKeys({ terminal: { env: { ANY: 'x' } }, agent: { models: [{ id: 'a', typo: 1 }] } })).toEqual([['agent', 'models', 0, 'typo']]);
    expect(scopeIssues({ general: { fontSize: 200 } }, 'user')[0]!.message).toMatch(/^general\.fontSize: Too big/);
  });
});
