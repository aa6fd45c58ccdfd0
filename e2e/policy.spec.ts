import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures/ide';

// What the policy shows without an agent: its state, a malformed kiro.json's diagnostic,
// and the audit log panel. (Approval prompts need something that proposes actions: the
// agent's end-to-end tests drive them.)

test.describe('a malformed kiro.json', () => {
  test.use({ files: { 'README.md': '# x\n', '.kiro/kiro.json': '{ "guardrails": { "deny": { "patterns": ["DROP DATABASE" ' } });

  test('shows a diagnostic with the line, and says that nothing runs without approval', async ({ ide }) => {
    const { page } = ide;
    const policy = page.getByRole('region', { name: 'Policy' });
    await expect(policy).toBeVisible();
    const alert = policy.getByRole('alert').first();
    await expect(alert).toContainText(/kiro\.json:1:\d+/);
    await expect(policy).toContainText('nothing runs without your approval');
  });
});

test.describe('trust rules from the workspace', () => {
  test.use({ files: { 'README.md': '# x\n', '.kiro/settings/specwright.json': '{ "policy": { "trustedCommands": ["npm *", "*"] } }' } });

  test('are listed, with a warning for "*"', async ({ ide }) => {
    const policy = ide.page.getByRole('region', { name: 'Policy' });
    await expect(policy.getByRole('list', { name: 'Trusted commands' }).getByRole('listitem')).toHaveCount(2);
    await expect(policy).toContainText('The "*" rule trusts every command');
  });
});

test('the audit log panel opens from the command palette, verifies its chain and exports it', async ({ ide }) => {
  const { page } = ide;
  await page.keyboard.press('F1');
  await page.getByRole('combobox', { name: 'Command palette' }).fill('Show Audit Log');
  await page.keyboard.press('Enter');
  const audit = page.getByRole('region', { name: 'Audit log' });
  await expect(audit).toBeVisible();
  await expect(audit).toContainText('Nothing has been recorded yet');
  await audit.getByRole('button', { name: 'Verify chain' }).click();
  // A fresh workspace has no log yet: verify says so, neither "intact" nor "broken".
  await expect(audit.getByRole('status').filter({ hasText: 'No audit log' })).toBeVisible();
  const download = page.waitForEvent('download');
  await audit.getByRole('button', { name: 'Export JSONL' }).click();
  const file = await (await download).path();
  expect(await readFile(file, 'utf8')).toBe('');
  expect(path.basename((await download).suggestedFilename())).toMatch(/^specwright-audit-.*\.jsonl$/);
});
