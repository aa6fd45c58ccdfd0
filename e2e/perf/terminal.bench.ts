import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawn } from '@lydell/node-pty';
import type { Page } from '@playwright/test';
import { disableFeaturesSwitch } from '../../electron/desktop/chromium-features';
import { startServerProcess } from '../fixtures/server';
import { benchTemp, launchChromium, median, percentile, type Bench } from './lib';

const STREAM_BYTES = Number(process.env.TERMINAL_BENCH_MB ?? 50) * 1024 * 1024;
const MB = 1024 * 1024;
/** The same 50 MB stream in both measurements: plain text, wrapped by the terminal. */
const STREAM = `head -c ${STREAM_BYTES} /dev/zero | tr '\\0' x`;
const RUNS = 3;
const KEYSTROKES = 40;

/** The limit: how fast the host process alone reads the stream from a pty (node-pty, as the host does). */
async function rawPtyRate(): Promise<number> {
  const t0 = performance.now();
  const pty = spawn('/bin/sh', ['-c', STREAM], { cols: 120, rows: 30, encoding: 'utf8' });
  let n = 0;
  pty.onData((d) => (n += d.length));
  await new Promise<void>((resolve) => pty.onExit(() => resolve()));
  // node-pty on Linux can drop the last few KB when a program exits at once (node-pty#72): the
  // yardstick tolerates that; the host's own agent commands avoid it with an exit handshake.
  if (n < STREAM_BYTES * 0.99) throw new Error(`pty.raw read ${n} of ${STREAM_BYTES} characters`);
  return STREAM_BYTES / MB / ((performance.now() - t0) / 1000);
}

/**
 * Both ends measured inside the page, so that the figures hold no DevTools round trips:
 * from the last keydown (recorded by a listener) to the first animation frame at which the
 * terminal's rows show `text`.
 */
async function elapsedSinceKey(page: Page, text: string, timeout: number): Promise<number> {
  const handle = await page.waitForFunction(
    (expected) => {
      const rows = (document.querySelector('.xterm-rows')?.textContent ?? '').replace(/\u00a0/g, ' ');
      const at = (window as unknown as { __swKeyAt?: number }).__swKeyAt;
      return at !== undefined && rows.includes(expected) ? performance.now() - at : false;
    },
    text,
    { polling: 'raf', timeout },
  );
  return (await handle.jsonValue()) as number;
}

async function openTerminal(page: Page) {
  await page.getByRole('tree', { name: 'Files' }).waitFor();
  await page.keyboard.press('Control+`');
  const rows = page.getByRole('region', { name: 'Terminal' }).locator('.xterm-rows');
  await rows.waitFor();
  await page.waitForFunction(() => /[$#] ?$/.test((document.querySelector('.xterm-rows')?.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd() + ' '), undefined, { polling: 'raf' });
  await page.evaluate("window.addEventListener('keydown', () => { window.__swKeyAt = performance.now(); }, true)");
}

/** From Enter to the end marker on screen: PTY → host → WebSocket → xterm's buffer (and its renderer) in Chromium. */
async function uiRate(page: Page, run: number): Promise<number> {
  const marker = `stream-end-${run}-`;
  await page.keyboard.type(`clear; ${STREAM}; echo; echo ${marker}$((40+2))`);
  await page.keyboard.press('Enter');
  const ms = await elapsedSinceKey(page, `${marker}42`, 300_000);
  return STREAM_BYTES / MB / (ms / 1000);
}

const throughput: Bench = {
  ids: ['terminal.throughput', 'pty.raw'],
  async run(emit) {
    const workspace = await benchTemp('term');
    await writeFile(path.join(workspace, 'README.md'), '# bench\n');
    const server = await startServerProcess({ workspace });
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      page.on('crash', () => console.log('BENCH-NOTE the page crashed'));
      page.on('pageerror', (e) => console.log(`BENCH-NOTE page error: ${e.message}`));
      await page.goto(server.url);
      await openTerminal(page);
      await uiRate(page, 0); // warm-up
      const ui: number[] = [];
      const raw: number[] = [];
      for (let i = 1; i <= RUNS; i++) {
        raw.push(await rawPtyRate());
        ui.push(await uiRate(page, i));
      }
      emit({ id: 'terminal.throughput', value: median(ui), unit: 'MB/s', vs: { id: 'pty.raw', value: median(raw), unit: 'MB/s' } });
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};

/**
 * Keystroke echo: from the keydown in the page to the character on screen (the shell's echo,
 * rendered), in a Chromium started with `args`.
 */
async function echoSamples(args: string[]): Promise<number[]> {
  const workspace = await benchTemp('term-echo');
  await writeFile(path.join(workspace, 'README.md'), '# bench\n');
  const server = await startServerProcess({ workspace });
  const browser = await launchChromium(args);
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(server.url);
    await openTerminal(page);
    await page.evaluate(`new MutationObserver(() => {
      if (window.__swExpect === undefined || window.__swSeenAt !== undefined) return;
      const rows = document.querySelector('.xterm-rows');
      if ((rows.textContent || '').replace(/\\u00a0/g, ' ').includes(window.__swExpect)) window.__swSeenAt = performance.now();
    }).observe(document.querySelector('.xterm-rows'), { childList: true, subtree: true, characterData: true })`);
    const samples: number[] = [];
    let typed = 'echo ';
    await page.keyboard.type(typed);
    for (let i = 0; i < KEYSTROKES; i++) {
      const ch = 'abcdefghijklmnopqrstuvwxyz'[i % 26]!;
      typed += ch;
      // Watched on every change of the rows (a MutationObserver), so the figure is not rounded up to a frame.
      await page.evaluate(`window.__swExpect = ${JSON.stringify(typed)}; window.__swSeenAt = undefined;`);
      await page.keyboard.press(ch);
      const handle = await page.waitForFunction(() => {
        const w = window as unknown as { __swSeenAt?: number; __swKeyAt?: number };
        return w.__swSeenAt !== undefined && w.__swKeyAt !== undefined ? w.__swSeenAt - w.__swKeyAt : false;
      }, undefined, { polling: 'raf', timeout: 10_000 });
      samples.push((await handle.jsonValue()) as number);
      await new Promise((r) => setTimeout(r, 30));
    }
    await page.keyboard.press('Control+U');
    return samples.slice(5); // the first keystrokes warm up the path
  } finally {
    await browser.close();
    await server.stop();
  }
}

const echo: Bench = {
  ids: ['terminal.echo.p95', 'terminal.echo.median', 'terminal.echo.stock-browser.p95'],
  async run(emit) {
    // The desktop app's Chromium: it turns off the deferral of tasks after input (see chromium-features.ts).
    const desktop = await echoSamples([disableFeaturesSwitch()]);
    emit({ id: 'terminal.echo.p95', value: percentile(desktop, 95), unit: 'ms' });
    emit({ id: 'terminal.echo.median', value: median(desktop), unit: 'ms' });
    // Server mode in a stock browser keeps the deferral: the echo waits one more frame.
    const stock = await echoSamples([]);
    emit({ id: 'terminal.echo.stock-browser.p95', value: percentile(stock, 95), unit: 'ms' });
  },
};

export const benches: Bench[] = [throughput, echo];
