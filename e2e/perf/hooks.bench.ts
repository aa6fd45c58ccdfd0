// `hooks.save-to-command.p50` / `.p95`: from a save reaching the host (what the editor's
// `workspace.write` does) to the start of the hook's command, with the product's wiring — a
// real workspace and watcher, the hooks service with its default settings (a 200 ms debounce,
// so a "save all" is one run), the real policy deciding the command (a trust rule, audited),
// and bash spawned in its own process group. The command prints its own start time
// (`date +%s%N`), so the figure ends when the command really runs, not when Node spawned it.
//
// Yardstick, same run: the floor this design allows — wait out the same debounce, then spawn
// the same command the same way. The ratio is what the hooks machinery adds on top.

import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HookRun } from '../../shared/contract/hooks';
import { HooksService } from '../../electron/hooks/service';
import { Workspace } from '../../electron/workspace/workspace';
import { benchTemp, percentile, type Bench } from './lib';

const RUNS = 40;
const COMMAND = 'date +%s%N';

/** Wall-clock milliseconds at which the command started, from its own output. */
function startedAt(stdout: string): number {
  const ns = BigInt(stdout.trim());
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}

function bareSpawn(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', COMMAND], { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    // As the hook runner does: the event on stdin, which `date` never reads.
    child.stdin.on('error', () => {});
    child.stdin.end('{}');
    child.once('error', reject);
    child.once('close', () => resolve(startedAt(out)));
  });
}

const saveToCommand: Bench = {
  ids: ['hooks.save-to-command.p50', 'hooks.save-to-command.p95'],
  async run(emit) {
    process.env.SPECWRIGHT_HOME_KIRO = ''; // never the real ~/.kiro
    const root = await benchTemp('hooks-ws');
    const dataDir = await benchTemp('hooks-data');
    await mkdir(path.join(root, '.kiro', 'hooks'), { recursive: true });
    await mkdir(path.join(root, '.kiro', 'settings'), { recursive: true });
    await mkdir(path.join(root, 'src'), { recursive: true });
    await writeFile(path.join(root, 'src', 'a.ts'), 'export const a = 0;\n');
    await writeFile(path.join(root, '.kiro', 'settings', 'specwright.json'), JSON.stringify({ policy: { trustedCommands: [COMMAND] } }));
    await writeFile(path.join(root, '.kiro', 'hooks', 'stamp.kiro.hook'), JSON.stringify({ name: 'Stamp', when: { type: 'fileEdited', patterns: ['src/**/*.ts'] }, then: { type: 'runCommand', command: COMMAND } }));
    const ws = new Workspace(root, dataDir);
    await ws.watcher.ready;
    const service = ws.service('hooks', (w) => new HooksService(w, null));
    await service.dispatcher.ready;
    if (service.dispatcher.hooks.length !== 1) throw new Error('the bench hook did not load');
    const debounceMs = ws.settings.settings.hooks.debounceMs;
    const hook: number[] = [];
    const floor: number[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        const ended = new Promise<HookRun>((resolve) => {
          const off = service.dispatcher.runEvents.on((r) => {
            if (r.endedAt === null) return;
            off();
            resolve(r);
          });
        });
        const t0 = Date.now();
        await ws.files.write('src/a.ts', `export const a = ${i + 1};\n`, 'utf8');
        const run = await ended;
        if (run.status !== 'ok') throw new Error(`the hook run ended ${run.status}: ${run.message}`);
        hook.push(startedAt(run.stdout) - t0);

        const t1 = Date.now();
        await new Promise((r) => setTimeout(r, debounceMs));
        floor.push((await bareSpawn()) - t1);
      }
    } finally {
      await ws.dispose();
    }
    const unit = 'ms';
    emit({ id: 'hooks.save-to-command.p50', value: percentile(hook, 50), unit, vs: { id: `debounce-${debounceMs}ms+bash-spawn.p50`, value: percentile(floor, 50), unit } });
    emit({ id: 'hooks.save-to-command.p95', value: percentile(hook, 95), unit, vs: { id: `debounce-${debounceMs}ms+bash-spawn.p95`, value: percentile(floor, 95), unit } });
  },
};

export const benches: Bench[] = [saveToCommand];
