import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, openInBrowser, test } from './fixtures/ide';
import { openSettings, userSettings } from './fixtures/settings';
import { repoRoot, startServerProcess } from './fixtures/server';

// The settings other features read — task concurrency (specs), hook concurrency (hooks) and
// the MCP approved variables — set from the Settings screen and seen where they act.

const REQ = '# Requirements Document\n\n## Requirements\n\n### Requirement 1: Add\n\n#### Acceptance Criteria\n\n1. WHEN add is called, THE Calculator SHALL return the sum\n';
const DESIGN = '# Design Document\n\n## Overview\n\nOne function.\n';
const TASKS = '# Implementation Plan\n\n- [ ] 1. Add\n  - _Requirements: 1.1_\n- [ ] 2. Test\n  - _Requirements: 1.1_\n';
const ok = (t: string) => ({ at: '2025-01-01T00:00:00.000Z', by: 'Ada', sha256: createHash('sha256').update(t, 'utf8').digest('hex') });

test.describe('task concurrency', () => {
  test.use({
    files: {
      'README.md': '# calc\n',
      '.kiro/specs/calc/requirements.md': REQ,
      '.kiro/specs/calc/design.md': DESIGN,
      '.kiro/specs/calc/tasks.md': TASKS,
      '.kiro/specs/calc/.specwright.json': JSON.stringify({ version: 1, approvals: { requirements: ok(REQ), design: ok(DESIGN), tasks: ok(TASKS) } }),
    },
  });

  test('specs.concurrency is what Run all tasks starts with, within specs.maxConcurrency; a value above the schema’s limit is refused by key', async ({ ide }) => {
    const { page, dataDir } = ide;
    const settings = await openSettings(page);
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('task concurrency');
    const concurrency = settings.getByRole('spinbutton', { name: 'Specs › Task Concurrency' });
    await concurrency.fill('9');
    await concurrency.press('Enter');
    await expect(settings.getByRole('alert').filter({ hasText: 'specs.concurrency: Too big: expected number to be <=8' })).toBeVisible();
    await concurrency.fill('2');
    await concurrency.press('Enter');
    const max = settings.getByRole('spinbutton', { name: 'Specs › Max Task Concurrency' });
    await max.fill('5');
    await max.press('Enter');
    await expect.poll(() => userSettings(dataDir)).toEqual({ specs: { concurrency: 2, maxConcurrency: 5 } });

    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Specs', exact: true }).click();
    await page.getByRole('region', { name: 'Spec board' }).getByRole('listitem', { name: /^calc,/ }).click();
    const tasksAtOnce = page.getByRole('region', { name: 'Spec calc' }).getByRole('combobox', { name: 'Tasks at once' });
    await expect(tasksAtOnce).toHaveValue('2');
    await expect(tasksAtOnce.locator('option')).toHaveText(['1 at once', '2 at once', '3 at once', '4 at once', '5 at once']);
  });
});

test('hook concurrency: shown with the hooks’ settings, checked against the schema, written to the chosen scope', async ({ ide, workspace }) => {
  const { page, dataDir } = ide;
  const settings = await openSettings(page);
  await settings.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: 'Hooks' }).click();
  const hooks = settings.getByRole('spinbutton', { name: 'Hooks › Hook Concurrency' });
  await expect(hooks).toHaveValue('4');
  await hooks.fill('0');
  await hooks.press('Enter');
  await expect(settings.getByRole('alert').filter({ hasText: 'hooks.maxConcurrent: Too small: expected number to be >=1' })).toBeVisible();
  await hooks.fill('2');
  await hooks.press('Enter');
  await expect.poll(() => userSettings(dataDir)).toEqual({ hooks: { maxConcurrent: 2 } });

  await settings.getByRole('tablist', { name: 'Settings scope' }).getByRole('tab', { name: /^Workspace/ }).click();
  await expect(hooks).toHaveValue('2');
  await hooks.fill('6');
  await hooks.press('Enter');
  await expect.poll(() => workspace.readText('.kiro/settings/specwright.json').then(JSON.parse).catch(() => null)).toEqual({ hooks: { maxConcurrent: 6 } });
});

test.describe('MCP approved variables', () => {
  const node = process.execPath;
  const toolbox = path.join(repoRoot, 'e2e', 'fixtures', 'mcp-servers', 'toolbox.mjs');
  test.use({
    files: {
      'README.md': '# x\n',
      '.kiro/settings/mcp.json': JSON.stringify({ mcpServers: { box: { command: node, args: [toolbox], env: { TOKEN: '${SW_SETTINGS_E2E_TOKEN}' } } } }),
    },
  });

  test('listed with their server and target; Allow expands the variable for that server, Revoke takes it back', async ({ browser, workspace }) => {
    // Our own host, with the variable in its environment and no ~/.kiro of the person running the tests.
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sw-e2e-data-'));
    const homeKiro = await mkdtemp(path.join(os.tmpdir(), 'sw-e2e-home-kiro-'));
    const server = await startServerProcess({ workspace: workspace.dir, dataDir, env: { SW_SETTINGS_E2E_TOKEN: 'token-from-env', SPECWRIGHT_HOME_KIRO: homeKiro } });
    const { page, close } = await openInBrowser(browser, server);
    try {
      const settings = await openSettings(page);
      await settings.getByRole('searchbox', { name: 'Search settings' }).fill('approved variables');
      const item = settings.getByRole('listitem', { name: 'SW_SETTINGS_E2E_TOKEN for box' });
      await expect(item.getByRole('status')).toHaveText('Not answered yet', { timeout: 20_000 });
      await expect(item).toContainText(`Goes into env.TOKEN of ${node} ${toolbox}`);

      await item.getByRole('button', { name: 'Allow SW_SETTINGS_E2E_TOKEN for box' }).click();
      await expect(item.getByRole('status')).toHaveText('Allowed');
      const answers = async () => Object.values(JSON.parse(await readFile(path.join(dataDir, 'mcp-variables.json'), 'utf8')).answers as Record<string, { answer: string }>).map((a) => a.answer);
      expect(await answers()).toEqual(['approved']);
      // The MCP panel agrees: nothing left unexpanded.
      await page.getByRole('button', { name: 'MCP servers' }).click();
      const box = page.getByRole('region', { name: 'MCP servers' }).getByRole('listitem', { name: 'box', exact: true });
      await expect(box).toContainText('Ready', { timeout: 20_000 });
      await expect(box).not.toContainText('left unexpanded');

      await item.getByRole('button', { name: 'Revoke SW_SETTINGS_E2E_TOKEN for box' }).click();
      await expect(item.getByRole('status')).toHaveText('Denied');
      expect(await answers()).toEqual(['denied']);
      await expect(box).toContainText('left unexpanded');
      // Never a settings file: a folder must not be able to approve its own variables.
      expect(await userSettings(dataDir)).toEqual({});
    } finally {
      await close();
      await rm(dataDir, { recursive: true, force: true });
      await rm(homeKiro, { recursive: true, force: true });
    }
  });
});
