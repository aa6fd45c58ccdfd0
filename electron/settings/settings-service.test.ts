import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempTree } from '../workspace/test-support';
import { loadSettings, userSettingsFile, workspaceSettingsFile } from './settings-service';

describe('settings', () => {
  it('defaults when there are no files', async () => {
    const data = await makeTempTree();
    expect(loadSettings(data, null).settings.general).toEqual({ theme: 'system', fontSize: 13, telemetry: false });
  });

  it('merges user then workspace (workspace wins), accepting comments and trailing commas', async () => {
    const data = await makeTempTree();
    const ws = await makeTempTree();
    await writeFile(userSettingsFile(data), '// mine\n{ "general": { "theme": "dark", "fontSize": 15, }, }');
    await mkdir(path.dirname(workspaceSettingsFile(ws)), { recursive: true });
    await writeFile(workspaceSettingsFile(ws), '{ "general": { "fontSize": 12 } }');
    const { settings, issues } = loadSettings(data, ws);
    expect(issues).toEqual([]);
    expect(settings.general).toMatchObject({ theme: 'dark', fontSize: 12 });
  });

  it('reports a bad value with its key and scope, and keeps the other settings', async () => {
    const data = await makeTempTree();
    await writeFile(userSettingsFile(data), '{ "general": { "theme": "purple", "fontSize": 18 } }');
    const { settings, issues } = loadSettings(data, null);
    expect(issues).toEqual([expect.objectContaining({ scope: 'user', key: 'general.theme' })]);
    expect(settings.general).toMatchObject({ theme: 'system', fontSize: 18 });
  });

  it('reports malformed JSON with the file and line, and falls back to defaults', async () => {
    const data = await makeTempTree();
    await writeFile(userSettingsFile(data), '{\n  "general": { "theme": "dark" \n  oops\n}');
    const { settings, issues } = loadSettings(data, null);
    expect(issues[0]!.message).toMatch(/settings\.json:\d+: /);
    expect(settings.general.theme).toBe('system');
  });
});
