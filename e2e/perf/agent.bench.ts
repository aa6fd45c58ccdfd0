import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { AssistantEntry } from '../../shared/agent/session';
import { startAgentHarnessForBench } from './agent-harness';
import { checkpointsFor } from '../../electron/checkpoints/checkpoint-service';
import { serviceCheckpointer, terminalRunner } from '../../electron/agent/service-adapters';
import { terminalService } from '../../electron/terminal';
import { startModelServersProcess } from '../fixtures/model-servers/process';
import type { ScriptInput } from '../fixtures/model-servers/script';
import { startServerProcess } from '../fixtures/server';
import { benchTemp, launchChromium, percentile, type Bench } from './lib';

/**
 * The agent's figures:
 * - host overhead per tool call: validation, reading what the call would change, the policy
 *   decision and its audit records, the session's bookkeeping — the model and the tool's own
 *   work (the command in the Agent terminal, the file write, the search) excluded — beside
 *   the bare file operations an edit does; the checkpoint taken before each mutating call is
 *   printed beside it;
 * - stream to screen: tokens at 500/s from the fixture, the delay from the host sending a
 *   delta to the text being in the DOM, beside the page's own frame interval;
 * - clicks handled during the stream, beside the same clicks on an idle page.
 */

const ROUNDS = 30;

function toolScript() {
  const turns = [];
  const calls = [
    { name: 'list_directory', input: { path: 'src' } },
    { name: 'read_file', input: { path: 'src/big.ts' } },
    { name: 'search', input: { query: 'value42' } },
    { name: 'edit_file', input: { path: 'src/big.ts', old_text: 'export const marker = 0;', new_text: 'export const marker = 1;' } },
    { name: 'edit_file', input: { path: 'src/big.ts', old_text: 'export const marker = 1;', new_text: 'export const marker = 0;' } },
    { name: 'write_file', input: { path: 'out/note.txt', content: 'note\n' } },
    { name: 'run_command', input: { command: 'true' } },
  ];
  for (let i = 0; i < ROUNDS * calls.length; i++) turns.push({ when: { lastUser: 'bench', step: i }, reply: [{ toolUse: calls[i % calls.length]! }] });
  turns.push({ when: { lastUser: 'bench' }, reply: [{ text: 'done' }] });
  return { turns };
}

const toolOverhead: Bench = {
  ids: ['agent.tool-overhead.p50', 'agent.tool-overhead.p95', 'agent.tool-overhead.checkpoint.p95'],
  async run(emit) {
    const big = Array.from({ length: 300 }, (_, i) => `export const value${i} = ${i}; // a line of a moderately large source file`).join('\n');
    const h = await startAgentHarnessForBench({
      checkpoints: (ws) => serviceCheckpointer(checkpointsFor(ws)),
      runner: (ws) => terminalRunner(terminalService(ws)),
      script: toolScript(),
      files: { 'src/big.ts': `${big}\nexport const marker = 0;\n`, 'src/small.ts': 'x\n', 'README.md': '# r\n' },
    });
    try {
      const { id } = await h.agent.createSession();
      const r = await h.ask(id, 'bench the tools');
      if (r.status !== 'done') throw new Error(`the scripted run ended ${r.status}: ${r.message}`);
      const calls = (await h.agent.get(id)).data.entries.filter((e): e is AssistantEntry => e.type === 'assistant').flatMap((a) => a.toolCalls);
      if (calls.some((c) => c.status !== 'done')) throw new Error(`a call failed: ${JSON.stringify(calls.find((c) => c.status !== 'done'))}`);
      // The tool's own work (the command, the write, the search) is not host overhead; the first round warms up.
      // The checkpoint is printed beside it (the target is "p95 < 20 ms plus the checkpoint cost").
      const overhead = calls.map((c) => c.endedAt! - c.startedAt! - (h.executeDurations.get(c.id) ?? 0) - (h.checkpointByCall.get(c.id) ?? 0)).slice(7);
      const own = calls.map((c) => h.executeDurations.get(c.id) ?? 0).slice(7);
      console.log(`agent.tool-overhead: ${overhead.length} calls; the tools' own work (not counted) p50 ${percentile(own, 50).toFixed(1)} ms, p95 ${percentile(own, 95).toFixed(1)} ms.`);
      // The yardstick: the same file work done bare (read, edit in memory, atomic write), per call.
      const bare: number[] = [];
      const file = path.join(h.root, 'src/big.ts');
      for (let i = 0; i < ROUNDS * 3; i++) {
        const t = performance.now();
        const text = await readFile(file, 'utf8');
        await writeFile(`${file}.tmp`, text.replace('marker = 0', 'marker = 0'));
        await rm(`${file}.tmp`);
        bare.push(performance.now() - t);
      }
      emit({ id: 'agent.tool-overhead.p50', value: percentile(overhead, 50), unit: 'ms', vs: { id: 'bare-read-write.p50', value: percentile(bare, 50), unit: 'ms' } });
      emit({ id: 'agent.tool-overhead.p95', value: percentile(overhead, 95), unit: 'ms', vs: { id: 'bare-read-write.p95', value: percentile(bare, 95), unit: 'ms' } });
      emit({ id: 'agent.tool-overhead.checkpoint.p95', value: percentile(h.checkpointDurations.slice(5), 95), unit: 'ms', vs: { id: 'agent.tool-overhead.checkpoint.p50', value: percentile(h.checkpointDurations.slice(5), 50), unit: 'ms' } });
    } finally {
      await h.close();
    }
  },
};

/** Words t00001 t00002 …: the DOM's last word tells which delta is on screen. */
const STREAM_WORDS = 3000;
const story = Array.from({ length: STREAM_WORDS }, (_, i) => `t${String(i + 1).padStart(5, '0')}`).join(' ');

async function openChat(script: ScriptInput) {
  const models = await startModelServersProcess({ script });
  const workspace = await benchTemp('agent-ws');
  await writeFile(path.join(workspace, 'README.md'), '# bench\n');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sw-bench-agent-data-'));
  await mkdir(dataDir, { recursive: true });
  const server = await startServerProcess({ workspace, dataDir, env: models.env });
  return {
    server,
    async close() {
      await server.stop();
      await models.stop();
      await rm(workspace, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Probes in the page, as a string: functions handed to page.evaluate would carry the
 * bundler's helpers with them. Records when each last word appears in the DOM, how long
 * each click took to its next frame, and the frame intervals.
 */
const PROBES = `(() => {
  window.__seen = []; window.__clicks = []; window.__frames = [];
  const log = document.querySelector('[role="log"][aria-label="Conversation"]');
  new MutationObserver(() => {
    const answers = log.querySelectorAll('article[aria-label="Agent"]');
    const text = answers.length ? answers[answers.length - 1].textContent || '' : '';
    const m = /t(\\d{5})(?!.*t\\d{5})/s.exec(text.slice(-40));
    if (m) window.__seen.push({ at: Date.now(), word: Number(m[1]) });
  }).observe(log, { childList: true, subtree: true, characterData: true });
  document.addEventListener('click', (e) => {
    const start = e.timeStamp;
    requestAnimationFrame(() => window.__clicks.push(performance.now() - start));
  }, true);
  let last = performance.now();
  const frame = (t) => { window.__frames.push(t - last); last = t; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
})()`;

async function installProbes(page: Page) {
  await page.evaluate(PROBES);
}

const streamToScreen: Bench = {
  ids: ['agent.token-to-dom.p95', 'agent.click-during-stream.p95'],
  async run(emit) {
    // 500 tokens/s: one word (about one token) every 2 ms.
    const env = await openChat({ turns: [{ when: { lastUser: 'stream' }, reply: [{ text: story, chunkChars: 7, delayMs: 2 }] }, { reply: [{ text: 'ok' }] }] });
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      const deltas: { at: number; word: number }[] = [];
      page.on('websocket', (ws) =>
        ws.on('framereceived', (f) => {
          const s = typeof f.payload === 'string' ? f.payload : f.payload.toString();
          if (!s.includes('"type":"delta"')) return;
          const v = (JSON.parse(s) as { value: { at: number; text: string } }).value;
          const words = v.text.match(/t(\d{5})/g);
          if (words) deltas.push({ at: v.at, word: Number(words.at(-1)!.slice(1)) });
        }),
      );
      await page.goto(env.server.url);
      const box = page.getByRole('textbox', { name: 'Message' });
      await box.waitFor();
      // Idle clicks first: the yardstick.
      await installProbes(page);
      const toggle = page.getByRole('button', { name: 'Session history' });
      for (let i = 0; i < 20; i++) {
        await toggle.click();
        await page.waitForTimeout(40);
      }
      const idle = (await page.evaluate('window.__clicks.splice(0)')) as number[];
      await box.fill('stream please');
      await box.press('Enter');
      await page.getByRole('article', { name: 'Agent' }).first().waitFor();
      // Clicks while it streams.
      const t0 = Date.now();
      while (Date.now() - t0 < 4000) {
        await toggle.click();
        await page.waitForTimeout(120);
      }
      const lastWord = `t${String(STREAM_WORDS).padStart(5, '0')}`;
      for (let waited = 0; !(await page.evaluate(`document.querySelector('[role="log"]').textContent.includes('${lastWord}')`)); waited += 100) {
        if (waited > 60_000) throw new Error('the stream did not reach the screen within 60 s');
        await page.waitForTimeout(100);
      }
      const { seen, clicks, frames } = (await page.evaluate('({ seen: window.__seen, clicks: window.__clicks, frames: window.__frames })')) as { seen: { at: number; word: number }[]; clicks: number[]; frames: number[] };
      const delays: number[] = [];
      for (const d of deltas) {
        const shown = seen.find((s) => s.word >= d.word);
        if (shown) delays.push(shown.at - d.at);
      }
      if (delays.length < deltas.length * 0.9) throw new Error(`only ${delays.length} of ${deltas.length} deltas were seen in the DOM`);
      emit({ id: 'agent.token-to-dom.p95', value: percentile(delays, 95), unit: 'ms', vs: { id: 'frame-interval.p95', value: percentile(frames.slice(5), 95), unit: 'ms' } });
      emit({ id: 'agent.click-during-stream.p95', value: percentile(clicks, 95), unit: 'ms', vs: { id: 'click-idle.p95', value: percentile(idle, 95), unit: 'ms' } });
    } finally {
      await browser.close();
      await env.close();
    }
  },
};

export const benches: Bench[] = [toolOverhead, streamToScreen];
