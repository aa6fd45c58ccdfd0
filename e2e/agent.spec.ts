import fixTest from './fixtures/scripts/fix-failing-test.json' with { type: 'json' };
import project from './fixtures/scripts/project.json' with { type: 'json' };
import { chat, expect, test } from './fixtures/agent';

test.describe('the agent in the chat', () => {
  test.use({ files: project, script: fixTest });

  test('asks for a change: the answer streams, tool calls show as cards, the file changes on disk, usage is counted', async ({ ide, workspace, models }, testInfo) => {
    const { page } = ide;
    const c = chat(page);
    await expect(c.message).toBeVisible();
    await c.ask('Please fix the failing test');
    await expect(c.log.getByText('Let me look at the project first.')).toBeVisible();
    await expect(c.log.getByRole('article', { name: 'Agent' }).last()).toHaveText(/Fixed: add in src\/math\.js now adds, and node test\.js passes\./, { timeout: 30_000 });
    // Six tool calls as cards, with their status.
    const cards = c.log.getByRole('group');
    await expect(cards).toHaveCount(6);
    await expect(c.log.getByRole('group', { name: 'run_command node test.js: failed' })).toBeVisible();
    await expect(c.log.getByRole('group', { name: 'run_command node test.js: done' })).toBeVisible();
    expect(await workspace.readText('src/math.js')).toBe('exports.add = (a, b) => a + b;\n');
    // The failing run's exit code and output went to the model.
    const sent = JSON.stringify((await models.requests('bedrock')).map((r) => r.body));
    expect(sent).toContain('Exit code 1.');
    expect(sent).toContain('FAIL: add(2, 3) returned 6, expected 5');
    // Usage readout.
    await expect(c.usage).toHaveAccessibleName(/^Usage: \$0\.\d\d this session/);
    // Expand the failing command's card; its result is there.
    await c.log.getByRole('group', { name: 'run_command node test.js: failed' }).getByRole('button').first().click();
    await expect(c.log.getByText('FAIL: add(2, 3) returned 6, expected 5').first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('chat-tool-card.png') });
  });
});
