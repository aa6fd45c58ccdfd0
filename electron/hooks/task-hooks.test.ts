import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSpecHarness, waitFor, type SpecHarness } from '../specs/test-harness';

// Task hooks through the whole host (the RPC layer, the spec runner, the real agent loop with
// the scripted model): a preTaskExecution hook that exits 2 keeps the task from starting, and
// a postTaskExecution hook hears how the task ended.

let h: SpecHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const SPEC = '.kiro/specs/shop';
const REQ = '# Requirements\n\n### Requirement 1\n\n#### Acceptance Criteria\n\n1. THE Shop SHALL list items\n';
const DESIGN = '# Design\n\n## Overview\n\nOne file.\n';
const TASKS = '# Plan\n\n- [ ] 1. Write the list\n  - _Requirements: 1.1_\n';
const sha = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');
const approval = (t: string) => ({ at: '2025-01-01T00:00:00.000Z', by: 'Ada', sha256: sha(t) });
/** What the post-task hook recorded so far. */
const afterLog = () => (existsSync(path.join(h!.root, 'after.log')) ? readFileSync(path.join(h!.root, 'after.log'), 'utf8') : '');
const hook = (name: string, type: string, command: string) => JSON.stringify({ name, when: { type }, then: { type: 'runCommand', command } }, null, 2);

const files = {
  [`${SPEC}/requirements.md`]: REQ,
  [`${SPEC}/design.md`]: DESIGN,
  [`${SPEC}/tasks.md`]: TASKS,
  [`${SPEC}/.specwright.json`]: JSON.stringify({ version: 1, approvals: { requirements: approval(REQ), design: approval(DESIGN), tasks: approval(TASKS) } }),
  '.kiro/settings/specwright.json': '{ "policy": { "trustedCommands": ["node gate.js", "node after.js"] } }',
  'gate.js': "process.stderr.write(`no task starts during the release freeze (${process.env.SPEC} ${process.env.TASK_ID})`);\nprocess.exit(2);\n",
  'after.js': "require('fs').appendFileSync('after.log', `${process.env.TASK_ID} ${process.env.TASK_STATUS}\\n`);\n",
  '.kiro/hooks/freeze.kiro.hook': hook('Release freeze', 'preTaskExecution', 'node gate.js'),
  '.kiro/hooks/after.kiro.hook': hook('After a task', 'postTaskExecution', 'node after.js'),
};

describe('task hooks', () => {
  it('a preTaskExecution hook that exits 2 stops the task before the agent starts, with its stderr; switched off, the task runs and postTaskExecution hears it ended', async () => {
    h = await startSpecHarness({
      files,
      script: {
        turns: [
          { name: 'work', when: { system: 'task 1 ', step: 0 }, reply: [{ toolUse: { name: 'write_file', input: { path: 'out/list.txt', content: 'items\n' } } }] },
          { name: 'work done', when: { system: 'task 1 ', step: 1 }, reply: [{ text: 'Written.' }] },
        ],
      },
      autopilot: true,
    });
    await h.client.call('specs.startTask', { spec: SPEC, task: 0 });
    await waitFor(() => h!.ended.length === 1, 20_000, 'the blocked task');
    expect(h.ended[0]).toMatchObject({ status: 'blocked', message: expect.stringContaining('no task starts during the release freeze (.kiro/specs/shop 1)') });
    expect(h.started).toHaveLength(0);
    expect(h.turns()).toEqual([]);
    expect(await h.read(`${SPEC}/tasks.md`)).toBe(TASKS);
    expect((await h.client.call('specs.get', { spec: SPEC })).card.problem).toMatchObject({ kind: 'hook' });
    // Ended however it ended: the post-task hook hears the block too.
    await waitFor(() => afterLog() === '1 blocked\n', 10_000, 'the post-task hook after the block');

    const { hooks } = await h.client.call('hooks.state', {});
    await h.client.call('hooks.setEnabled', { id: hooks.find((x) => x.name === 'Release freeze')!.id, enabled: false });
    await h.client.call('specs.startTask', { spec: SPEC, task: 0 });
    await waitFor(() => h!.ended.length === 2, 20_000, 'the task');
    expect(h.ended[1]!.status).toBe('done');
    expect(await h.read('out/list.txt')).toBe('items\n');
    await waitFor(() => afterLog() === '1 blocked\n1 done\n', 10_000, 'the post-task hook after the task');
  });
});
