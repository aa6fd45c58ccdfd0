import type { Page } from '@playwright/test';
import { chat, expect, test } from './fixtures/agent';
import { openSettings, userSettings } from './fixtures/settings';

// System notifications when an agent request finishes while the window is in the
// background, in Chromium's own Notification implementation. Focus is real here: Playwright's
// focus emulation is turned off, so bringing another page to the front takes it away.

/** Records each notification the page creates and each one the browser reports shown; the real Notification still does the work. */
const RECORD = () => {
  const Real = window.Notification;
  const log = { created: [] as { title: string; body: string }[], shown: [] as string[] };
  (window as unknown as { notificationLog: typeof log }).notificationLog = log;
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      log.created.push({ title, body: options?.body ?? '' });
      this.addEventListener('show', () => log.shown.push(title));
    }
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  window.Notification = Recorded as typeof Notification;
};
const notificationLog = (page: Page) => page.evaluate(() => (window as unknown as { notificationLog: { created: { title: string; body: string }[]; shown: string[] } }).notificationLog);

async function realFocus(page: Page) {
  await page.context().grantPermissions(['notifications'], { origin: new URL(page.url()).origin });
  await page.addInitScript(RECORD);
  await page.reload();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
}

/** Another page in front: the IDE's window is in the background, for real. */
async function goElsewhere(page: Page) {
  const other = await page.context().newPage();
  await other.goto('about:blank');
  await other.bringToFront();
  await expect.poll(() => page.evaluate(() => document.hasFocus())).toBe(false);
  return other;
}

const script = {
  turns: [
    { name: 'write', when: { lastUser: 'write it', step: 0 }, reply: [{ toolUse: { name: 'write_file', input: { path: 'notes/out.txt', content: 'done\n' } } }] },
    { name: 'answer', when: { lastUser: 'write it', step: 1 }, reply: [{ text: 'The file is written.' }] },
  ],
};

test.describe('notifications when work finishes unseen', () => {
  test.use({ script, settings: { general: { notifications: { enabled: true, minSeconds: 0 } } } });

  test('a request that ends while the window is in the background notifies; the Settings screen shows the browser’s permission', async ({ ide }) => {
    const { page } = ide;
    await realFocus(page);
    const settings = await openSettings(page);
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('notifications');
    await expect(settings.getByRole('checkbox', { name: 'General › Notifications › Notify When Work Finishes' })).toBeChecked();
    await expect(settings.getByRole('status', { name: 'Browser notifications: Allowed in this browser' })).toBeVisible();

    const c = chat(page);
    await c.ask('write it');
    // The request waits for the person's approval; they look elsewhere, then approve from the notification-less window.
    const approve = page.getByRole('region', { name: 'Approval required' }).getByRole('button', { name: 'Approve', exact: true });
    await expect(approve).toBeVisible();
    const other = await goElsewhere(page);
    // A DOM click: Playwright's own click would bring the window to the front.
    await approve.evaluate((b: HTMLButtonElement) => b.click());
    await expect.poll(async () => (await notificationLog(page)).shown).toEqual(['The agent finished']);
    expect((await notificationLog(page)).created[0]!.body).toMatch(/^“write it”: The file is written\. \(\d+ s\)$/);
    await other.close();
  });

  test('no notification while the window has the focus, nor when the setting is off', async ({ ide }) => {
    const { page } = ide;
    await realFocus(page);
    const c = chat(page);
    await c.ask('write it');
    await page.getByRole('region', { name: 'Approval required' }).getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(c.log.getByText('The file is written.')).toBeVisible();
    await expect(c.stop).toHaveCount(0);
    expect((await notificationLog(page)).created).toEqual([]);

    // Off in the settings: the same request, unseen, stays quiet.
    const settings = await openSettings(page);
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('notify');
    await settings.getByRole('checkbox', { name: 'General › Notifications › Notify When Work Finishes' }).uncheck();
    await expect.poll(() => userSettings(ide.dataDir)).toMatchObject({ general: { notifications: { enabled: false, minSeconds: 0 } } });
    await page.getByRole('button', { name: 'New session' }).click();
    await c.ask('write it');
    const approve = page.getByRole('region', { name: 'Approval required' }).getByRole('button', { name: 'Approve', exact: true });
    await expect(approve).toBeVisible();
    const other = await goElsewhere(page);
    await approve.evaluate((b: HTMLButtonElement) => b.click());
    await expect(c.log.getByText('The file is written.')).toBeVisible();
    await expect(c.stop).toHaveCount(0);
    expect((await notificationLog(page)).created).toEqual([]);
    await other.close();
  });
});
