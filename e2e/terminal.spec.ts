import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { editorText, expect, test } from './fixtures/ide';

// Real bash on a real pty in the host, a real xterm.js in Chromium, over the real WebSocket.
const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

const panel = (page: Page) => page.getByRole('region', { name: 'Terminal' });
/** What the active terminal shows on screen (xterm's rows), as plain text. */
const screen = async (page: Page) => ((await panel(page).locator('.xterm-rows').textContent()) ?? '').replace(/\u00a0/g, ' ');
const rowsText = async (page: Page) => (await panel(page).locator('.xterm-rows > div').allTextContents()).map((r) => r.replace(/\u00a0/g, ' ').trimEnd());

async function openTerminal(page: Page) {
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible();
  await page.keyboard.press('Control+`');
  await expect(panel(page)).toBeVisible();
  await expect(panel(page).getByRole('tab')).toHaveCount(1);
  await expect(panel(page).locator('.xterm-helper-textarea')).toBeFocused();
  await expect.poll(async () => (await rowsText(page)).some((r) => /[$#] ?$/.test(r))).toBe(true); // a prompt
}

async function run(page: Page, command: string) {
  await panel(page).locator('.xterm-helper-textarea').focus();
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
}

test('open a terminal, type a command, see its output and its effect on disk', async ({ ide, workspace }, testInfo) => {
  const { page } = ide;
  await openTerminal(page);
  await run(page, 'echo "made by $((6*7))" > from-terminal.txt && cat from-terminal.txt && ls');
  await expect.poll(() => screen(page)).toContain('made by 42');
  expect(await workspace.readText('from-terminal.txt')).toBe('made by 42\n');
  await expect.poll(() => screen(page)).toContain('package.json');
  await page.screenshot({ path: testInfo.outputPath('terminal.png') });
});
