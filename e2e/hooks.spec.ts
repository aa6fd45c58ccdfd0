import { readdir } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { chat, expect, test } from './fixtures/agent';
import { editorInput } from './fixtures/ide';
import { sampleFiles } from './fixtures/workspace';

// The hooks panel against the real host: hooks from .kiro/hooks run real commands (through
// the policy, trusted by the workspace's rules), their output lands in the panel, and a
// preToolUse hook that exits 2 keeps the fixture model's write_file off the disk.

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

const ON_SAVE = `{
  "enabled": true,
  "name": "Echo on save",
  "description": "Says which files were saved.",
  "version": "1",
  "when": { "type": "fileEdited", "patterns": ["src/**/*.ts"] },
  "then": { "type": "runCommand", "command": "node scripts/report.js" }
}
`;

/** Shows the hooks view (the palette's command shows it; the activity bar button would hide it when already shown). */
const hooksPanel = async (page: Page) => {
  await page.keyboard.press('F1');
  await page.getByRole('combobox', { name: 'Command palette' }).fill('Show Hooks');
  await page.keyboard.press('Enter');
  const panel = page.getByRole('region', { name: 'Hooks', exact: true });
  await expect(panel).toBeVisible();
  return panel;
};

test.describe('a fileEdited hook', () => {
  test.use({
    files: {
      ...sampleFiles,
      '.kiro/hooks/echo-on-save.kiro.hook': ON_SAVE,
      // The files of the event come in HOOK_FILES (a command line naming a variable cannot be trusted by a rule, so it is read here).
      'scripts/report.js': "console.log('saved: ' + process.env.HOOK_FILES);\n",
      // An invalid trigger (seen in the wild): listed with its reason, the others keep working.
      '.kiro/hooks/before-commit.kiro.hook': '{ "name": "Before commit", "when": { "type": "beforeCommit" }, "then": { "type": "runCommand", "command": "true" } }\n',
      '.kiro/settings/specwright.json': '{ "policy": { "trustedCommands": ["node scripts/report.js", "echo *"] } }\n',
    },
  });

  test('runs its command when a file is saved in the editor, and the output is in the hooks panel; the switch writes only the flag; a hook made in the form runs with Run', async ({ ide, workspace }, testInfo) => {
    const { page } = ide;
    const panel = await hooksPanel(page);
    const hook = panel.getByRole('listitem', { name: 'Echo on save' });
    await expect(hook).toContainText('File saved');
    await expect(hook).toContainText('src/**/*.ts');
    await expect(hook).toContainText('node scripts/report.js');
    await expect(panel.getByRole('switch', { name: 'Echo on save' })).toHaveAttribute('aria-checked', 'true');
    const bad = panel.getByRole('region', { name: 'Problems in .kiro/hooks/before-commit.kiro.hook' });
    await expect(bad).toContainText('beforeCommit');

    // Save src/greet.ts from the editor.
    await page.getByRole('button', { name: 'Explorer' }).click();
    const tree = page.getByRole('tree', { name: 'Files' });
    await tree.getByRole('treeitem', { name: 'src' }).click();
    await tree.getByRole('treeitem', { name: 'greet.ts' }).click();
    await expect(page.getByRole('tab', { name: 'greet.ts' })).toHaveAttribute('aria-selected', 'true');
    await editorInput(page).focus();
    await page.keyboard.press(`${mod}+End`);
    await page.keyboard.type('\nexport const saved = true;\n');
    await page.keyboard.press(`${mod}+S`);
    await expect(page.getByRole('tab', { name: 'greet.ts' })).not.toHaveAttribute('aria-description', /unsaved/);
    expect(await workspace.readText('src/greet.ts')).toContain('export const saved = true;');

    // The run and its output, in the panel.
    await hooksPanel(page);
    const runs = hook.getByRole('list', { name: 'Runs of Echo on save' });
    await expect(runs.getByRole('listitem')).toHaveCount(1);
    await expect(runs.getByRole('button', { name: /^Run at .*: OK in \d+ ms, src\/greet\.ts$/ })).toBeVisible();
    await expect(runs.getByLabel('Output')).toHaveText('saved: src/greet.ts\n');
    await page.screenshot({ path: testInfo.outputPath('hooks-panel.png') });

    // The switch rewrites only the flag, byte for byte.
    await panel.getByRole('switch', { name: 'Echo on save' }).click();
    await expect(panel.getByRole('switch', { name: 'Echo on save' })).toHaveAttribute('aria-checked', 'false');
    expect(await workspace.readText('.kiro/hooks/echo-on-save.kiro.hook')).toBe(ON_SAVE.replace('"enabled": true', '"enabled": false'));

    // The form writes an older-format hook; Run runs it.
    await panel.getByRole('button', { name: 'New hook' }).click();
    const form = panel.getByRole('form', { name: 'New hook' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Say hello');
    await form.getByRole('combobox', { name: 'Trigger' }).selectOption({ label: 'Run by hand' });
    await form.getByRole('textbox', { name: 'Command' }).fill('echo hello from the form');
    await form.getByRole('button', { name: 'Create hook' }).click();
    await expect(form).toBeHidden();
    const created = JSON.parse(await workspace.readText('.kiro/hooks/say-hello.kiro.hook')) as Record<string, unknown>;
    expect(created).toEqual({ enabled: true, name: 'Say hello', version: '1', when: { type: 'userTriggered' }, then: { type: 'runCommand', command: 'echo hello from the form' } });
    // The new file opens in the editor, for the person to read what was written.
    await expect(page.getByRole('tab', { name: 'say-hello.kiro.hook' })).toHaveAttribute('aria-selected', 'true');
    await hooksPanel(page);
    const hello = panel.getByRole('listitem', { name: 'Say hello' });
    await hello.getByRole('button', { name: 'Run Say hello' }).click();
    await expect(hello.getByLabel('Output')).toHaveText('hello from the form\n');
    await page.screenshot({ path: testInfo.outputPath('hooks-panel-run.png') });
  });
});

test.describe('a workspace without hooks', () => {
  test.use({ files: { 'README.md': '# empty\n' } });

  test('says what hooks are, and the secret scan template adds its hooks and its trust rule', async ({ ide, workspace }, testInfo) => {
    const { page } = ide;
    const panel = await hooksPanel(page);
    await expect(panel).toContainText('No hooks yet.');
    await expect(panel.getByRole('button', { name: 'Create a hook' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('hooks-empty.png') });
    await panel.getByRole('button', { name: 'Add Secret scan hooks' }).click();
    const list = panel.getByRole('list', { name: 'Hook list' });
    await expect(list.getByRole('switch')).toHaveCount(3);
    for (const name of ['Secret scan: before commit', 'Secret scan: agent writes', 'Secret scan: config files']) await expect(list.getByRole('switch', { name, exact: true })).toHaveAttribute('aria-checked', 'true');
    expect((await readdir(workspace.path('.kiro/hooks'))).sort()).toEqual(['secret-scan-commit.kiro.hook', 'secret-scan-save.kiro.hook', 'secret-scan-write.kiro.hook']);
    expect(await workspace.readText('.kiro/settings/specwright.json')).toContain('specwright hooks scan-secrets *');
    await expect(panel.getByRole('region', { name: 'Hook templates' })).toHaveCount(0);
  });
});

test.describe('a preToolUse hook that exits 2', () => {
  test.use({
    files: {
      'README.md': '# calc\n',
      'scripts/guard.js':
        "const input = JSON.parse(process.env.TOOL_INPUT || '{}');\nif (String(input.path).startsWith('config/')) {\n  process.stderr.write(`config/ is written by people only: ${input.path} was not written.`);\n  process.exit(2);\n}\n",
      '.kiro/hooks/guard-config.kiro.hook': JSON.stringify({ name: 'Guard config', when: { type: 'preToolUse', toolTypes: ['write'] }, then: { type: 'runCommand', command: 'node scripts/guard.js' } }, null, 2),
      '.kiro/settings/specwright.json': '{ "policy": { "trustedCommands": ["node scripts/guard.js"] } }\n',
      '.kiro/steering/tech.md': '# Tech\nNode 20, CommonJS.\n',
    },
    script: {
      turns: [
        { name: 'write', when: { lastUser: 'add the config', step: 0 }, reply: [{ toolUse: { name: 'write_file', input: { path: 'config/app.env', content: 'PORT=8080\n' } } }] },
        { name: 'told', when: { lastUser: 'add the config', step: 1 }, reply: [{ text: 'A hook stopped the write: config/ is for people.' }] },
      ],
    },
  });

  test('blocks write_file from the model: the file is not written, the model reads the stderr, the panel shows the blocked run', async ({ ide, workspace, models }, testInfo) => {
    const { page } = ide;
    const c = chat(page);
    await c.ask('Please add the config file');
    await expect(c.log.getByText('A hook stopped the write: config/ is for people.')).toBeVisible({ timeout: 30_000 });
    await expect(c.log.getByRole('group', { name: 'write_file config/app.env: denied' })).toBeVisible();
    // The chat says which steering files the request used, and why.
    await expect(c.log.getByText('Steering: tech.md (always)')).toBeVisible();
    // Nothing on disk.
    expect((await readdir(workspace.dir)).includes('config')).toBe(false);
    // The model read the hook's stderr as the call's result.
    const sent = JSON.stringify((await models.requests('bedrock')).map((r) => r.body));
    expect(sent).toContain('config/ is written by people only: config/app.env was not written.');
    expect(sent).toContain('Blocked by the hook “Guard config” (preToolUse)');
    // No approval was asked for a call the hook refused.
    await expect(page.getByRole('region', { name: 'Approval required' })).toHaveCount(0);

    const panel = await hooksPanel(page);
    const runs = panel.getByRole('listitem', { name: 'Guard config' }).getByRole('list', { name: 'Runs of Guard config' });
    await expect(runs.getByRole('button', { name: /^Run at .*: Blocked in \d+ ms, write_file config\/app\.env$/ })).toBeVisible();
    await expect(runs.getByLabel('Error output')).toHaveText('config/ is written by people only: config/app.env was not written.');
    await page.screenshot({ path: testInfo.outputPath('hooks-blocked.png') });
  });
});
