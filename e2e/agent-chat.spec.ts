import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chat, expect, test } from './fixtures/agent';
import { editorInput, editorText } from './fixtures/ide';
import { startServerProcess } from './fixtures/server';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
const story = 'A long story that keeps going. '.repeat(400);

test.describe('Stop and retries', () => {
  test.use({
    script: {
      turns: [
        { name: 'story', when: { lastUser: 'long story' }, reply: [{ text: story, chunkChars: 6, delayMs: 15 }] },
        { name: 'busy', when: { lastUser: 'busy' }, fail: { kind: 'throttle', times: 2, retryAfterSeconds: 3 }, reply: [{ text: 'Back now.' }] },
        { name: 'hi', when: { lastUser: 'hello' }, reply: [{ text: 'Hello again.' }] },
      ],
    },
    settings: { agent: { retry: { maxRetries: 4, baseDelayMs: 2000, maxDelayMs: 4000 } } },
  });

  test('Stop during a long stream: the UI answers at once, the partial answer stays, the next message works', async ({ ide }) => {
    const { page } = ide;
    const c = chat(page);
    await c.ask('tell me a long story');
    const answer = c.log.getByRole('article', { name: 'Agent' }).first();
    await expect(answer).toContainText('A long story that keeps going.');
    // Responsive while streaming: a click opens the history at once.
    await page.getByRole('button', { name: 'Session history' }).click();
    await expect(page.getByRole('navigation', { name: 'Session history' })).toBeVisible();
    await page.getByRole('button', { name: 'Session history' }).click();
    await c.stop.click();
    // Stop takes effect in the UI immediately, and the host confirms: Send comes back.
    await expect(c.send).toBeVisible();
    await expect(c.log.getByText('Stopped.').first()).toBeVisible();
    const kept = (await answer.textContent()) ?? '';
    expect(kept.length).toBeGreaterThan(20);
    expect(kept.length).toBeLessThan(story.length);
    await expect(c.log.getByRole('button', { name: 'Continue' })).toBeVisible();
    await c.ask('hello');
    await expect(c.log.getByText('Hello again.')).toBeVisible();
  });

  test('throttling shows a countdown with the attempt, then the answer', async ({ ide }, testInfo) => {
    const { page } = ide;
    const c = chat(page);
    await c.ask('are you busy?');
    const countdown = c.log.getByRole('status').filter({ hasText: /Retrying in \d+ s — attempt 2 of 5/ });
    await expect(countdown).toBeVisible();
    await expect(countdown).toContainText('throttling');
    await page.screenshot({ path: testInfo.outputPath('chat-retry-countdown.png') });
    await expect(c.log.getByText('Back now.')).toBeVisible({ timeout: 20_000 });
    await expect(countdown).toHaveCount(0);
  });
});

test.describe('context, sessions, usage', () => {
  test.use({
    files: { 'src/app.ts': 'export const app = 1;\n', 'README.md': '# readme\n' },
    script: {
      turns: [
        { name: 'with file', when: { lastUser: 'what is in it' }, reply: [{ text: 'It exports `app`.' }] },
        { name: 'second', when: { lastUser: 'second\\s+question' }, reply: [{ text: 'Second answer.' }] },
      ],
    },
  });

  test('# adds context as removable chips; the model receives the file', async ({ ide, models }) => {
    const { page } = ide;
    const c = chat(page);
    await c.message.click();
    await page.keyboard.type('#fi');
    const providers = page.getByRole('listbox', { name: 'Context providers' });
    await expect(providers.getByRole('option', { name: /#file/ })).toBeVisible();
    await page.keyboard.press('Enter');
    await page.keyboard.type('app');
    await expect(page.getByRole('listbox', { name: '#file choices' }).getByRole('option', { name: 'src/app.ts' })).toBeVisible();
    await page.keyboard.press('Enter');
    const chips = page.getByRole('list', { name: 'Context' });
    await expect(chips.getByRole('listitem')).toHaveText(['#file src/app.ts×']);
    // A second chip, then remove it.
    await page.keyboard.type('#termi');
    await page.keyboard.press('Enter');
    await expect(chips.getByRole('listitem')).toHaveCount(2);
    await page.getByRole('button', { name: 'Remove #terminal' }).click();
    await expect(chips.getByRole('listitem')).toHaveCount(1);
    await expect(c.message).toHaveValue('');
    await c.message.fill('what is in it?');
    await c.send.click();
    await expect(c.log.getByText('It exports')).toBeVisible();
    await expect(c.log.getByRole('list', { name: 'Attached context' })).toHaveText('#file src/app.ts');
    const body = JSON.stringify((await models.requests('bedrock')).at(-1)!.body);
    expect(body).toContain('export const app = 1;');
    expect(body).toContain('#file src/app.ts');
  });

  test('sessions: new, history, rename, export, delete — and they survive a host restart', async ({ ide, workspace, models }, testInfo) => {
    const { page } = ide;
    const c = chat(page);
    await c.ask('what is in it?');
    await expect(c.log.getByText('It exports')).toBeVisible();
    await page.getByRole('button', { name: 'New session' }).click();
    await expect(c.log.getByText('It exports')).toHaveCount(0);
    await c.ask('second question');
    await expect(c.log.getByText('Second answer.')).toBeVisible();

    // Rename the current session.
    await page.getByRole('button', { name: 'Rename session' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Renamed chat');
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Session history' })).toContainText('Renamed chat');

    // Export as Markdown.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export session as Markdown' }).click();
    const file = await (await download).path();
    expect(await readFile(file, 'utf8')).toContain('Second answer.');

    // The history lists both; the first opens again.
    await page.getByRole('button', { name: 'Session history' }).click();
    const history = page.getByRole('navigation', { name: 'Session history' });
    await expect(history.getByRole('button', { name: /^what is in it\?/ })).toBeVisible();
    await expect(history.getByRole('button', { name: /^Renamed chat/ })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('chat-history.png') });
    await history.getByRole('button', { name: /^what is in it\?/ }).click();
    await expect(c.log.getByText('It exports')).toBeVisible();

    // Usage readout, opened.
    await c.usage.getByRole('button').click();
    await expect(c.usage.getByRole('img', { name: /Cost per day/ })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('chat-usage.png') });

    // Restart the host on the same data folder: both sessions are still there.
    await ide.server!.stop();
    const again = await startServerProcess({ workspace: workspace.dir, dataDir: ide.dataDir, env: models.env });
    try {
      await page.goto(again.url);
      await page.getByRole('button', { name: 'Session history' }).click();
      await expect(page.getByRole('navigation', { name: 'Session history' }).getByRole('listitem')).toHaveCount(2);
      const sessions = await readdir(path.join(ide.dataDir, 'workspaces'), { recursive: true });
      expect(sessions.filter((f) => /agent\/sessions\/s-.*\.json$/.test(f))).toHaveLength(2);
      // Delete the open one: the chat moves to the other.
      await expect(page.getByRole('button', { name: 'Session history' })).toContainText('Renamed chat');
      await page.getByRole('button', { name: 'Delete Renamed chat' }).click();
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect(page.getByRole('button', { name: 'Session history' })).toContainText('what is in it?');
      await expect(c.log.getByText('It exports')).toBeVisible();
      // The history stays open, with one session left.
      await expect(page.getByRole('navigation', { name: 'Session history' }).getByRole('listitem')).toHaveCount(1);
    } finally {
      await again.stop();
    }
  });

  test('keyboard: Ctrl/Cmd+L focuses the message box; Shift+Enter is a new line; Enter sends', async ({ ide }) => {
    const { page } = ide;
    const c = chat(page);
    await page.getByRole('treeitem', { name: 'README.md' }).click();
    await expect.poll(() => editorText(page)).toContain('# readme');
    await editorInput(page).focus();
    await page.keyboard.press(`${mod}+L`);
    await expect(c.message).toBeFocused();
    await page.keyboard.type('second');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('question');
    await expect(c.message).toHaveValue('second\nquestion');
    await page.keyboard.press('Enter');
    await expect(c.log.getByText('Second answer.')).toBeVisible();
    await expect(c.message).toHaveValue('');
  });
});

test.describe('errors inline', () => {
  test.use({
    script: {
      turns: [
        { name: 'expired', when: { lastUser: 'sign' }, fail: { kind: 'expired', times: 1 }, reply: [{ text: 'Signed in now.' }] },
        { name: 'cut', when: { lastUser: 'explain' }, reply: [{ text: 'The first half, ' }, { pauseMs: 50 }, { fault: 'drop' }] },
        { name: 'continue', when: { lastUser: 'Continue from where you stopped' }, reply: [{ text: 'and the second half.' }] },
      ],
    },
  });

  test('an expired login says what to run, with Retry; a cut answer is kept, marked, and continued', async ({ ide }, testInfo) => {
    const { page } = ide;
    const c = chat(page);
    await c.ask('sign me in');
    const error = c.log.getByRole('alert');
    await expect(error).toContainText(/expired|sso login|credentials/i);
    await page.getByRole('button', { name: 'Retry', exact: true }).click();
    await expect(c.log.getByText('Signed in now.')).toBeVisible();
    await c.ask('explain it');
    await expect(c.log.getByText(/The answer was cut off/)).toBeVisible();
    await expect(c.log.getByText('The first half,')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('chat-errors.png') });
    await page.getByRole('button', { name: 'Retry (continue)' }).click();
    await expect(c.log.getByText('and the second half.')).toBeVisible();
  });
});

test.describe('budgets', () => {
  test.use({ script: { turns: [{ reply: [{ text: 'never sent' }] }] }, settings: { agent: { budgets: { session: 0.0001 } } } });

  test('a budget stops the agent before the call, with a clear message', async ({ ide, models }) => {
    const c = chat(ide.page);
    await c.ask('write a long essay');
    await expect(c.log.getByRole('alert')).toContainText(/Stopped before calling the model: this call could cost up to \$\d+\.\d\d, and this session has spent \$0\.00 of its <\$0\.01 session limit/);
    expect(await models.requests()).toHaveLength(0);
  });
});
