import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScriptInput } from '../../e2e/fixtures/model-servers';
import { startSpecHarness, waitFor, type SpecHarness } from './test-harness';

// The generation pipeline and its gates, with the real agent loop and a scripted model over
// Bedrock's wire protocol: the model cannot advance a phase, and can write only the current
// phase's document, whatever it tries.

let h: SpecHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const SPEC = '.kiro/specs/calc';
const REQ = `# Requirements Document

## Introduction

A calculator whose add function adds.

## Requirements

### Requirement 1: Add

**User Story:** As a developer, I want add to return the sum, so that totals are right.

#### Acceptance Criteria

1. WHEN add is called with two numbers, THE Calculator SHALL return their sum
2. THE Calculator SHALL keep subtraction working
`;
const DESIGN = `# Design Document

## Overview

Fix the operator in src/math.js.

## Architecture

\`\`\`mermaid
flowchart LR
  test.js --> math.js
\`\`\`
`;
const TASKS = `# Implementation Plan

- [ ] 1. Make add add
  - _Requirements: 1.1, 1.2_
  - _Verify: \`node test.js\`_
`;

const write = (file: string, content: string) => ({ toolUse: { name: 'write_file', input: { path: `${SPEC}/${file}`, content } } });

const pipeline: ScriptInput = {
  turns: [
    // Requirements: the model tries to write the design at once; refused, it writes the requirements.
    { name: 'req: skip ahead', when: { system: 'You are writing requirements\\.md', step: 0 }, reply: [{ text: 'I will write all three documents now.' }, write('design.md', DESIGN)] },
    { name: 'req: write', when: { system: 'You are writing requirements\\.md', step: 1 }, reply: [write('requirements.md', REQ)] },
    { name: 'req: stop', when: { system: 'You are writing requirements\\.md', step: 2 }, reply: [{ text: 'requirements.md is written.' }] },
    // Design: the model tries to approve its own design; refused, it writes the design.
    { name: 'design: self-approve', when: { system: 'You are writing design\\.md', step: 0 }, reply: [{ toolUse: { name: 'write_file', input: { path: `${SPEC}/.specwright.json`, content: '{"version":1,"approvals":{"requirements":{},"design":{}}}' } } }] },
    { name: 'design: write', when: { system: 'You are writing design\\.md', step: 1 }, reply: [write('design.md', DESIGN)] },
    { name: 'design: stop', when: { system: 'You are writing design\\.md', step: 2 }, reply: [{ text: 'design.md is written.' }] },
    { name: 'tasks: write', when: { system: 'You are writing tasks\\.md', step: 0 }, reply: [write('tasks.md', TASKS)] },
    { name: 'tasks: stop', when: { system: 'You are writing tasks\\.md', step: 1 }, reply: [{ text: 'tasks.md is written.' }] },
    // The task: the model tries to tick its own checkbox; refused, it fixes the code.
    { name: 'task: tick', when: { system: 'implementing one task', step: 0 }, reply: [{ toolUse: { name: 'edit_file', input: { path: `${SPEC}/tasks.md`, old_text: '- [-] 1. Make add add', new_text: '- [x] 1. Make add add' } } }] },
    { name: 'task: fix', when: { system: 'implementing one task', step: 1 }, reply: [{ toolUse: { name: 'edit_file', input: { path: 'src/math.js', old_text: 'a - b', new_text: 'a + b' } } }] },
    { name: 'task: stop', when: { system: 'implementing one task', step: 2 }, reply: [{ text: 'add now adds.' }] },
  ],
};

const project = {
  'package.json': '{ "name": "calc", "private": true }\n',
  'src/math.js': 'exports.add = (a, b) => a - b;\n',
  'test.js': "const { add } = require('./src/math');\nif (add(2, 3) !== 5) { console.error(`FAIL: add(2, 3) returned ${add(2, 3)}`); process.exit(1); }\nconsole.log('PASS');\n",
  '.kiro/settings/specwright.json': '{ "policy": { "trustedCommands": ["node test.js"] } }',
};

const idle = async (id: string) => waitFor(() => h!.specs.store.getActivity(id) === null, 20_000, 'the agent to finish');

describe('generation with phase gates', () => {
  it('from a description to code: each document only in its phase, each phase only after an approval call, the task ticked by the runner', async () => {
    h = await startSpecHarness({ script: pipeline, files: project });
    const card = await h.client.call('specs.create', { name: 'calc', description: 'add should add', generate: true });
    expect(card.activity).toMatchObject({ kind: 'generating', doc: 'requirements' });
    await idle(SPEC);

    // The attempt at design.md was refused in the tool layer, and the model was told why.
    expect(h.turns()).toEqual(['req: skip ahead', 'req: write', 'req: stop']);
    expect(h.sent()).toContain('Refused: in the Requirements phase only .kiro/specs/calc/requirements.md may be written');
    await expect(h.read(`${SPEC}/design.md`)).rejects.toThrow(/ENOENT/);
    expect(await h.read(`${SPEC}/requirements.md`)).toBe(REQ);
    // It was offered reading and writing only: no commands, no fetches.
    const offered = h.servers.requests('bedrock').find((r) => r.operation === 'ConverseStream')!.conversation!.tools;
    expect(offered.sort()).toEqual(['edit_file', 'list_directory', 'read_file', 'search', 'write_file']);
    // Its turn ended; the phase did not move: no approval call was made.
    const c = await h.card(SPEC);
    expect(c.phase).toBe('requirements');
    expect(c.documents[0]!.status).toBe('draft');

    // The person approves; the design is written — and the model's attempt to approve it itself is refused.
    expect((await h.client.call('specs.approve', { spec: SPEC, phase: 'requirements', generateNext: true })).activity).toMatchObject({ kind: 'generating', doc: 'design' });
    await idle(SPEC);
    expect(await h.read(`${SPEC}/design.md`)).toBe(DESIGN);
    expect(h.sent()).toContain('only the person approves');
    const sidecar = JSON.parse(await h.read(`${SPEC}/.specwright.json`));
    expect(Object.keys(sidecar.approvals)).toEqual(['requirements']);
    expect((await h.card(SPEC)).phase).toBe('design');

    await h.client.call('specs.approve', { spec: SPEC, phase: 'design', generateNext: true });
    await idle(SPEC);
    expect(await h.read(`${SPEC}/tasks.md`)).toBe(TASKS);
    expect((await h.card(SPEC)).phase).toBe('tasks');
    expect((await h.client.call('specs.approve', { spec: SPEC, phase: 'tasks', generateNext: true })).phase).toBe('implementation');

    // Start task: [-] when it starts, [x] only after the turn and `node test.js`.
    let duringRun = '';
    h.specs.runner.taskStarted.on(() => (duringRun = readFileSync(path.join(h!.root, SPEC, 'tasks.md'), 'utf8')));
    const { sessionId } = await h.client.call('specs.startTask', { spec: SPEC, task: 0 });
    expect(sessionId).toEqual(expect.any(String));
    await waitFor(() => h!.ended.length === 1, 20_000, 'the task to end');
    expect(duringRun).toContain('- [-] 1. Make add add');
    expect(h.ended[0]).toMatchObject({ status: 'done', task: { id: '1' }, sessionId });
    expect(h.ended[0]!.message).toContain('`node test.js` passed');
    expect(h.sent()).toContain('The runner marks tasks in progress and done itself');
    // The task's session had the whole spec as context (#spec), not just the task.
    const taskBody = JSON.stringify(h.servers.requests('bedrock').find((r) => r.turn === 'task: tick')!.body);
    expect(taskBody).toContain('THE Calculator SHALL return their sum');
    expect(taskBody).toContain('flowchart LR');
    expect(await h.read('src/math.js')).toBe('exports.add = (a, b) => a + b;\n');
    expect(await h.read(`${SPEC}/tasks.md`)).toBe(TASKS.replace('- [ ] 1.', '- [x] 1.'));
    const done = await h.card(SPEC);
    expect(done).toMatchObject({ phase: 'done', progress: { done: 1, total: 1 } });
    // The session is the agent's: it is in the chat's history with the spec as its origin.
    const { sessions } = await h.client.call('agent.sessions', {});
    expect(sessions.map((s) => s.kind).sort()).toEqual(['spec', 'spec', 'spec', 'task']);
  });

  it('a generated document that breaks a guardrail deny rule is not saved; the card names the rule', async () => {
    h = await startSpecHarness({
      files: { '.kiro/kiro.json': '{"guardrails": {"deny": {"patterns": ["DROP DATABASE"]}}}' },
      script: {
        turns: [
          { name: 'bad', when: { system: 'You are writing requirements', step: 0 }, reply: [write('requirements.md', `${REQ}3. WHEN a tenant leaves, THE Calculator SHALL run DROP DATABASE tenant\n`)] },
          { name: 'stop', when: { system: 'You are writing requirements', step: 1 }, reply: [{ text: 'I could not save it.' }] },
        ],
      },
    });
    await h.client.call('specs.create', { name: 'calc', generate: true });
    await idle(SPEC);
    await expect(h.read(`${SPEC}/requirements.md`)).rejects.toThrow(/ENOENT/);
    expect(h.sent()).toContain('Refused by the workspace guardrails (guardrails.deny.patterns');
    const c = await h.card(SPEC);
    expect(c.problem).toMatchObject({ kind: 'guardrail', rule: expect.stringContaining('DROP DATABASE') });
    expect(c.phase).toBe('requirements');
  });

  it('a tool the generation does not offer cannot be called anyway, and a Retry keeps the restriction', async () => {
    h = await startSpecHarness({
      files: { 'marker.txt': 'untouched\n' },
      script: {
        turns: [
          { name: 'command', when: { system: 'You are writing requirements', step: 0 }, reply: [{ toolUse: { name: 'run_command', input: { command: 'echo changed > marker.txt' } } }] },
          { name: 'stop', when: { system: 'You are writing requirements', step: 1 }, reply: [{ text: 'I could not run it.' }] },
        ],
      },
    });
    const card = await h.client.call('specs.create', { name: 'calc', generate: true });
    await idle(SPEC);
    expect(h.sent()).toContain("There is no tool named 'run_command'");
    expect(await h.read('marker.txt')).toBe('untouched\n');
    // Retry from the chat: the same brief and the same limits (the system prompt still names the one document).
    await h.client.call('agent.retry', { sessionId: card.activity!.sessionId! });
    await waitFor(() => h!.turns().length === 4, 10_000, 'the retried request');
    const last = h.servers.requests('bedrock').filter((r) => r.operation === 'ConverseStream').at(-1)!;
    expect(last.conversation!.system).toContain('You are writing requirements.md');
    expect(last.conversation!.tools).not.toContain('run_command');
    expect(await h.read('marker.txt')).toBe('untouched\n');
  });

  it('a quick spec writes all three documents without stopping, each recorded as approved by that request', async () => {
    h = await startSpecHarness({
      script: {
        turns: [
          { name: 'req', when: { system: 'You are writing requirements', step: 0 }, reply: [write('requirements.md', REQ)] },
          { name: 'design', when: { system: 'You are writing design', step: 0 }, reply: [write('design.md', DESIGN)] },
          { name: 'tasks', when: { system: 'You are writing tasks', step: 0 }, reply: [write('tasks.md', TASKS)] },
          { name: 'stop', when: { step: 1 }, reply: [{ text: 'Written.' }] },
        ],
      },
    });
    await h.client.call('specs.create', { name: 'calc', quick: true, generate: true });
    await waitFor(() => h!.turns().length === 6 && h!.specs.store.getActivity(SPEC) === null, 20_000, 'three documents');
    await waitFor(() => readFileSync(path.join(h!.root, SPEC, '.specwright.json'), 'utf8').includes('"tasks"'), 5000, 'the last approval');
    const c = await h.card(SPEC);
    expect(c.phase).toBe('implementation');
    const sidecar = JSON.parse(await h.read(`${SPEC}/.specwright.json`));
    expect(sidecar.quick).toBe(true);
    for (const k of ['requirements', 'design', 'tasks']) expect(sidecar.approvals[k].by).toContain('(quick spec, not reviewed)');
    // A quick spec says so in its brief: no "stop and wait for approval".
    expect(h.servers.requests('bedrock').find((r) => r.turn === 'req')!.conversation!.system).not.toContain('a person reviews and approves it');
  });

  it('refining: the person’s comments reach the model, which revises the current document only', async () => {
    h = await startSpecHarness({
      files: { [`${SPEC}/requirements.md`]: REQ, [`${SPEC}/.specwright.json`]: '{"version": 1, "approvals": {}}' },
      script: {
        turns: [
          { name: 'revise', when: { lastUser: 'must also handle negative', step: 0 }, reply: [{ toolUse: { name: 'edit_file', input: { path: `${SPEC}/requirements.md`, old_text: '2. THE Calculator SHALL keep subtraction working', new_text: '2. THE Calculator SHALL keep subtraction working\n3. WHEN add is called with negative numbers, THE Calculator SHALL return their sum' } } }] },
          { name: 'stop', when: { step: 1 }, reply: [{ text: 'Revised.' }] },
        ],
      },
    });
    await h.client.call('specs.generate', { spec: SPEC, instructions: 'It must also handle negative numbers.' });
    await idle(SPEC);
    expect(await h.read(`${SPEC}/requirements.md`)).toContain('3. WHEN add is called with negative numbers');
    expect(h.sent()).toContain('The current .kiro/specs/calc/requirements.md (revise it');
    expect((await h.card(SPEC)).phase).toBe('requirements');
  });
});

describe('#spec in the chat', () => {
  it('brings the spec’s documents and phase into the conversation', async () => {
    h = await startSpecHarness({
      files: { [`${SPEC}/requirements.md`]: REQ, [`${SPEC}/design.md`]: DESIGN },
      script: { turns: [{ name: 'answer', when: { lastUser: 'summarise' }, reply: [{ text: 'It is about add.' }] }] },
    });
    await h.client.call('specs.list', {});
    const { id } = await h.client.call('agent.createSession', {});
    const providers = (await h.client.call('agent.contextProviders', {})).providers;
    expect(providers.find((p) => p.id === 'spec')).toMatchObject({ available: true, description: expect.stringContaining('with its phase') });
    const suggestions = await h.client.call('agent.contextSuggest', { provider: 'spec', query: 'ca' });
    expect(suggestions.items.map((s) => s.value)).toEqual(['calc']);
    await h.client.call('agent.send', { sessionId: id, text: 'summarise this spec', context: [{ kind: 'spec', arg: 'calc', label: '#spec calc' }] });
    await waitFor(() => h!.turns().length === 1, 10_000, 'the answer');
    const sent = h.sent();
    expect(sent).toContain('phase: design');
    expect(sent).toContain('THE Calculator SHALL return their sum');
    expect(sent).toContain('flowchart LR');
  });
});
