import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../fixtures/chromium';

/** One figure: `BENCH <id> <value> <unit>`, with its yardstick from the same run when there is one. */
export interface Figure {
  id: string;
  value: number;
  unit: string;
  vs?: { id: string; value: number; unit: string };
}

export interface Bench {
  /** Ids this bench prints; `npm run bench -- <prefix>` runs the benches with a matching id. */
  ids: string[];
  run(emit: (f: Figure) => void): Promise<void>;
}

const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100);

export function formatFigure(f: Figure): string {
  let line = `BENCH ${f.id} ${round(f.value)} ${f.unit}`;
  if (f.vs) line += ` vs ${f.vs.id} ${round(f.vs.value)} ${f.vs.unit} ratio ${(f.value / f.vs.value).toFixed(2)}`;
  return line;
}

export const median = (xs: number[]) => percentile(xs, 50);
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

export const benchTemp = (prefix: string) => mkdtemp(path.join(os.tmpdir(), `sw-bench-${prefix}-`));

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, ...extraArgs] });
}

/** Resident memory of a process, from /proc (Linux). */
export async function rssMb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}
