import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { chat, expect, test } from './fixtures/agent';
import { repoRoot } from './fixtures/server';

// The steering panel against the real host: files with their inclusion and diagnostics, a
// foundation file from its template, "Generate steering" as an agent session whose write is
// a proposal the person approves, and the chat line that says which files a request used.

const showSteering = async (page: Page) => {
  await page.keyboard.press('F1');
  await page.getByRole('combobox', { name: 'Command palette' }).fill('Show Steering');
  await page.keyboard.press('Enter');
  const panel = page.getByRole('region', { name: 'Steering', exact: true });
  await expect(panel).toBeVisible();
  return panel;
};

const STRUCTURE = '---\ninclusion: always\n---\n# Structure\n\n- src/api/: the HTTP handlers.\n';

test.use({
  files: {
    'README.md': '# shop\n',
    'src/api/x.ts': 'export const x = 1;\n',
    'AGENTS.md': '# Agents\nKeep changes small.\n',
    '.kiro/steering/tech.md': '# Tech\nNode 20.\n',
    // Comma-separated patterns, as found in the wild: split, each one matched.
    '.kiro/steering/api.md': '---\ninclusion: fileMatch\nfileMatchPattern: "src/api/**,**/*.api.ts"\n---\n# API\nHandlers return JSON.\n',
    '.kiro/steering/release.md': '---\ninclusion: manual\n---\n# Release\n',
    '.kiro/steering/broken.md': '---\ninclusion: fileMatch\n---\n# No pattern\n',
  },
  script: {
    turns: [
      { name: 'draft', when: { lastUser: 'Generate steering', step: 0 }, reply: [{ toolUse: { name: 'write_file', input: { path: '.kiro/steering/structure.md', content: STRUCTURE } } }] },
      { name: 'drafted', when: { lastUser: 'Generate steering', step: 1 }, reply: [{ text: 'Wrote structure.md: check the folder list.' }] },
      { name: 'api', when: { lastUser: 'explain the handler' }, reply: [{ text: 'It exports x.' }] },
    ],
  },
});

test('lists steering with inclusion and diagnostics, creates a file from its template, and Generate steering proposes files for approval', async ({ ide, workspace }, testInfo) => {
  const { page } = ide;
  const panel = await showSteering(page);
  const files = panel.getByRole('list', { name: 'Steering files' });
  await expect(files.getByRole('listitem', { name: '.kiro/steering/tech.md' })).toContainText('Every request');
  await expect(files.getByRole('listitem', { name: '.kiro/steering/api.md' })).toContainText('When a file in the request matches src/api/**, **/*.api.ts');
  await expect(files.getByRole('listitem', { name: '.kiro/steering/release.md' })).toContainText('Only when a message mentions #release');
  await expect(files.getByRole('listitem', { name: 'AGENTS.md' })).toContainText('always');
  await expect(panel.getByRole('list', { name: 'Problems in .kiro/steering/broken.md' })).toContainText(/pattern/i);

  // A foundation file from its template, byte for byte.
  await panel.getByRole('button', { name: 'Create product.md from template' }).click();
  await expect(files.getByRole('listitem', { name: '.kiro/steering/product.md' })).toBeVisible();
  expect(await workspace.readText('.kiro/steering/product.md')).toBe(await readFile(path.join(repoRoot, 'resources', 'steering-templates', 'product.md'), 'utf8'));
  await expect(panel.getByRole('button', { name: 'Create product.md from template' })).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('steering-panel.png') });

  // Generate steering: an agent session; its write waits for the person like any change.
  await panel.getByRole('button', { name: 'Generate steering' }).click();
  const approval = page.getByRole('region', { name: 'Approval required' });
  await expect(approval).toContainText('.kiro/steering/structure.md');
  await expect.poll(() => workspace.readText('.kiro/steering/structure.md').catch(() => null)).toBeNull();
  await approval.getByRole('button', { name: 'Approve', exact: true }).click();
  const c = chat(page);
  await expect(c.log.getByText('Wrote structure.md: check the folder list.')).toBeVisible({ timeout: 30_000 });
  expect(await workspace.readText('.kiro/steering/structure.md')).toBe(STRUCTURE);
  await expect(files.getByRole('listitem', { name: '.kiro/steering/structure.md' })).toBeVisible();
});

test('the chat says which steering files a request used, and why', async ({ ide }, testInfo) => {
  const { page } = ide;
  const c = chat(page);
  await c.message.click();
  await page.keyboard.type('#fi');
  await expect(page.getByRole('listbox', { name: 'Context providers' }).getByRole('option', { name: /#file/ })).toBeVisible();
  await page.keyboard.press('Enter');
  await page.keyboard.type('x.ts');
  // Click the choice (Enter would take whichever is highlighted while the list still fills).
  await page.getByRole('listbox', { name: '#file choices' }).getByRole('option', { name: 'src/api/x.ts' }).click();
  await expect(page.getByRole('list', { name: 'Context' }).getByRole('listitem')).toHaveText(['#file src/api/x.ts×']);
  await c.message.fill('explain the handler');
  await c.send.click();
  await expect(c.log.getByText('It exports x.')).toBeVisible({ timeout: 30_000 });
  // AGENTS.md and tech.md always; api.md because of the attached file; release.md (manual) and broken.md (no pattern) not.
  await expect(c.log.getByText(/^Steering: /)).toHaveText('Steering: AGENTS.md (always), api.md (matched src/api/x.ts), tech.md (always)');
  await page.screenshot({ path: testInfo.outputPath('chat-steering-line.png') });
});

test.describe('a workspace without steering', () => {
  test.use({ files: { 'README.md': '# empty\n' } });

  test('says what steering is and offers the three foundation files', async ({ ide }, testInfo) => {
    const { page } = ide;
    const panel = await showSteering(page);
    await expect(panel).toContainText('No steering files yet.');
    const templates = panel.getByRole('region', { name: 'Steering templates' });
    for (const id of ['product', 'tech', 'structure']) await expect(templates.getByRole('button', { name: `Create ${id}.md from template` })).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Generate steering' })).toBeEnabled();
    await page.screenshot({ path: testInfo.outputPath('steering-empty.png') });
  });
});
