// `specs.board-200`: the spec board with 200 specs, in Chromium — from the click on the
// Specs activity to every card painted — beside rendering 200 plain list items with the
// same labels in the same page (plain DOM: the floor any board stands on).

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startServerProcess } from '../fixtures/server';
import { benchTemp, launchChromium, median, type Bench } from './lib';

const SPECS = 200;
const RUNS = 9;

const req = (n: number) =>
  `# Requirements Document\n\n## Requirements\n\n${Array.from({ length: 4 }, (_, r) => `### Requirement ${r + 1}: Part ${r + 1} of feature ${n}\n\n**User Story:** As a user, I want part ${r + 1}, so that it works.\n\n#### Acceptance Criteria\n\n1. WHEN the user asks, THE System SHALL answer\n2. THE System SHALL log each request\n3. IF the request is invalid, THEN THE System SHALL refuse it${r === 0 && n % 3 === 0 ? '\n4. The page should be fast and user-friendly' : ''}\n`).join('\n')}`;
const design = `# Design\n\n## Overview\n\nSmall.\n\n\`\`\`mermaid\nflowchart LR\n  A --> B\n\`\`\`\n`;
const tasks = (n: number) =>
  `# Implementation Plan\n\n${Array.from({ length: 8 }, (_, i) => `- [${i < n % 9 ? 'x' : ' '}] ${i + 1}. Task ${i + 1}\n  - _Requirements: ${(i % 4) + 1}.1, ${(i % 4) + 1}.2_\n`).join('')}`;

async function workspaceWithSpecs(): Promise<string> {
  const dir = await benchTemp('specs');
  await writeFile(path.join(dir, 'README.md'), '# bench\n');
  for (let n = 0; n < SPECS; n++) {
    const spec = path.join(dir, '.kiro', 'specs', `feature-${String(n).padStart(3, '0')}`);
    await mkdir(spec, { recursive: true });
    await writeFile(path.join(spec, 'requirements.md'), req(n));
    // A spread of phases: requirements only, + design, + tasks (not started / under way / done).
    if (n % 5 >= 1) await writeFile(path.join(spec, 'design.md'), design);
    if (n % 5 >= 2) await writeFile(path.join(spec, 'tasks.md'), tasks(n));
  }
  return dir;
}

const board200: Bench = {
  ids: ['specs.board-200'],
  async run(emit) {
    const workspace = await workspaceWithSpecs();
    const server = await startServerProcess({ workspace });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(server.url);
      await page.getByRole('tree', { name: 'Files' }).waitFor();
      const ours: number[] = [];
      const plain: number[] = [];
      for (let i = 0; i < RUNS + 2; i++) {
        // From the click to all 200 cards in the DOM and painted (two animation frames later).
        // (Scripts as text: tsx would wrap named inner functions in a helper the page does not have.)
        const ms = (await page.evaluate(`(async () => {
          const button = document.querySelector('nav[aria-label="Views"] button[aria-label="Specs"]');
          const t0 = performance.now();
          button.click();
          await new Promise((resolve) => {
            const check = () => (document.querySelectorAll('[aria-label="Spec board"] [role="listitem"]').length >= ${SPECS} ? resolve() : requestAnimationFrame(check));
            check();
          });
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          return performance.now() - t0;
        })()`)) as number;
        const labels = await page.evaluate(() => [...document.querySelectorAll('[aria-label="Spec board"] [role="listitem"]')].map((e) => e.getAttribute('aria-label') ?? ''));
        if (labels.length !== SPECS) throw new Error(`expected ${SPECS} cards, found ${labels.length}`);
        // The yardstick: the same labels as 200 plain list items, appended, laid out and painted.
        const floor = (await page.evaluate(`(async (texts) => {
          const t0 = performance.now();
          const ul = document.createElement('ul');
          for (const t of texts) {
            const li = document.createElement('li');
            li.textContent = t;
            ul.append(li);
          }
          document.body.append(ul);
          ul.getBoundingClientRect();
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          const ms = performance.now() - t0;
          ul.remove();
          return ms;
        })(${JSON.stringify(labels)})`)) as number;
        // Close the board (back to the editor) for the next run.
        await page.getByRole('button', { name: 'Specs', exact: true }).click();
        await page.getByRole('region', { name: 'Spec board' }).waitFor({ state: 'detached' });
        if (i >= 2) {
          // The first two runs load the board's code and warm the JIT: not counted.
          ours.push(ms);
          plain.push(floor);
        }
      }
      emit({ id: 'specs.board-200', value: median(ours), unit: 'ms', vs: { id: 'dom.list-200', value: median(plain), unit: 'ms' } });
    } finally {
      await browser.close();
      await server.stop();
    }
  },
};

export const benches: Bench[] = [board200];
