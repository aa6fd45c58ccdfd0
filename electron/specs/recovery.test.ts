import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Workspace } from '../workspace/workspace';
import { makeTempTree } from '../workspace/test-support';
import { runsFileOf } from './runner';
import { SpecsFeature } from './service';
import { runVerification } from './verify';

// What survives a crash: the runner's state is the checkboxes, and none stays queued.

let ws: Workspace | null = null;
afterEach(async () => {
  await ws?.dispose();
  ws = null;
});

describe('crash recovery', () => {
  it('a task left queued [~] goes back to [ ], byte for byte otherwise (CRLF, BOM); [-] stays; runs under way are marked interrupted', async () => {
    const tasks = '\uFEFF# Plan\r\n\r\n- [x] 1. Done\r\n- [-] 2. Was running\r\n- [~] 3. Was queued\r\n  - [~] 3.1 Queued too\r\n- [ ] 4. Not started\r\n';
    const root = await makeTempTree({ '.kiro/specs/crash/tasks.md': tasks, '.kiro/specs/other/tasks.md': '- [~] 1. Lone\n' });
    const data = await makeTempTree({}, 'sw-data-');
    ws = new Workspace(root, data);
    const runs = { runs: { '.kiro/specs/crash': { '2': { status: 'running', message: null, output: null, command: 'npm test', sessionId: 's1', at: 1 }, '1': { status: 'done', message: 'Verified', output: null, command: null, sessionId: 's0', at: 1 } } } };
    const { mkdir } = await import('node:fs/promises');
    await mkdir(ws.dataDir, { recursive: true });
    await writeFile(runsFileOf(ws.dataDir), JSON.stringify(runs));

    const feature = new SpecsFeature(ws, null);
    await feature.runner.recovered;
    const after = await readFile(path.join(root, '.kiro/specs/crash/tasks.md'), 'utf8');
    expect(after).toBe(tasks.replace('[~] 3.', '[ ] 3.').replace('[~] 3.1', '[ ] 3.1'));
    expect(await readFile(path.join(root, '.kiro/specs/other/tasks.md'), 'utf8')).toBe('- [ ] 1. Lone\n');
    await feature.dispose();
    const saved = JSON.parse(await readFile(runsFileOf(ws.dataDir), 'utf8'));
    expect(saved.runs['.kiro/specs/crash']['2']).toMatchObject({ status: 'stopped', message: expect.stringContaining('Interrupted') });
    expect(saved.runs['.kiro/specs/crash']['1'].status).toBe('done');
  });
});

describe('verification commands', () => {
  it('report the exit code and the tail of the output', async () => {
    const root = await makeTempTree({});
    const ok = await runVerification('echo all good', { cwd: root, timeoutMs: 10_000 });
    expect(ok).toMatchObject({ exitCode: 0, timedOut: false });
    expect(ok.output).toContain('all good');
    const bad = await runVerification('echo "FAIL: add(2, 3) returned -1" >&2; exit 3', { cwd: root, timeoutMs: 10_000 });
    expect(bad.exitCode).toBe(3);
    expect(bad.output).toContain('FAIL: add(2, 3) returned -1');
  });

  it('kill the whole process group at the time limit', async () => {
    const root = await makeTempTree({});
    const r = await runVerification('sleep 30 & sleep 30; echo never', { cwd: root, timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).not.toBe(0);
    expect(r.output).not.toContain('never');
  });
});
