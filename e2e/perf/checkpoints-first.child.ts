// Run by checkpoints.bench.ts in a fresh process, so its peak memory is the first snapshot's
// alone: `node --import tsx checkpoints-first.child.ts <workspace> <data dir>`. Prints one
// JSON line: the snapshot's duration and the process's peak resident memory.
import { readFileSync } from 'node:fs';
import { CheckpointStore } from '../../electron/checkpoints/checkpoint-store';

const [root, dir] = process.argv.slice(2) as [string, string];
const peakMb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) / 1024;
const baselineMb = peakMb();
const t0 = performance.now();
const store = await CheckpointStore.open({ root, dir, settings: { exclude: [], maxFileSizeMB: 10 } });
const { checkpoint } = await store.create({ reason: 'session-start', label: 'first', sessionId: 'bench', sessionKind: 'editor' });
const ms = performance.now() - t0;
await store.saveIndex();
process.stdout.write(`${JSON.stringify({ ms, peakMb: peakMb(), baselineMb, files: checkpoint.counts.added, id: checkpoint.id })}\n`);
