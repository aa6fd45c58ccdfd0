import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures/ide';
import { repoRoot } from './fixtures/server';

// The MCP servers panel against real servers: status of a ready and a failed server,
// switches that write the right file, the ${VAR} question, logs, config files, the
// many-tools warning and a malformed mcp.json.

const node = process.execPath;
const everything = path.join(repoRoot, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
const fixture = (name: string) => path.join(repoRoot, 'e2e', 'fixtures', 'mcp-servers', name);

// A user ~/.kiro of our own (the server process inherits this worker's environment).
const home = mkdtempSync(path.join(os.tmpdir(), 'sw-e2e-home-kiro-'));
mkdirSync(path.join(home, 'settings'), { recursive: true });
const userConfig = `{\n  "mcpServers": {\n    "user-box": { "command": ${JSON.stringify(node)}, "args": [${JSON.stringify(fixture('toolbox.mjs'))}], "disabled": true }\n  }\n}\n`;
writeFileSync(path.join(home, 'settings', 'mcp.json'), userConfig);
process.env.SPECWRIGHT_HOME_KIRO = home;
process.env.SPECWRIGHT_E2E_MCP_TOKEN = 'e2e-token-value';

const workspaceConfig = `{
  "mcpServers": {
    "everything": { "command": ${JSON.stringify(node)}, "args": [${JSON.stringify(everything)}], "autoApprove": ["echo"] },
    "broken": { "command": ${JSON.stringify(node)}, "args": [${JSON.stringify(fixture('exits-at-once.mjs'))}] },
    "box": { "command": ${JSON.stringify(node)}, "args": [${JSON.stringify(fixture('toolbox.mjs'))}], "env": { "TOKEN": "\${SPECWRIGHT_E2E_MCP_TOKEN}" } }
  }
}
`;

/** Errors thrown in the page while a test used the panel (a render error blanks the whole window). */
const pageErrors = new WeakMap<import('@playwright/test').Page, string[]>();
test.afterEach(({ ide }) => expect(pageErrors.get(ide.page) ?? []).toEqual([]));

async function openPanel(page: import('@playwright/test').Page) {
  if (!pageErrors.has(page)) {
    pageErrors.set(page, []);
    page.on('pageerror', (e) => pageErrors.get(page)!.push(e.message));
  }
  await page.getByRole('button', { name: 'MCP servers' }).click();
  const panel = page.getByRole('region', { name: 'MCP servers' });
  await expect(panel).toBeVisible();
  return panel;
}

test.describe('the MCP servers panel', () => {
  test.use({ files: { 'README.md': '# x\n', '.kiro/settings/mcp.json': workspaceConfig } });

  test('shows a ready server with its tools and a failed one with the reason; logs and tools open', async ({ ide }, testInfo) => {
    const { page } = ide;
    const panel = await openPanel(page);
    const every = panel.getByRole('listitem', { name: 'everything' });
    const broken = panel.getByRole('listitem', { name: 'broken' });
    await expect(every).toContainText(/Ready · 13 tools · 4 prompts · 7 resources · stdio/, { timeout: 20_000 });
    await expect(broken).toContainText('Failed');
    await expect(broken).toContainText('The server exited with code 3 before it was ready. Its last output: fatal: could not read config file /nonexistent/config.toml');
    await expect(panel.getByRole('listitem', { name: 'user-box' })).toContainText('Off — turned off in ~/.kiro/settings/mcp.json');

    await expect(panel.getByRole('region', { name: 'Variables to approve' })).toContainText('Pass ${SPECWRIGHT_E2E_MCP_TOKEN} to box?');
    await every.getByRole('button', { name: 'Tools of everything' }).click();
    const tools = every.getByRole('list', { name: 'Tools of everything' });
    await expect(tools.getByRole('listitem')).toHaveCount(13);
    await expect(tools.getByRole('listitem').filter({ hasText: 'echo' })).toContainText('auto-approved');

    await page.screenshot({ path: testInfo.outputPath('mcp-panel.png') });
    await every.getByRole('button', { name: 'Tools of everything' }).click();

    await broken.getByRole('button', { name: 'Log of broken' }).click();
    await expect(broken.getByRole('log', { name: 'Log of broken' })).toContainText('fatal: could not read config file');
    await page.screenshot({ path: testInfo.outputPath('mcp-panel-log.png') });

    // Restart a failed server: it fails again, with the same reason.
    await broken.getByRole('button', { name: 'Restart broken' }).click();
    await expect(broken).toContainText('exited with code 3');
  });

  test('switches write the flag into the file that decides, and nothing else', async ({ ide, workspace }) => {
    const { page } = ide;
    const panel = await openPanel(page);
    const every = panel.getByRole('listitem', { name: 'everything' });
    await expect(every).toContainText('Ready', { timeout: 20_000 });

    const sw = panel.getByRole('switch', { name: 'everything', exact: true });
    await expect(sw).toHaveAttribute('aria-checked', 'true');
    await sw.click();
    await expect(sw).toHaveAttribute('aria-checked', 'false');
    await expect(every).toContainText('Off — turned off in .kiro/settings/mcp.json');
    const wsFile = path.join(workspace.dir, '.kiro/settings/mcp.json');
    const off = await readFile(wsFile, 'utf8');
    expect(off.replace(/,\s*"disabled": ?true/, '')).toBe(workspaceConfig);
    await sw.click();
    await expect(every).toContainText('Ready', { timeout: 20_000 });
    expect((await readFile(wsFile, 'utf8')).replace(/,\s*"disabled": ?false/, '')).toBe(workspaceConfig);

    // The user server: its flag lives in the user file.
    const userSwitch = panel.getByRole('switch', { name: 'user-box' });
    await userSwitch.click();
    await expect(panel.getByRole('listitem', { name: 'user-box' })).toContainText('Ready', { timeout: 20_000 });
    expect(await readFile(path.join(home, 'settings', 'mcp.json'), 'utf8')).toBe(userConfig.replace('"disabled": true', '"disabled": false'));
    await userSwitch.click();
    await expect(panel.getByRole('listitem', { name: 'user-box' })).toContainText('Off');
    expect(await readFile(path.join(home, 'settings', 'mcp.json'), 'utf8')).toBe(userConfig);
  });

  test('asks about a ${VAR} once, in the panel, and remembers the answer', async ({ ide }) => {
    const { page } = ide;
    const panel = await openPanel(page);
    const box = panel.getByRole('listitem', { name: 'box', exact: true });
    await expect(box).toContainText('Ready', { timeout: 20_000 });
    await expect(box).toContainText('${SPECWRIGHT_E2E_MCP_TOKEN} in env.TOKEN is left unexpanded until you allow it');
    const questions = panel.getByRole('region', { name: 'Variables to approve' });
    await expect(questions).toContainText('Pass ${SPECWRIGHT_E2E_MCP_TOKEN} to box?');
    await expect(questions).toContainText('would go into env.TOKEN of');
    await questions.getByRole('button', { name: 'Allow SPECWRIGHT_E2E_MCP_TOKEN for box' }).click();
    await expect(questions).toBeHidden();
    await expect(box).not.toContainText('left unexpanded');
    await expect(box).toContainText('Ready', { timeout: 20_000 });
    const saved = JSON.parse(await readFile(path.join(ide.dataDir, 'mcp-variables.json'), 'utf8'));
    expect(Object.values(saved.answers)).toEqual([expect.objectContaining({ answer: 'approved', variable: 'SPECWRIGHT_E2E_MCP_TOKEN', server: 'box' })]);
  });

  test('Open config: the workspace file in the editor at the server, the user file read-only in the panel', async ({ ide }) => {
    const { page } = ide;
    const panel = await openPanel(page);
    await panel.getByRole('button', { name: 'Open config of box' }).click();
    await expect(page.getByRole('tablist', { name: 'Open editors' }).getByRole('tab', { name: 'mcp.json' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Editor' })).toContainText('"box"');

    await panel.getByRole('button', { name: 'Open config of user-box' }).click();
    const viewer = panel.getByRole('region', { name: '~/.kiro/settings/mcp.json' });
    await expect(viewer).toContainText('"user-box"');
    await expect(viewer).toContainText(path.join(home, 'settings', 'mcp.json'));
    await expect(viewer).toContainText('read-only');

    // Edited elsewhere: the panel and the viewer follow the file.
    const userFile = path.join(home, 'settings', 'mcp.json');
    try {
      await writeFile(userFile, userConfig.replace('"user-box"', '"user-box2"'));
      await expect(viewer).toContainText('"user-box2"', { timeout: 10_000 });
      await expect(panel.getByRole('listitem', { name: 'user-box2' })).toBeVisible();
    } finally {
      await writeFile(userFile, userConfig);
    }
  });
});

test.describe('many tools', () => {
  test.use({
    files: {
      '.kiro/settings/mcp.json': `{"mcpServers": {"everything": {"command": ${JSON.stringify(node)}, "args": [${JSON.stringify(everything)}]}}}`,
      '.kiro/settings/specwright.json': '{"mcp": {"manyToolsWarning": 5}}',
    },
  });

  test('a one-time warning says what the tools cost in context, until dismissed', async ({ ide }) => {
    const panel = await openPanel(ide.page);
    const note = panel.getByRole('note', { name: 'Many MCP tools' });
    await expect(note).toContainText(/13 MCP tools are enabled \(more than 5\)\. .*about [\d,]+ tokens each time/, { timeout: 20_000 });
    await note.getByRole('button', { name: 'Dismiss' }).click();
    await expect(note).toBeHidden();
    await ide.page.reload();
    const again = await openPanel(ide.page);
    await expect(again.getByRole('listitem', { name: 'everything' })).toContainText('Ready');
    await expect(again.getByRole('note', { name: 'Many MCP tools' })).toHaveCount(0);
  });
});

test.describe('a malformed mcp.json', () => {
  test.use({ files: { '.kiro/settings/mcp.json': '{"mcpServers": {"bad": {"command": 42}, "nothing": {}}}' } });

  test('lists each problem with the file and key; the IDE carries on', async ({ ide }) => {
    const panel = await openPanel(ide.page);
    const problems = panel.getByRole('region', { name: 'Problems in .kiro/settings/mcp.json' });
    await expect(problems).toContainText('.kiro/settings/mcp.json: mcpServers.bad.command: must be a non-empty string (the program to start).');
    await expect(problems).toContainText('mcpServers.nothing: needs "command" (a local server over stdio) or "url"');
    await problems.getByRole('button').first().click();
    await expect(ide.page.getByRole('tab', { name: 'mcp.json' })).toBeVisible();
  });
});
