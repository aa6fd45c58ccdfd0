import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScriptInput } from '../../e2e/fixtures/model-servers';
import { startSpecHarness, waitFor, type SpecHarness } from './test-harness';

// The task runner with the real agent loop and a scripted model: the checkboxes are the
// runner's, `[x]` needs a successful turn and a passing verification, `[~]` never outlives
// a run, waves run in order and at most `concurrency` tasks at once.

let h: SpecHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const SPEC = '.kiro/specs/shop';
const REQ = '# Requirements\n\n### Requirement 1\n\n#### Acceptance Criteria\n\n1. THE Shop SHALL list items\n2. THE Shop SHALL total a basket\n3. THE Shop SHALL print a receipt\n';
const DESIGN = '# Design\n\n## Overview\n\nThree files.\n';
const sha = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');

/** An approved spec: requirements, design and this task list, each recorded as approved. */
function approvedSpec(tasks: string, extra: Record<string, string> = {}): Record<string, string> {
  const approval = (t: string) => ({ at: '2025-01-01T00:00:00.000Z', by: 'Ada', sha256: sha(t) });
  return {
    [`${SPEC}/requirements.md`]: REQ,
    [`${SPEC}/design.md`]: DESIGN,
    [`${SPEC}/tasks.md`]: tasks,
    [`${SPEC}/.specwright.json`]: JSON.stringify({ version: 1, approvals: { requirements: approval(REQ), design: approval(DESIGN), tasks: approval(tasks) } }),
    '.kiro/settings/specwright.json': '{ "policy": { "trustedCommands": ["node check.js *", "node flip.js"] } }',
    // `node check.js <file>`: passes when the file exists.
    'check.js': "const fs = require('fs');\nconst f = process.argv[2];\nif (!fs.existsSync(f)) { console.error(`FAIL: ${f} is missing`); process.exit(1); }\nconsole.log(`PASS: ${f}`);\n",
    ...extra,
  };
}

/** A scripted agent that, for task `id`, writes `out/<id>.txt` (slowly, so that runs can overlap) and stops. */
const writer = (ids: string[], pauseMs = 0): ScriptInput => ({
  turns: ids.flatMap((id) => [
    { name: `task ${id}`, when: { system: `task ${id.replace('.', '\\.')} `, step: 0 }, reply: [...(pauseMs ? [{ pauseMs }] : []), { toolUse: { name: 'write_file', input: { path: `out/${id}.txt`, content: `${id}\n` } } }] },
    { name: `task ${id} done`, when: { system: `task ${id.replace('.', '\\.')} `, step: 1 }, reply: [{ text: `Task ${id} done.` }] },
  ]),
});

const tasksOnDisk = () => readFileSync(path.join(h!.root, SPEC, 'tasks.md'), 'utf8');
const states = (text: string) => [...text.matchAll(/^\s*- \[(.)\]\*? (\S+)/gm)].map((m) => `${m[2]}${m[1]}`);

describe('one task', () => {
  it('a failed verification leaves [-] with the failure attached; once the work is there, the next run ticks it', async () => {
    const tasks = '# Plan\n\n- [ ] 1. Write the list\n  - _Requirements: 1.1_\n  - _Verify: `node check.js out/list.txt`_\n';
    h = await startSpecHarness({
      files: approvedSpec(tasks),
      script: {
        turns: [
          // First run: the model claims success without doing the work.
          { name: 'lazy', when: { system: 'task 1 ', step: 0 }, times: 1, reply: [{ text: 'Done, the list is written.' }] },
          { name: 'work', when: { system: 'task 1 ', step: 0 }, reply: [{ toolUse: { name: 'write_file', input: { path: 'out/list.txt', content: 'items\n' } } }] },
          { name: 'work done', when: { system: 'task 1 ', step: 1 }, reply: [{ text: 'Written.' }] },
        ],
      },
    });
    await h.client.call('specs.startTask', { spec: SPEC, task: 0 });
    await waitFor(() => h!.ended.length === 1, 20_000, 'the first run');
    expect(h.ended[0]).toMatchObject({ status: 'verification-failed', message: expect.stringContaining('`node check.js out/list.txt` failed: it exited with 1') });
    expect(states(tasksOnDisk())).toEqual(['1.-']);
    const detail = await h.client.call('specs.get', { spec: SPEC });
    expect(detail.tasks[0]!.lastRun).toMatchObject({ status: 'verification-failed', command: 'node check.js out/list.txt', output: expect.stringContaining('FAIL: out/list.txt is missing') });
    expect(detail.card.problem).toMatchObject({ kind: 'verification' });

    await h.client.call('specs.startTask', { spec: SPEC, task: 0 });
    await waitFor(() => h!.ended.length === 2, 20_000, 'the second run');
    expect(h.ended[1]!.status).toBe('done');
    expect(states(tasksOnDisk())).toEqual(['1.x']);
    expect((await h.client.call('specs.get', { spec: SPEC })).card.problem).toBeNull();
  });

  it('without a verification command (task or settings), the agent’s successful turn counts — and says so; a failed turn leaves [-]', async () => {
    const tasks = '# Plan\n\n- [ ] 1. A\n- [ ] 2. B\n';
    h = await startSpecHarness({
      files: approvedSpec(tasks),
      script: {
        turns: [
          { name: 'a', when: { system: 'task 1 ', step: 0 }, reply: [{ text: 'A is done.' }] },
          { name: 'b', when: { system: 'task 2 ' }, fail: { kind: 'auth', times: 10 }, reply: [{ text: 'never' }] },
        ],
      },
    });
    await h.client.call('specs.startTask', { spec: SPEC, task: 0 });
    await waitFor(() => h!.ended.length === 1, 20_000, 'task 1');
    expect(h.ended[0]).toMatchObject({ status: 'done', message: expect.stringContaining('No verification command') });
    await h.client.call('specs.startTask', { spec: SPEC, task: 1 });
    await waitFor(() => h!.ended.length === 2, 20_000, 'task 2');
    expect(h.ended[1]!.status).toBe('failed');
    expect(states(tasksOnDisk())).toEqual(['1.x', '2.-']);
  });

  it('the model cannot tick boxes: edits are refused, and a command that rewrites tasks.md is undone after the turn', async () => {
    const tasks = '# Plan\n\n- [ ] 1. A\n- [ ] 2. B\n';
    h = await startSpecHarness({
      files: approvedSpec(tasks, { 'flip.js': `const fs = require('fs');\nconst f = '${SPEC}/tasks.md';\nfs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('- [ ] 2. B', '- [x] 2. B'));\n` }),
      script: {
        turns: [
          { name: 'edit', when: { system: 'task 1 ', step: 0 }, reply: [{ toolUse: { name: 'edit_file', input: { path: `${SPEC}/tasks.md`, old_text: '- [ ] 2. B', new_text: '- [x] 2. B' } } }] },
          { name: 'command', when: { system: 'task 1 ', step: 1 }, reply: [{ toolUse: { name: 'run_command', input: { command: 'node flip.js' } } }] },
          { name: 'stop', when: { system: 'task 1 ', step: 2 }, reply: [{ text: 'Done, and task 2 too.' }] },
        ],
      },
    });
    await h.client.call('specs.startTask', { spec: SPEC, task: 0 });
    await waitFor(() => h!.ended.length === 1, 20_000, 'the task');
    expect(h.sent()).toContain('this edit changes the state of task 2');
    // The command ran (it is trusted) and rewrote the file; the runner put the checkbox back.
    expect(h.sent()).toContain('node flip.js');
    expect(h.ended[0]!.message).toContain('The states of 2 were changed during the turn and were put back');
    expect(states(tasksOnDisk())).toEqual(['1.x', '2. ']);
  });

  it('the guardrails’ deny rules and a preTaskExecution check are asked before a task starts; either can stop it', async () => {
    const tasks = '# Plan\n\n- [ ] 1. Drop the old tables\n  - run DROP DATABASE legacy\n- [ ] 2. Harmless\n';
    h = await startSpecHarness({
      files: approvedSpec(tasks, { '.kiro/kiro.json': '{"guardrails": {"deny": {"patterns": ["DROP DATABASE"]}}}' }),
      script: { turns: [{ name: 'never', reply: [{ text: 'should not run' }] }] },
    });
    await h.client.call('specs.startTask', { spec: SPEC, task: 0 });
    await waitFor(() => h!.ended.length === 1, 10_000, 'the refusal');
    expect(h.ended[0]).toMatchObject({ status: 'blocked', message: expect.stringContaining('DROP DATABASE') });
    expect((await h.card(SPEC)).problem).toMatchObject({ kind: 'guardrail', rule: expect.stringContaining('guardrails.deny.patterns') });

    const seen: string[] = [];
    h.specs.runner.onBeforeTask((e) => {
      seen.push(`${e.specName}:${e.task.id}`);
      return { block: 'lint is failing' };
    });
    await h.client.call('specs.startTask', { spec: SPEC, task: 1 });
    await waitFor(() => h!.ended.length === 2, 10_000, 'the hook');
    expect(seen).toEqual(['shop:2']);
    expect(h.ended[1]).toMatchObject({ status: 'blocked', message: expect.stringContaining('lint is failing') });
    expect(h.turns()).toEqual([]);
    expect(states(tasksOnDisk())).toEqual(['1. ', '2. ']);
  });

  it('refuses to start before the task list is approved', async () => {
    h = await startSpecHarness({ files: { [`${SPEC}/requirements.md`]: REQ, [`${SPEC}/tasks.md`]: '- [ ] 1. A\n', [`${SPEC}/.specwright.json`]: '{"version":1,"approvals":{}}' }, script: { turns: [] } });
    await expect(h.client.call('specs.startTask', { spec: SPEC, task: 0 })).rejects.toThrow(/not approved yet/);
    await expect(h.client.call('specs.runAll', { spec: SPEC })).rejects.toThrow(/not approved yet/);
  });
});

describe('Run all tasks', () => {
  const GRAPH = '# Plan\n\n- [ ] 1. Basics\n  - [ ] 1.1 List\n  - [ ] 1.2 Total\n- [ ] 2. Receipt\n  - _Verify: `node check.js out/2.txt`_\n- [ ]* 3. Nice to have\n\n## Task Dependency Graph\n\n```json\n{"waves": [{"id": 0, "tasks": ["1.1", "1.2"]}, {"id": 1, "tasks": ["2"]}]}\n```\n';

  async function runAll(concurrency: number) {
    h = await startSpecHarness({ files: approvedSpec(GRAPH), script: writer(['1.1', '1.2', '2'], 300) });
    let running = 0;
    let most = 0;
    const order: string[] = [];
    let queuedAtFirstStart = '';
    h.specs.runner.taskStarted.on((e) => {
      if (!queuedAtFirstStart) queuedAtFirstStart = tasksOnDisk();
      running++;
      most = Math.max(most, running);
      order.push(`start ${e.task.id}`);
    });
    h.specs.runner.taskEnded.on((e) => {
      running--;
      order.push(`end ${e.task.id}`);
    });
    const r = await h.client.call('specs.runAll', { spec: SPEC, concurrency });
    expect(r).toEqual({ tasks: 3, waves: 2, concurrency });
    await waitFor(() => h!.ended.length === 3, 30_000, 'the run');
    return { most, order, queuedAtFirstStart };
  }

  it('queues every planned task [~] on disk, runs wave by wave with two at once, then ticks parents whose sub-tasks are done', async () => {
    const { most, order, queuedAtFirstStart } = await runAll(2);
    // At the first start: the first wave in progress or queued, the second queued, the optional task and the parent untouched.
    expect(states(queuedAtFirstStart)).toContain('2.~');
    expect(states(queuedAtFirstStart)).toContain('3. ');
    expect(most).toBe(2);
    // Wave 2 starts only after both tasks of wave 1 ended.
    expect(order.indexOf('start 2')).toBeGreaterThan(Math.max(order.indexOf('end 1.1'), order.indexOf('end 1.2')));
    expect(h!.ended.map((e) => e.status)).toEqual(['done', 'done', 'done']);
    expect(states(tasksOnDisk())).toEqual(['1.x', '1.1x', '1.2x', '2.x', '3. ']);
    expect(tasksOnDisk()).toContain('- [ ]* 3. Nice to have');
    expect((await h!.card(SPEC)).phase).toBe('done');
  });

  it('with a concurrency of one, one task at a time', async () => {
    const { most } = await runAll(1);
    expect(most).toBe(1);
  });

  it('asking for more than the ceiling gets the ceiling (specs.maxConcurrency)', async () => {
    h = await startSpecHarness({ files: approvedSpec(GRAPH), script: writer(['1.1', '1.2', '2']), settings: { specs: { maxConcurrency: 2 } } });
    const r = await h.client.call('specs.runAll', { spec: SPEC, concurrency: 8 });
    expect(r.concurrency).toBe(2);
    await waitFor(() => h!.ended.length === 3, 30_000, 'the run');
  });

  it('a failure ends the run: what is still queued goes back to [ ], nothing stays [~]', async () => {
    h = await startSpecHarness({
      files: approvedSpec(GRAPH),
      script: {
        turns: [
          { name: 'fail', when: { system: 'task 1\\.1 ' }, fail: { kind: 'auth', times: 20 }, reply: [] },
          ...writer(['1.2', '2']).turns,
        ],
      },
    });
    await h.client.call('specs.runAll', { spec: SPEC, concurrency: 1 });
    await waitFor(() => !h!.specs.runner.isRunning(SPEC), 30_000, 'the run to end');
    expect(h.ended.map((e) => `${e.task.id} ${e.status}`)).toEqual(['1.1 failed']);
    const final = tasksOnDisk();
    expect(final).not.toContain('[~]');
    expect(states(final)).toEqual(['1.-', '1.1-', '1.2 ', '2. ', '3. ']);
  });

  it('Stop ends the run: the running task stays [-], the queued ones go back to [ ]', async () => {
    h = await startSpecHarness({ files: approvedSpec(GRAPH), script: writer(['1.1', '1.2', '2'], 3000) });
    await h.client.call('specs.runAll', { spec: SPEC, concurrency: 1 });
    await waitFor(() => h!.started.length === 1, 20_000, 'the first task');
    expect(await h.client.call('specs.stop', { spec: SPEC })).toEqual({ stopped: true });
    expect(h.specs.runner.isRunning(SPEC)).toBe(false);
    const final = tasksOnDisk();
    expect(final).not.toContain('[~]');
    expect(states(final)).toEqual(['1.-', '1.1-', '1.2 ', '2. ', '3. ']);
    expect(h.ended.map((e) => e.status)).toEqual(['stopped']);
  });
});
