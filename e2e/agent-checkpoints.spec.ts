import fixTest from './fixtures/scripts/fix-failing-test.json' with { type: 'json' };
import project from './fixtures/scripts/project.json' with { type: 'json' };
import { chat, expect, test } from './fixtures/agent';

test.use({ files: project, script: fixTest });

test('the agent changes a file with approvals; the change is in the timeline, and Revert to checkpoint puts the disk (and the chat) back', async ({ ide, workspace }, testInfo) => {
  const { page } = ide;
  const c = chat(page);
  await c.ask('Please fix the failing test');
  const approval = page.getByRole('region', { name: 'Approval required' });
  for (let i = 0; i < 4; i++) {
    await expect(approval.getByRole('button', { name: 'Approve', exact: true })).toBeVisible();
    await approval.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(c.log.getByRole('group', { name: /^(edit_file|run_command) .*: (done|failed)$/ })).toHaveCount(i + 1);
  }
  await expect(c.log.getByRole('article', { name: 'Agent' }).last()).toContainText('now adds');
  expect(await workspace.readText('src/math.js')).toBe('exports.add = (a, b) => a + b;\n');

  // The timeline has the agent's checkpoints.
  await page.getByRole('button', { name: 'Checkpoints' }).click();
  // The agent's checkpoints are their own session in the timeline.
  const sessions = page.getByRole('combobox', { name: 'Session' });
  const agentSession = sessions.locator('option', { hasText: 'Agent session' });
  await expect(agentSession).toHaveCount(1);
  await sessions.selectOption((await agentSession.getAttribute('value'))!);
  const timeline = page.getByRole('list', { name: 'Checkpoints' });
  const before = timeline.getByRole('listitem', { name: /^Before: Please fix the failing test/ });
  await expect(before).toBeVisible();
  await expect(timeline.getByRole('listitem', { name: /^Before run_command node test\.js/ }).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('agent-timeline.png') });

  // Revert to the checkpoint taken before the request: files and conversation.
  await before.getByRole('button', { name: 'Revert to checkpoint' }).click();
  await page.getByRole('button', { name: 'Files and conversation' }).click();
  await expect.poll(() => workspace.readText('src/math.js')).toBe('exports.add = (a, b) => a - b;\n');
  await expect(c.log.getByText(/The conversation was restored to the checkpoint “Before: Please fix the failing test”/)).toBeVisible();
  await expect(c.log.getByRole('group')).toHaveCount(0);
});
