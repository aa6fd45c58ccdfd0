import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { editorText, expect, test } from './fixtures/ide';
import { mod, openSettings, policyCheck, userSettings, userSettingsPath, userSettingsText } from './fixtures/settings';
import { startServerProcess } from './fixtures/server';
import { createTempWorkspace } from './fixtures/workspace';

const workspaceFile = '.kiro/settings/specwright.json';

async function palette(page: Page, command: string) {
  await page.keyboard.press(`${mod}+Shift+P`);
  await page.getByRole('combobox', { name: 'Command palette' }).fill(command);
  await page.keyboard.press('Enter');
}

async function setNumber(field: Locator, value: string) {
  await field.fill(value);
  await field.press('Enter');
}

test.describe('the Settings screen', () => {
  test('opens with Ctrl/Cmd+, and from the palette as an editor tab; search narrows it to matching settings', async ({ ide }) => {
    const { page } = ide;
    const settings = await openSettings(page);
    await expect(page.getByRole('tablist', { name: 'Open editors' }).getByRole('tab', { name: 'Settings' })).toHaveAttribute('aria-selected', 'true');
    await expect(settings.getByRole('searchbox', { name: 'Search settings' })).toBeFocused();
    // Every section of the schemas is there, with the hand-made ones.
    for (const heading of ['General', 'Agent', 'API Keys', 'Policy', 'Terminal', 'Checkpoints', 'Keyboard Shortcuts']) await expect(settings.getByRole('heading', { name: heading, exact: true })).toBeVisible();
    await page.getByRole('tab', { name: 'Settings' }).getByRole('button', { name: 'Close Settings' }).click();
    await expect(settings).toHaveCount(0);

    await palette(page, 'Preferences: Open Settings');
    await expect(settings).toBeVisible();
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('scrollback');
    await expect(settings.getByRole('spinbutton', { name: 'Terminal › Scrollback' })).toBeVisible();
    await expect(settings.getByRole('heading', { level: 2 })).toHaveText(['Terminal']);
    await expect(settings.getByRole('combobox', { name: 'General › Color Theme' })).toHaveCount(0);
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('no such thing at all');
    await expect(settings.getByText('No settings match “no such thing at all”.')).toBeVisible();
  });

  test('a bad value is refused with its key path and never written; a good one is, and Reset takes it out again', async ({ ide }) => {
    const { page, dataDir } = ide;
    const settings = await openSettings(page);
    const scrollback = settings.getByRole('spinbutton', { name: 'Terminal › Scrollback' });
    await setNumber(scrollback, '5');
    await expect(settings.getByRole('alert').filter({ hasText: 'terminal.scrollback: Too small: expected number to be >=100' })).toBeVisible();
    expect(await userSettingsText(dataDir)).toBe('');

    await setNumber(scrollback, '2500');
    await expect.poll(() => userSettings(dataDir)).toEqual({ terminal: { scrollback: 2500 } });
    await expect(settings.getByRole('alert').filter({ hasText: 'terminal.scrollback' })).toHaveCount(0);
    await expect(settings.getByText('Set in user settings')).toBeVisible();
    await settings.getByRole('button', { name: 'Reset terminal.scrollback' }).click();
    await expect.poll(() => userSettings(dataDir)).toEqual({});
    await expect(scrollback).toHaveValue('5000');
  });

  test('theme: the setting drives data-theme (light, dark, system), from the form and from the JSON file', async ({ ide }, testInfo) => {
    const { page, dataDir } = ide;
    const settings = await openSettings(page);
    const html = page.locator('html');
    const osTheme = await page.evaluate(() => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
    await expect(html).toHaveAttribute('data-theme', osTheme);
    const theme = settings.getByRole('combobox', { name: 'General › Color Theme' });
    await theme.selectOption('dark');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    expect(await userSettings(dataDir)).toEqual({ general: { theme: 'dark' } });
    await page.screenshot({ path: testInfo.outputPath('settings-general-dark.png') });
    await settings.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: 'Agent' }).click();
    await expect(settings.getByRole('heading', { name: 'Agent', exact: true })).toBeInViewport();
    await page.screenshot({ path: testInfo.outputPath('settings-agent-dark.png') });
    await theme.selectOption('light');
    await expect(html).toHaveAttribute('data-theme', 'light');
    await page.screenshot({ path: testInfo.outputPath('settings-agent-light.png') });
    // The setting survives a reload, with no flash of the other theme.
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'light');

    // Typed into the file by hand (as another editor would): applied at once.
    await writeFile(userSettingsPath(dataDir), '{ "general": { "theme": "dark" } }');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await writeFile(userSettingsPath(dataDir), '{ "general": { "theme": "system" } }');
    await expect(html).toHaveAttribute('data-theme', osTheme);
  });

  test('font size applies to Monaco and to the terminal', async ({ ide }) => {
    const { page } = ide;
    await page.getByRole('treeitem', { name: 'README.md' }).click();
    await expect.poll(() => editorText(page)).toContain('A workspace for end-to-end tests.');
    const monacoFont = () => page.getByRole('region', { name: 'Editor' }).locator('.view-lines').first().evaluate((e) => getComputedStyle(e).fontSize);
    expect(await monacoFont()).toBe('13px');
    await page.keyboard.press('Control+`');
    const terminal = page.getByRole('region', { name: 'Terminal' });
    await expect(terminal.locator('.xterm-rows')).toBeVisible();
    const termFont = () => terminal.locator('.xterm-rows').evaluate((e) => getComputedStyle(e).fontSize);
    expect(await termFont()).toBe('13px');

    const settings = await openSettings(page);
    await setNumber(settings.getByRole('spinbutton', { name: 'General › Font Size' }), '19');
    await expect.poll(termFont).toBe('19px');
    await page.getByRole('tab', { name: 'README.md' }).click();
    await expect.poll(monacoFont).toBe('19px');
    // A new editor gets it too.
    await page.getByRole('treeitem', { name: 'package.json' }).click();
    await expect.poll(() => editorText(page)).toContain('"name": "sample"');
    await expect.poll(monacoFont).toBe('19px');
  });

  test('user and workspace scopes: the workspace wins and says so; Reset in the workspace brings the user value back', async ({ ide, workspace }) => {
    const { page, dataDir } = ide;
    const settings = await openSettings(page);
    const scopes = settings.getByRole('tablist', { name: 'Settings scope' });
    const scrollback = settings.getByRole('spinbutton', { name: 'Terminal › Scrollback' });
    await setNumber(scrollback, '900');
    await expect.poll(() => userSettings(dataDir)).toEqual({ terminal: { scrollback: 900 } });

    await scopes.getByRole('tab', { name: /^Workspace/ }).click();
    await expect(scrollback).toHaveValue('900'); // inherited from the user's
    const row = settings.locator('[data-key="terminal.scrollback"]');
    await expect(row).toContainText('Not set in this workspace: your user setting applies.');
    await setNumber(scrollback, '700');
    await expect.poll(() => workspace.readText(workspaceFile).then(JSON.parse).catch(() => null)).toEqual({ terminal: { scrollback: 700 } });
    await expect(row).toContainText('Set in this workspace');

    await scopes.getByRole('tab', { name: 'User' }).click();
    await expect(scrollback).toHaveValue('900');
    await expect(row).toContainText('This workspace sets its own value (700), which is the one in effect here.');

    // The terminal a new tab opens uses what is in effect: 700 lines.
    await scopes.getByRole('tab', { name: /^Workspace/ }).click();
    await settings.getByRole('button', { name: 'Reset terminal.scrollback' }).click();
    await expect.poll(() => workspace.readText(workspaceFile).then(JSON.parse).catch(() => null)).toEqual({});
    await expect(scrollback).toHaveValue('900');
  });

  test('JSON editing of the user file: comments kept by form edits; a bad value is reported with its key path and not saved; a good file is', async ({ ide }) => {
    const { page, dataDir } = ide;
    const original = '// my settings: keep this comment\n{\n  "general": { "fontSize": 14 }, // bigger\n}\n';
    await writeFile(userSettingsPath(dataDir), original);
    const settings = await openSettings(page);
    await settings.getByRole('combobox', { name: 'General › Color Theme' }).selectOption('dark');
    await expect.poll(() => userSettingsText(dataDir)).toContain('"theme": "dark"');
    const afterForm = await userSettingsText(dataDir);
    expect(afterForm).toContain('// my settings: keep this comment');
    expect(afterForm).toContain('// bigger');
    expect(afterForm).toContain('"fontSize": 14');

    await palette(page, 'Open User Settings (JSON)');
    const json = settings.getByRole('textbox', { name: 'User settings (JSON)' });
    await expect(settings.locator('.settings-json-editor .view-lines')).toContainText('my settings: keep this comment');
    // Replace the whole text with one that has a bad value and a typo'd key.
    await json.focus();
    await page.keyboard.press(`${mod}+A`);
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('// edited in the JSON editor\n{\n  "terminal": { "scrollback": 10 },\n  "generl": { "theme": "light" }\n}\n');
    await page.keyboard.press(`${mod}+S`);
    const problems = settings.getByRole('alert', { name: 'Problems in the file' });
    await expect(problems).toContainText('Not saved.');
    await expect(problems).toContainText('terminal.scrollback: Too small: expected number to be >=100');
    await expect(problems).toContainText('generl: there is no such setting');
    await expect(problems.getByRole('button', { name: 'Line 3' })).toBeVisible();
    expect(await userSettingsText(dataDir)).toBe(afterForm);
    await expect(page.getByRole('tab', { name: 'Settings' })).toHaveAttribute('aria-description', /unsaved changes/);

    await page.keyboard.press(`${mod}+A`);
    await page.keyboard.press('Delete');
    const good = '// edited in the JSON editor\n{\n  "terminal": { "scrollback": 1000 },\n  "general": { "theme": "light" }\n}\n';
    await page.keyboard.insertText(good);
    await settings.getByRole('button', { name: 'Save settings file' }).click();
    await expect.poll(() => userSettings(dataDir)).toEqual({ terminal: { scrollback: 1000 }, general: { theme: 'light' } });
    expect(await userSettingsText(dataDir)).toContain('// edited in the JSON editor'); // saved as typed, comments and all
    await expect(problems).toHaveCount(0);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await expect(page.getByRole('tab', { name: 'Settings' })).not.toHaveAttribute('aria-description', /unsaved/);
  });

  test('a bad value typed into a settings file by hand is shown with its key path, and the rest still applies', async ({ ide, workspace }) => {
    const { page } = ide;
    const settings = await openSettings(page);
    await workspace.write(workspaceFile, '{ "terminal": { "scrollback": "lots" }, "general": { "theme": "dark" } }');
    await settings.getByRole('tablist', { name: 'Settings scope' }).getByRole('tab', { name: /^Workspace/ }).click();
    const banner = settings.getByRole('alert', { name: 'Problems in the settings file' });
    await expect(banner).toContainText('terminal.scrollback: Invalid input: expected number, received string');
    await expect(settings.locator('[data-key="terminal.scrollback"]').getByRole('alert')).toContainText('terminal.scrollback');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    // A toast says so too, wherever the person is.
    await expect(page.getByText(/^Workspace settings: terminal\.scrollback: .* — this value is not used\.$/)).toBeVisible();
  });

  test('trusted commands: the list changes the policy verdict; both scopes add up; * gets a loud warning', async ({ ide, workspace }) => {
    const { page, dataDir } = ide;
    expect(policyCheck(workspace.dir, dataDir, 'echo hello').verdict).toBe('ask');
    const settings = await openSettings(page);
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('trusted');
    await settings.getByRole('textbox', { name: 'New trusted command' }).fill('echo *');
    await settings.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(() => userSettings(dataDir)).toEqual({ policy: { trustedCommands: ['echo *'] } });
    const check = policyCheck(workspace.dir, dataDir, 'echo hello');
    expect(check).toMatchObject({ code: 0, verdict: 'allow', rules: ['user:echo *'] });
    // The approval pane's policy summary follows.
    await expect(page.getByRole('complementary', { name: 'Secondary side bar' }).getByRole('list', { name: 'Trusted commands' })).toContainText('echo *');

    // The workspace's own rule adds to the user's, it does not replace it.
    await settings.getByRole('tablist', { name: 'Settings scope' }).getByRole('tab', { name: /^Workspace/ }).click();
    await settings.getByRole('textbox', { name: 'New trusted command' }).fill('git status');
    await settings.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(() => workspace.readText(workspaceFile).then(JSON.parse).catch(() => null)).toEqual({ policy: { trustedCommands: ['git status'] } });
    await expect(settings.getByText('Also in effect, from your user settings:')).toBeVisible();
    expect(policyCheck(workspace.dir, dataDir, 'echo hi && git status')).toMatchObject({ verdict: 'allow', rules: ['user:echo *', 'workspace:git status'] });

    // A rule that is not a rule is refused with the key named.
    await settings.getByRole('textbox', { name: 'New trusted command' }).fill('npm * test');
    await settings.getByRole('button', { name: 'Add rule' }).click();
    await expect(settings.getByRole('alert').filter({ hasText: 'policy.trustedCommands: "npm * test"' })).toBeVisible();

    // `*`: asked first, then a warning no one can miss.
    await settings.getByRole('tablist', { name: 'Settings scope' }).getByRole('tab', { name: 'User' }).click();
    await settings.getByRole('textbox', { name: 'New trusted command' }).fill('*');
    await settings.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Trust every command' }).click();
    await expect(settings.getByRole('alert').filter({ hasText: 'The rule * trusts every command.' })).toBeVisible();
    expect(policyCheck(workspace.dir, dataDir, 'ls -la').verdict).toBe('allow');
    await settings.getByRole('button', { name: 'Remove *' }).click();
    await expect(settings.getByRole('alert').filter({ hasText: 'The rule * trusts every command.' })).toHaveCount(0);
    expect(policyCheck(workspace.dir, dataDir, 'ls -la').verdict).toBe('ask');
  });

  test('checkpoint excludes keep a file out of a checkpoint; retention reaches the store', async ({ ide, workspace }) => {
    const { page } = ide;
    const settings = await openSettings(page);
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('checkpoints');
    await settings.getByRole('textbox', { name: 'New item for Exclude' }).fill('*.log');
    await settings.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(settings.getByRole('list', { name: 'Exclude: 1 item' })).toContainText('*.log');
    await setNumber(settings.getByRole('spinbutton', { name: 'Checkpoints › Keep Sessions' }), '3');
    await setNumber(settings.getByRole('spinbutton', { name: 'Checkpoints › Keep Days' }), '2');

    await workspace.write('notes.log', 'noise\n');
    await workspace.write('keep.txt', 'kept\n');
    await palette(page, 'create checkpoint');
    await page.getByRole('textbox', { name: 'Label (optional)' }).fill('With excludes');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Checkpoint “With excludes” created (1 file changed).' })).toBeVisible();
    await palette(page, 'show checkpoints');
    const item = page.getByRole('list', { name: 'Checkpoints' }).getByRole('listitem', { name: /^With excludes/ });
    await item.getByRole('button', { name: 'With excludes' }).click();
    const files = item.getByRole('list', { name: 'Files changed in With excludes' });
    await expect(files).toContainText('keep.txt');
    await expect(files).not.toContainText('notes.log');
    await expect(page.getByText('Keeps 3 sessions or 2 days')).toBeVisible();
  });

  test('terminal shell and scrollback apply to a new terminal', async ({ ide }) => {
    const { page } = ide;
    const settings = await openSettings(page);
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('terminal');
    await settings.getByRole('textbox', { name: 'Terminal › Shell' }).fill('/bin/sh');
    await settings.getByRole('textbox', { name: 'Terminal › Shell' }).press('Enter');
    await setNumber(settings.getByRole('spinbutton', { name: 'Terminal › Scrollback' }), '200');
    const env = settings.locator('[data-key="terminal.env"]');
    await env.getByRole('textbox', { name: 'New name for Environment' }).fill('SW_GREETING');
    await env.getByRole('textbox', { name: 'New value for Environment' }).fill('from-settings');
    await env.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(env).toContainText('SW_GREETING=from-settings');

    await page.keyboard.press('Control+`');
    const terminal = page.getByRole('region', { name: 'Terminal' });
    const rows = async () => (await terminal.locator('.xterm-rows > div').allTextContents()).map((r) => r.replace(/\u00a0/g, ' ').trimEnd());
    await expect.poll(async () => (await rows()).some((r) => /[$#] ?$/.test(r))).toBe(true);
    await terminal.locator('.xterm-helper-textarea').focus();
    await page.keyboard.type('echo "shell=$(ps -o comm= -p $$) greeting=$SW_GREETING"; seq 1 1000');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await rows()).join('\n')).toContain('1000');
    // Scroll to the very top of what the terminal kept: 200 lines of scrollback, so line 1 is long gone.
    await terminal.locator('.xterm-viewport').evaluate((e) => (e.scrollTop = 0));
    await expect.poll(async () => Number((await rows())[0])).toBeGreaterThan(700);
    await terminal.locator('.xterm-viewport').evaluate((e) => (e.scrollTop = e.scrollHeight));
    // And it is the shell asked for, with the environment asked for.
    await terminal.locator('.xterm-helper-textarea').focus();
    await page.keyboard.type('clear; echo "shell=$(ps -o comm= -p $$) greeting=$SW_GREETING"');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await rows()).join('\n')).toMatch(/shell=sh greeting=from-settings/);
  });

  test('a keybinding override works, shows in the palette, and the old keys stop', async ({ ide }) => {
    const { page } = ide;
    const settings = await openSettings(page);
    await settings.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: 'Keyboard Shortcuts' }).click();
    await settings.getByRole('searchbox', { name: 'Filter commands' }).fill('toggle panel');
    await settings.getByRole('button', { name: 'Change shortcut of View: Toggle Panel' }).click();
    await expect(settings.getByRole('textbox', { name: 'Press the new keys for View: Toggle Panel' })).toBeFocused();
    await page.keyboard.press('Alt+K');
    await expect.poll(() => userSettings(ide.dataDir)).toEqual({ keybindings: { overrides: { 'workbench.togglePanel': 'Alt+K' } } });
    await expect(settings.getByRole('row', { name: 'View: Toggle Panel' })).toContainText('Alt+K');

    const panel = page.getByRole('region', { name: 'Panel' });
    await expect(panel).toHaveCount(0);
    await page.keyboard.press('Alt+K');
    await expect(panel).toBeVisible();
    await page.keyboard.press(`${mod}+J`); // the old keys do nothing now
    await expect(panel).toBeVisible();
    await page.keyboard.press('Alt+K');
    await expect(panel).toHaveCount(0);

    await page.keyboard.press(`${mod}+Shift+P`);
    await page.getByRole('combobox', { name: 'Command palette' }).fill('toggle panel');
    await expect(page.getByRole('option', { name: 'View: Toggle Panel (Alt+K)' })).toBeVisible();
    await page.keyboard.press('Escape');

    // Unbound from the JSON file: no keys at all, and the palette shows none.
    await writeFile(userSettingsPath(ide.dataDir), '{ "keybindings": { "overrides": { "workbench.togglePanel": null } } }');
    await expect(settings.getByRole('row', { name: 'View: Toggle Panel' })).toContainText('Removed');
    await page.keyboard.press('Alt+K');
    await expect(panel).toHaveCount(0);
    await page.keyboard.press(`${mod}+Shift+P`);
    await page.getByRole('combobox', { name: 'Command palette' }).fill('toggle panel');
    await expect(page.getByRole('option', { name: 'View: Toggle Panel', exact: true })).toBeVisible();
  });

  test('telemetry is off and says there is nothing to send', async ({ ide }) => {
    const settings = await openSettings(ide.page);
    const telemetry = settings.getByRole('checkbox', { name: 'General › Telemetry' });
    await expect(telemetry).not.toBeChecked();
    await expect(telemetry).toBeDisabled();
    await expect(settings.locator('[data-key="general.telemetry"]')).toContainText('there is nothing to send');
  });

  test('default mode: a workspace that never chose follows it, one that chose keeps its choice, and a fresh workspace starts in it', async ({ ide, workspace }) => {
    const { page, dataDir } = ide;
    const autopilot = page.getByRole('switch', { name: 'Autopilot' });
    await expect(autopilot).toHaveAttribute('aria-checked', 'false');
    const settings = await openSettings(page);
    const mode = settings.getByRole('combobox', { name: 'Policy › Default Mode' });
    await mode.selectOption('autopilot');
    await expect.poll(() => userSettings(dataDir)).toEqual({ policy: { defaultMode: 'autopilot' } });
    await expect(autopilot).toHaveAttribute('aria-checked', 'true');
    // The workspace scope cannot set it.
    await settings.getByRole('tablist', { name: 'Settings scope' }).getByRole('tab', { name: /^Workspace/ }).click();
    await expect(mode).toBeDisabled();
    await settings.getByRole('tablist', { name: 'Settings scope' }).getByRole('tab', { name: 'User' }).click();

    // The person chooses Supervised here: that choice stays, whatever the default.
    await autopilot.click();
    await expect(autopilot).toHaveAttribute('aria-checked', 'false');
    await mode.selectOption('supervised');
    await mode.selectOption('autopilot');
    await expect.poll(() => userSettings(dataDir)).toEqual({ policy: { defaultMode: 'autopilot' } });
    // What the host says after a reload is the workspace's own choice, not the default.
    await page.reload();
    await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible();
    await expect(autopilot).toHaveAttribute('aria-checked', 'false');

    // A folder opened for the first time starts in the default mode.
    const fresh = await createTempWorkspace({ 'hello.txt': 'hi\n' });
    const server = await startServerProcess({ workspace: fresh.dir, dataDir });
    try {
      const other = await page.context().newPage();
      await other.goto(server.url);
      await expect(other.getByRole('switch', { name: 'Autopilot' })).toHaveAttribute('aria-checked', 'true');
      await other.close();
    } finally {
      await server.stop();
    }
    expect(await workspace.readText(workspaceFile).catch(() => null)).toBeNull(); // nothing was written into the folder
  });

  test('without a folder, Settings opens on the start page with the user scope only', async ({ ide }) => {
    const { page } = ide;
    await palette(page, 'Close Folder');
    await expect(page.getByRole('heading', { name: 'Specwright' })).toBeVisible();
    await page.keyboard.press(`${mod}+Comma`);
    const settings = page.getByRole('region', { name: 'Settings' });
    await expect(settings).toBeVisible();
    await expect(settings.getByRole('tab', { name: /^Workspace/ })).toBeDisabled();
    await settings.getByRole('combobox', { name: 'General › Color Theme' }).selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(JSON.parse(await readFile(path.join(ide.dataDir, 'settings.json'), 'utf8'))).toEqual({ general: { theme: 'dark' } });
    await page.getByRole('tab', { name: 'Settings' }).getByRole('button', { name: 'Close Settings' }).click();
    await expect(page.getByRole('heading', { name: 'Specwright' })).toBeVisible();
  });
});

test.describe('edits in the editor', () => {
  test('the workspace settings file edited in the ordinary editor applies on save', async ({ ide, workspace }) => {
    const { page } = ide;
    await workspace.write(workspaceFile, '{\n  "general": { "theme": "light" }\n}\n');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.getByRole('treeitem', { name: '.kiro' }).click();
    await page.getByRole('treeitem', { name: 'settings' }).click();
    await page.getByRole('treeitem', { name: 'specwright.json' }).click();
    await expect.poll(() => editorText(page)).toContain('"theme": "light"');
    // The value's own token: until JSON colouring has split the line, 'light' is the middle of one long span.
    await page.getByRole('region', { name: 'Editor' }).locator('.view-lines').getByText('"light"', { exact: true }).dblclick();
    await page.keyboard.type('dark');
    await page.keyboard.press(`${mod}+S`);
    await expect.poll(() => workspace.readText(workspaceFile)).toBe('{\n  "general": { "theme": "dark" }\n}\n');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });
});
