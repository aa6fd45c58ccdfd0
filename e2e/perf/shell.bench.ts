import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'vite';
import type { Browser } from '@playwright/test';
import { startServerProcess, repoRoot } from '../fixtures/server';
import { benchTemp, launchChromium, median, rssMb, type Bench } from './lib';

const SAMPLE = 'export function greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n// startup-marker\n';
const RUNS = 5;

async function sampleWorkspace() {
  const dir = await benchTemp('ws');
  await mkdir(path.join(dir, 'src'), { recursive: true });
  await writeFile(path.join(dir, 'src', 'greet.ts'), SAMPLE);
  await writeFile(path.join(dir, 'README.md'), '# bench\n');
  return dir;
}

/** Waits until Monaco in `page` renders the marker line, i.e. the file's text is on screen. */
async function textVisible(page: import('@playwright/test').Page) {
  await page.waitForFunction(() => document.querySelector('.view-lines')?.textContent?.includes('startup-marker'), undefined, { timeout: 30_000, polling: 'raf' });
}

async function ours(browser: Browser, workspace: string): Promise<number> {
  const t0 = performance.now();
  const server = await startServerProcess({ workspace, extraArgs: ['--open', 'src/greet.ts'] });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await textVisible(page);
  const ms = performance.now() - t0;
  await context.close();
  await server.stop();
  return ms;
}

async function bare(browser: Browser, dir: string, file: string): Promise<number> {
  const t0 = performance.now();
  const child: ChildProcess = spawn(process.execPath, [path.join(repoRoot, 'e2e/perf/bare-monaco/serve.mjs'), dir, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /ready (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await textVisible(page);
  const ms = performance.now() - t0;
  await context.close();
  child.kill();
  return ms;
}

const startup: Bench = {
  ids: ['startup.editable'],
  async run(emit) {
    await build({ configFile: path.join(repoRoot, 'e2e/perf/vite.bare.config.ts') });
    const bareDir = path.join(repoRoot, '.bench-work', 'bare-monaco');
    const workspace = await sampleWorkspace();
    const browser = await launchChromium();
    try {
      await ours(browser, workspace); // warm the OS file cache for both
      await bare(browser, bareDir, path.join(workspace, 'src', 'greet.ts'));
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        a.push(await ours(browser, workspace));
        b.push(await bare(browser, bareDir, path.join(workspace, 'src', 'greet.ts')));
      }
      emit({ id: 'startup.editable', value: median(a), unit: 'ms', vs: { id: 'startup.bare-monaco', value: median(b), unit: 'ms' } });
    } finally {
      await browser.close();
    }
  },
};

const openBig: Bench = {
  ids: ['editor.open-5mb'],
  async run(emit) {
    const workspace = await sampleWorkspace();
    // 100,000 lines, 5 MB of plausible code.
    const lines = Array.from({ length: 100_000 }, (_, i) => `export const value${String(i).padStart(6, '0')} = compute(${i}, "abcdefghij"); // ${i % 10}`.slice(0, 51));
    lines[0] = 'export const first = "big-file-first-line";'.padEnd(51, ' ');
    await writeFile(path.join(workspace, 'big.js'), lines.join('\n'));
    const server = await startServerProcess({ workspace });
    const browser = await launchChromium();
    const times: number[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(server.url);
        await page.getByRole('treeitem', { name: 'big.js' }).waitFor();
        // Monaco itself loaded (as after start), so the figure is the file, not the page.
        await page.waitForFunction(() => 'MonacoEnvironment' in self);
        const t0 = await page.evaluate(() => performance.now());
        await page.getByRole('treeitem', { name: 'big.js' }).click();
        await page.waitForFunction(() => document.querySelector('.view-lines')?.textContent?.includes('big-file-first-line'), undefined, { polling: 'raf', timeout: 30_000 });
        // Editable: a keystroke lands in the buffer and marks it dirty.
        await page.keyboard.type('x');
        await page.getByRole('tab', { name: 'big.js' }).and(page.locator('[aria-description*="unsaved"]')).waitFor();
        times.push((await page.evaluate(() => performance.now())) - t0);
        await context.close();
        await page.close().catch(() => {});
      }
      emit({ id: 'editor.open-5mb', value: median(times), unit: 'ms' });
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};

const rssIdle: Bench = {
  ids: ['host.rss-idle'],
  async run(emit) {
    // A real checkout as the workspace: this repository.
    const server = await startServerProcess({ workspace: repoRoot });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.getByRole('tree', { name: 'Files' }).waitFor();
      await new Promise((r) => setTimeout(r, 3000));
      emit({ id: 'host.rss-idle', value: await rssMb(server.child.pid!), unit: 'MB' });
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};

export const benches: Bench[] = [startup, openBig, rssIdle];
