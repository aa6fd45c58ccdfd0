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

test('several terminals in tabs: new, rename, kill, and `exit` closes its tab', async ({ ide }, testInfo) => {
  const { page } = ide;
  await openTerminal(page);
  const tabs = panel(page).getByRole('tablist', { name: 'Terminals' }).getByRole('tab');
  await panel(page).getByRole('button', { name: 'New terminal' }).click();
  await expect(tabs).toHaveCount(2);
  await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
  await run(page, 'echo second-$((1+1))');
  await expect.poll(() => screen(page)).toContain('second-2');

  await panel(page).getByRole('button', { name: 'Rename terminal' }).click();
  const name = page.getByRole('textbox', { name: 'Terminal name' });
  await name.fill('server logs');
  await page.keyboard.press('Enter');
  await expect(panel(page).getByRole('tab', { name: 'server logs' })).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: testInfo.outputPath('terminal-tabs.png') });

  // The first terminal kept its own screen.
  await tabs.first().click();
  await expect.poll(() => screen(page)).not.toContain('second-2');

  await panel(page).getByRole('button', { name: 'Kill terminal' }).click();
  await expect(tabs).toHaveCount(1);
  await expect(panel(page).getByRole('tab', { name: 'server logs' })).toHaveAttribute('aria-selected', 'true');
  await run(page, 'exit');
  await expect(tabs).toHaveCount(0);
  await expect(panel(page).getByText('No terminal is open.')).toBeVisible();
});

test('a printed path:line opens the file in the editor at that line', async ({ ide }) => {
  const { page } = ide;
  await openTerminal(page);
  await run(page, 'cd src && echo "see greet.ts:2 for the greeting"');
  const row = panel(page).locator('.xterm-rows > div', { hasText: /^see greet\.ts:2 for/ }).last();
  await expect(row).toBeVisible();
  // The screen position of the character "e" of "greet.ts:2" (column 6 of the output line).
  const { x, y } = await row.evaluate((el) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let offset = 6;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const len = node.textContent!.length;
      if (offset < len) {
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + 1);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
      offset -= len;
    }
    throw new Error('no such column');
  });
  // xterm looks for links when the mouse moves over a cell; the host checks the file exists.
  let nudge = 0;
  await expect
    .poll(async () => {
      await page.mouse.move(x + (nudge++ % 2), y);
      return panel(page).locator('.xterm-screen').getAttribute('class');
    })
    .toMatch(/xterm-cursor-pointer/);
  await page.mouse.click(x, y);
  await expect(page.getByRole('tab', { name: 'greet.ts' })).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => editorText(page)).toContain('return `Hello, ${name}!`;');
  await expect(page.getByRole('region', { name: 'Editor' }).locator('.active-line-number')).toHaveText('2');
});

test('find in the scrollback, and copy and paste with the clipboard', async ({ ide }, testInfo) => {
  const { page } = ide;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await openTerminal(page);
  await run(page, 'seq 1 300');
  await expect.poll(() => screen(page)).toContain('300');
  await page.keyboard.press(`${mod}+F`);
  const find = panel(page).getByRole('searchbox', { name: 'Find in terminal' });
  await expect(find).toBeFocused();
  await find.fill('177');
  await expect(panel(page).getByRole('status')).toHaveText('1 of 1');
  await page.screenshot({ path: testInfo.outputPath('terminal-find.png') });
  await find.fill('no-such-text');
  await expect(panel(page).getByRole('status')).toHaveText('No results');
  await page.keyboard.press('Escape');
  await expect(find).toHaveCount(0);

  await page.evaluate(() => navigator.clipboard.writeText('echo pasted-$((3*3))'));
  await panel(page).locator('.xterm-helper-textarea').focus();
  await page.keyboard.press('Control+Shift+V');
  await page.keyboard.press('Enter');
  await expect.poll(() => screen(page)).toContain('pasted-9');
  // Double-click selects a word; Ctrl+Shift+C copies it.
  const row = panel(page).locator('.xterm-rows > div', { hasText: /^pasted-9\s*$/ }).last();
  const box = (await row.boundingBox())!;
  await page.mouse.dblclick(box.x + 10, box.y + box.height / 2);
  await page.keyboard.press('Control+Shift+C');
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('pasted-9');
});

test('the terminal follows the light or dark theme', async ({ ide }, testInfo) => {
  const { page } = ide;
  await page.emulateMedia({ colorScheme: 'light' });
  await openTerminal(page);
  const fg = () => panel(page).locator('.xterm-rows').evaluate((el) => getComputedStyle(el).color);
  await expect.poll(fg).toBe('rgb(31, 35, 41)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect.poll(fg).toBe('rgb(216, 219, 224)');
  await run(page, "printf '\\033[32mgreen\\033[0m \\033[31mred\\033[0m \\033[1;34mbold blue\\033[0m\\n'; ls --color=always");
  await page.screenshot({ path: testInfo.outputPath('terminal-dark.png') });
});

test('a shell killed from outside says so and keeps its tab', async ({ ide }) => {
  const { page } = ide;
  await openTerminal(page);
  await run(page, 'kill -9 $$');
  await expect.poll(() => screen(page)).toContain('[The shell was killed by SIGKILL.]');
  await expect(panel(page).getByRole('tab')).toHaveAttribute('aria-description', 'ended by SIGKILL');
});

test.describe('a shell that cannot start', () => {
  test.use({ files: { 'README.md': '# x\n', '.kiro/settings/specwright.json': '{ "terminal": { "shell": "/nonexistent/zsh" } }' } });

  test('shows why and runs /bin/sh instead', async ({ ide }) => {
    const { page } = ide;
    await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible();
    await page.keyboard.press('Control+`');
    const note = panel(page).getByRole('note');
    await expect(note).toHaveText("Specwright could not start the shell '/nonexistent/zsh' set in terminal.shell: no such file. This terminal runs /bin/sh instead.");
    await expect.poll(() => screen(page)).toContain("could not start the shell '/nonexistent/zsh'");
    await run(page, 'echo "shell:$0"');
    await expect.poll(() => screen(page)).toContain('shell:/bin/sh');
  });
});

test('after a dropped connection the terminal reattaches: nothing lost, nothing twice, same shell', async ({ ide }) => {
  const { page } = ide;
  // Route the app's WebSocket through a proxy we can cut, then reload so the page uses it.
  let cut: (() => Promise<void>) | null = null;
  await page.routeWebSocket(/\/rpc/, (ws) => {
    const server = ws.connectToServer();
    cut = async () => {
      await server.close();
      await ws.close();
    };
  });
  await page.reload();
  await openTerminal(page);
  await run(page, 'X=same-shell; for i in 1 2 3 4 5 6; do echo tick-$i; sleep 0.3; done');
  await expect.poll(() => screen(page)).toContain('tick-1');
  await cut!(); // the socket drops while the loop goes on
  await expect.poll(() => screen(page), { timeout: 15_000 }).toContain('tick-6');
  const rows = await rowsText(page);
  for (let i = 1; i <= 6; i++) expect(rows.filter((r) => r === `tick-${i}`), `tick-${i}`).toHaveLength(1);
  await run(page, 'echo "[$X]"');
  await expect.poll(() => screen(page)).toContain('[same-shell]');

  // A reload of the page (same tab) finds the same terminal with its recent output.
  await page.reload();
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible();
  await page.keyboard.press('Control+`');
  await expect(panel(page).getByRole('tab')).toHaveCount(1);
  await expect.poll(() => screen(page)).toContain('[same-shell]');
  await expect.poll(() => screen(page)).toContain('tick-6');
});
