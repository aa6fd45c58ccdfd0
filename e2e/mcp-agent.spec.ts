import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chat, expect, test } from './fixtures/agent';
import { repoRoot } from './fixtures/server';

// The fixture model calls an MCP tool of a real server (server-everything over stdio); the
// person approves it in the approval prompt; the result shows on the tool card and in the
// model's answer, and the call is in the audit log.

const node = process.execPath;
const everything = path.join(repoRoot, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
const toolbox = path.join(repoRoot, 'e2e', 'fixtures', 'mcp-servers', 'toolbox.mjs');

test.use({
  files: {
    'README.md': '# x\n',
    '.kiro/settings/mcp.json': JSON.stringify({ mcpServers: { everything: { command: node, args: [everything] }, box: { command: node, args: [toolbox] } } }, null, 2),
  },
  script: {
    turns: [
      {
        when: { lastUser: 'add 2 and 3', step: 0, tool: 'mcp__everything__get-sum' },
        reply: [{ text: 'Let me ask the server.' }, { toolUse: { name: 'mcp__everything__get-sum', input: { a: 2, b: 3 } } }],
      },
      { when: { lastUser: 'add 2 and 3', step: 1, lastToolResult: 'The sum of 2 and 3 is 5' }, reply: [{ text: 'The MCP server says the sum is 5.' }] },
      { when: { lastUser: 'picture', step: 0 }, reply: [{ toolUse: { name: 'mcp__everything__get-tiny-image', input: {} } }] },
      { when: { lastUser: 'picture', step: 1 }, reply: [{ text: 'Here it is.' }] },
      { when: { lastUser: 'slowly', step: 0 }, reply: [{ toolUse: { name: 'mcp__box__slow', input: { steps: 8, ms: 500 } } }] },
      { when: { lastUser: 'slowly', step: 1 }, reply: [{ text: 'Finished slowly.' }] },
    ],
  },
});

test('the model calls an MCP tool; the person approves; the result is in the chat and the audit log', async ({ ide }, testInfo) => {
  const { page } = ide;
  const c = chat(page);
  // The tools are offered once the server is ready.
  await page.getByRole('button', { name: 'MCP servers' }).click();
  await expect(page.getByRole('region', { name: 'MCP servers' }).getByRole('listitem', { name: 'everything' })).toContainText('Ready', { timeout: 20_000 });

  await c.ask('please add 2 and 3');
  const approval = page.getByRole('region', { name: 'Approval required' });
  await expect(approval).toContainText('everything / get-sum');
  await expect(approval.getByLabel('Tool input')).toContainText('"a": 2');
  await expect(c.log.getByRole('group', { name: 'mcp__everything__get-sum: pending approval' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('mcp-approval.png') });
  await approval.getByRole('button', { name: 'Approve', exact: true }).click();

  const card = c.log.getByRole('group', { name: 'mcp__everything__get-sum: done' });
  await expect(card).toBeVisible();
  await card.getByRole('button').first().click();
  await expect(card).toContainText('The sum of 2 and 3 is 5.');
  await expect(c.log.getByRole('article', { name: 'Agent' }).last()).toContainText('The MCP server says the sum is 5.');
  await page.screenshot({ path: testInfo.outputPath('mcp-tool-card.png') });

  // The audit log (on disk and in its panel): proposal, decision, approval, result.
  const wsDir = path.join(ide.dataDir, 'workspaces');
  const [id] = await readdir(wsDir);
  const records = (await readFile(path.join(wsDir, id!, 'audit.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; summary: string; data: Record<string, unknown> });
  const mcpRecords = records.filter((r) => /get-sum/.test(r.summary) || r.type === 'result');
  expect(mcpRecords.map((r) => r.type)).toEqual(['proposal', 'decision', 'approval', 'result']);
  expect(mcpRecords[0]!.data.action).toMatchObject({ kind: 'mcp', server: 'everything', tool: 'get-sum', input: { a: 2, b: 3 } });
  expect(mcpRecords[2]!.data).toMatchObject({ answer: 'approve', by: 'person' });
  expect(mcpRecords[3]!.data).toMatchObject({ ok: true });
  await page.keyboard.press('F1');
  await page.getByRole('combobox', { name: 'Command palette' }).fill('Show Audit Log');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Audit log' })).toContainText('everything/get-sum');
});

test('images from a tool result show on the card; progress shows while a call runs', async ({ ide }, testInfo) => {
  const { page } = ide;
  const c = chat(page);
  await page.getByRole('button', { name: 'MCP servers' }).click();
  await expect(page.getByRole('region', { name: 'MCP servers' }).getByRole('listitem', { name: 'box', exact: true })).toContainText('Ready', { timeout: 20_000 });
  const approval = page.getByRole('region', { name: 'Approval required' });

  await c.ask('show me a picture');
  await approval.getByRole('button', { name: 'Approve', exact: true }).click();
  const card = c.log.getByRole('group', { name: 'mcp__everything__get-tiny-image: done' });
  const img = card.getByRole('img', { name: 'Image 1 from mcp__everything__get-tiny-image' });
  await expect(img).toBeVisible();
  expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);

  await c.ask('do it slowly');
  await approval.getByRole('button', { name: 'Approve', exact: true }).click();
  const progress = c.log.getByRole('status', { name: 'Progress of mcp__box__slow' });
  await expect(progress).toContainText(/\d of 8 — step \d of 8/);
  await page.screenshot({ path: testInfo.outputPath('mcp-progress.png') });
  // The panel shows the running call too.
  await expect(page.getByRole('region', { name: 'MCP servers' }).getByRole('listitem', { name: 'box', exact: true })).toContainText(/Running slow — \d of 8/);
  await expect(c.log.getByRole('article', { name: 'Agent' }).last()).toContainText('Finished slowly.', { timeout: 20_000 });
  await expect(progress).toBeHidden();
});
