import { describe, expect, it } from 'vitest';
import type { GuardrailHit } from '../../shared/policy/guardrails';
import { changedStates, generationGuard, sidecarRefusal, taskRunGuard } from './guards';

const target = '.kiro/specs/reset/requirements.md';
const hit: GuardrailHit = { effect: 'deny', rule: 'guardrails.deny.patterns: "DROP DATABASE"', reason: 'The text contains "DROP DATABASE", denied by the workspace guardrails.' };

function gen() {
  const violations: GuardrailHit[] = [];
  const guard = generationGuard({
    target,
    phaseTitle: 'Requirements',
    checkText: async (text) => (/drop database/i.test(text) ? hit : null),
    onViolation: (h) => violations.push(h),
  });
  const call = (action: Parameters<typeof guard>[0]['action'], tool = 'write_file') => guard({ tool, action, sessionId: 's' });
  return { call, violations };
}

describe('the generation guard: only the current phase’s document', () => {
  it('lets the current document through and refuses the next phase’s document, whatever the model says', async () => {
    const { call } = gen();
    expect(await call({ kind: 'write', path: target, before: null, after: '# Requirements\n' })).toBeNull();
    expect(await call({ kind: 'write', path: '.KIRO/specs/reset/Requirements.md', before: null, after: '# R\n' })).toBeNull();
    const refused = await call({ kind: 'write', path: '.kiro/specs/reset/design.md', before: null, after: '# Design\n' });
    expect(refused).toContain('only .kiro/specs/reset/requirements.md may be written');
    expect(refused).toContain('after a person approves');
    expect(await call({ kind: 'write', path: 'src/app.ts', before: 'a', after: 'b' }, 'edit_file')).toMatch(/^Refused/);
  });

  it('reads are left to the policy; deletes, commands, fetches and MCP tools are refused', async () => {
    const { call } = gen();
    expect(await call({ kind: 'read', path: 'src/app.ts' }, 'read_file')).toBeNull();
    expect(await call({ kind: 'delete', path: target }, 'delete_file')).toMatch(/^Refused/);
    expect(await call({ kind: 'command', command: 'npm test' }, 'run_command')).toMatch(/runs no commands/);
    expect(await call({ kind: 'fetch', url: 'https://example.com' }, 'fetch_url')).toMatch(/^Refused/);
    expect(await call({ kind: 'mcp', server: 'x', tool: 'y', input: {} }, 'mcp__x__y')).toMatch(/^Refused/);
  });

  it('a document that breaks a guardrail deny rule is not saved, and the rule is reported', async () => {
    const { call, violations } = gen();
    const refused = await call({ kind: 'write', path: target, before: null, after: '1. THE Service SHALL run DROP DATABASE on exit\n' });
    expect(refused).toContain('guardrails.deny.patterns: "DROP DATABASE"');
    expect(violations).toEqual([hit]);
  });

  it('no agent writes a spec’s approvals, in any session', async () => {
    const { call } = gen();
    expect(await call({ kind: 'write', path: '.kiro/specs/reset/.specwright.json', before: null, after: '{}' })).toMatch(/only the person approves/);
    expect(sidecarRefusal({ kind: 'delete', path: 'packages/a/.kiro/specs/x/.specwright.json' })).toMatch(/^Refused/);
    expect(sidecarRefusal({ kind: 'write', path: 'src/.specwright.json' })).toBeNull();
    const task = taskRunGuard({ tasksPath: '.kiro/specs/reset/tasks.md' });
    expect(await task({ tool: 'write_file', action: { kind: 'write', path: '.kiro/specs/reset/.specwright.json', before: '{}', after: '{"approvals":{}}' }, sessionId: 's' })).toMatch(/^Refused/);
  });
});

describe('the task-run guard: the runner owns the checkboxes', () => {
  const tasksPath = '.kiro/specs/reset/tasks.md';
  const guard = taskRunGuard({ tasksPath });
  const before = '# Plan\n\n- [-] 1. Token table\n  - _Requirements: 1.1_\n- [ ] 2. Endpoint\n';
  const write = (after: string, path = tasksPath) => guard({ tool: 'edit_file', action: { kind: 'write', path, before, after }, sessionId: 's' });

  it('refuses an edit that ticks a task, and names it', async () => {
    const refused = await write(before.replace('[-] 1.', '[x] 1.'));
    expect(refused).toContain('task 1');
    expect(refused).toContain('The runner marks tasks');
    expect(await write(before.replace('[ ] 2.', '[x] 2.'))).toContain('task 2');
    expect(await write(before.replace('[-] 1.', '[ ] 1.'))).toMatch(/^Refused/);
  });

  it('lets other edits of tasks.md through (a detail line, a new unchecked task), and other files alone', async () => {
    expect(await write(`${before}  - note: uses bcrypt\n`)).toBeNull();
    expect(await write(`${before}- [ ] 3. Follow-up\n`)).toBeNull();
    expect(await write('x', 'src/app.ts')).toBeNull();
    expect(await guard({ tool: 'run_command', action: { kind: 'command', command: 'npm test' }, sessionId: 's' })).toBeNull();
    expect(await guard({ tool: 'delete_file', action: { kind: 'delete', path: tasksPath }, sessionId: 's' })).toMatch(/^Refused/);
  });

  it('compares by id where the list was re-ordered', () => {
    const a = '- [x] 1. A\n- [ ] 2. B\n';
    expect(changedStates(a, '- [ ] 2. B\n- [x] 1. A\n')).toEqual([]);
    expect(changedStates(a, '- [x] 2. B\n- [x] 1. A\n')).toEqual(['2']);
    expect(changedStates(a, `${a}- [x] 3. C\n`)).toEqual(['3']);
  });
});
