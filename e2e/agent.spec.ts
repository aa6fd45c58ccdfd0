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
    // Supervised: each change and each command waits for a person; reads do not.
    const approval = page.getByRole('region', { name: 'Approval required' });
    const expected = ['Change a file', 'node test.js', 'Change a file', 'node test.js'];
    for (const [i, what] of expected.entries()) {
      await expect(approval).toContainText(what);
      if (i === 0) {
        await expect(c.log.getByRole('group', { name: 'edit_file src/math.js: pending approval' })).toBeVisible();
        await expect(approval).toContainText('a * b');
        await page.screenshot({ path: testInfo.outputPath('chat-approval.png') });
        expect(await workspace.readText('src/math.js')).toBe('exports.add = (a, b) => a - b;\n');
      }
      await approval.getByRole('button', { name: 'Approve', exact: true }).click();
      await expect(c.log.getByRole('group', { name: /^(edit_file|run_command) .*: (done|failed)$/ })).toHaveCount(i + 1);
    }
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
    // The commands ran where the person can see them: the Agent terminal, with the failure in it.
    const terminal = page.getByRole('region', { name: 'Terminal' });
    await expect(terminal.getByRole('tab', { name: 'Agent' })).toBeVisible();
    await expect.poll(async () => ((await terminal.locator('.xterm-rows').textContent()) ?? '').replace(/\u00a0/g, ' ')).toContain('FAIL: add(2, 3) returned 6, expected 5');
    // Usage readout.
    await expect(c.usage).toHaveAccessibleName(/^Usage: \$0\.\d\d this session/);
    // Expand the failing command's card; its result is there.
    await c.log.getByRole('group', { name: 'run_command node test.js: failed' }).getByRole('button').first().click();
    await expect(c.log.getByText('FAIL: add(2, 3) returned 6, expected 5').first()).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('chat-tool-card.png') });
  });
});

test.describe('Supervised approvals from the chat', () => {
  test.use({
    files: { ...project, 'build/out.js': 'built\n', '.kiro/settings/specwright.json': '{ "policy": { "trustedCommands": ["rm *"] } }' },
    script: {
      turns: [
        { name: 'edit', when: { lastUser: 'change add', step: 0 }, reply: [{ toolUse: { name: 'edit_file', input: { path: 'src/math.js', old_text: 'a - b', new_text: 'a + b' } } }] },
        { name: 'edit told', when: { lastUser: 'change add', step: 1 }, reply: [{ text: 'Understood, I left it.' }] },
        { name: 'clean', when: { lastUser: 'clean', step: 0 }, reply: [{ toolUse: { name: 'run_command', input: { command: 'rm -rf build' } } }] },
        { name: 'clean told', when: { lastUser: 'clean', step: 1 }, reply: [{ text: 'Not cleaned.' }] },
        { name: 'slow edit', when: { lastUser: 'slowly', step: 0 }, reply: [{ text: 'Thinking…' }, { pauseMs: 1500 }, { toolUse: { name: 'edit_file', input: { path: 'src/math.js', old_text: 'a - b', new_text: 'a + b' } } }] },
        { name: 'slow edit done', when: { lastUser: 'slowly', step: 1 }, reply: [{ text: 'Changed.' }] },
      ],
    },
  });

  test('a proposed change shows its diff; Reject leaves the disk untouched', async ({ ide, workspace }) => {
    const { page } = ide;
    const c = chat(page);
    await c.ask('change add so it adds');
    const approval = page.getByRole('region', { name: 'Approval required' });
    await expect(approval).toContainText('Change a file');
    await expect(approval).toContainText('src/math.js');
    await expect(approval).toContainText('exports.add = (a, b) => a + b;');
    await approval.getByRole('button', { name: 'Reject' }).click();
    await expect(c.log.getByText('Understood, I left it.')).toBeVisible();
    await expect(c.log.getByRole('group', { name: 'edit_file src/math.js: denied' })).toBeVisible();
    expect(await workspace.readText('src/math.js')).toBe('exports.add = (a, b) => a - b;\n');
  });

  test('`rm -rf build` under an `rm *` trust rule still asks, and names the reason', async ({ ide, workspace }) => {
    const { page } = ide;
    const c = chat(page);
    await c.ask('clean the build');
    const approval = page.getByRole('region', { name: 'Approval required' });
    await expect(approval).toContainText('rm -rf build');
    await expect(approval).toContainText(/recursive|rm -rf/i);
    await approval.getByRole('button', { name: 'Reject' }).click();
    await expect(c.log.getByText('Not cleaned.')).toBeVisible();
    expect(await workspace.readText('build/out.js')).toBe('built\n');
  });

  test('a prompt that arrives while the command palette is open waits: the palette keeps the focus and what was typed', async ({ ide, workspace }, testInfo) => {
    const { page } = ide;
    const c = chat(page);
    await c.ask('fix add slowly');
    await expect(c.log.getByText('Thinking…')).toBeVisible();
    await page.keyboard.press('F1');
    const palette = page.getByRole('combobox', { name: 'Command palette' });
    await palette.pressSequentially('Show');
    const approval = page.getByRole('region', { name: 'Approval required' });
    await expect(approval).toContainText('Change a file');
    await palette.pressSequentially(' Hooks');
    await expect(palette).toBeFocused();
    await expect(palette).toHaveValue('Show Hooks');
    await page.screenshot({ path: testInfo.outputPath('palette-over-approval.png') });
    // Closed by the person, the prompt is theirs to answer.
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();
    await approval.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(c.log.getByText('Changed.')).toBeVisible();
    expect(await workspace.readText('src/math.js')).toBe('exports.add = (a, b) => a + b;\n');
  });
});
