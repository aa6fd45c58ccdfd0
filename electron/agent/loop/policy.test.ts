import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PendingApproval } from '../../../shared/contract/policy';
import type { AssistantEntry } from '../../../shared/agent/session';
import fixTest from '../../../e2e/fixtures/scripts/fix-failing-test.json' with { type: 'json' };
import project from '../../../e2e/fixtures/scripts/project.json' with { type: 'json' };
import { getPolicy } from '../../policy/policy-service';
import { policyGate } from '../policy-gate';
import { startAgentHarness, type AgentHarness } from '../test-support';

let h: AgentHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const calls = (entries: { type: string }[]) => entries.filter((e): e is AssistantEntry => e.type === 'assistant').flatMap((a) => a.toolCalls);

/** A person at the approval prompt: answers each pending approval as `answer` says, and remembers what was asked. */
function person(harness: AgentHarness, answer: (a: PendingApproval) => 'approve' | 'reject' | null) {
  const policy = getPolicy(harness.ws);
  const seen: PendingApproval[] = [];
  const off = policy.approvalsChanged.on((pending) => {
    for (const a of pending) {
      if (seen.some((s) => s.id === a.id)) continue;
      seen.push(a);
      const r = answer(a);
      if (r) setTimeout(() => void policy.respond(a.id, r), 5);
    }
  });
  return { seen, off, policy };
}

describe('the loop with the real policy service (Supervised)', () => {
  it('asks a person before each change and command, not before reads; the audit log has proposal, decision, approval and result for every call', async () => {
    h = await startAgentHarness({ script: fixTest, files: project, gate: (ws) => policyGate(getPolicy(ws)) });
    const p = person(h, () => 'approve');
    const { id } = await h.agent.createSession();
    const outcome = await h.ask(id, 'please fix the failing test');
    expect(outcome.status).toBe('done');
    expect(await readFile(path.join(h.root, 'src/math.js'), 'utf8')).toBe('exports.add = (a, b) => a + b;\n');
    expect(p.seen.map((a) => [a.kind, a.view.title])).toEqual([
      ['write', 'Edit src/math.js'],
      ['command', 'node test.js'],
      ['write', 'Edit src/math.js'],
      ['command', 'node test.js'],
    ]);
    expect(p.seen[0]!.view.file!.patch).toContain('-exports.add = (a, b) => a - b;');
    const toolCalls = calls((await h.agent.get(id)).data.entries);
    expect(toolCalls.map((c) => c.decision?.by)).toEqual(['policy', 'policy', 'person', 'person', 'person', 'person']);
    // The audit trail, per call.
    const records = await p.policy.audit.readAll();
    for (const call of toolCalls) {
      const types = records.filter((r) => r.toolCallId === call.id).map((r) => r.type);
      expect(types, call.name).toEqual(call.category === 'read' ? ['proposal', 'decision', 'result'] : ['proposal', 'decision', 'approval', 'result']);
    }
    const failed = records.find((r) => r.toolCallId === toolCalls[3]!.id && r.type === 'result')!;
    expect(failed.data).toMatchObject({ ok: false, exitCode: 1 });
    expect(records.every((r) => r.sessionId === id && r.actor === 'agent')).toBe(true);
    p.off();
  });

  it('a rejected change leaves the disk untouched and the model is told', async () => {
    h = await startAgentHarness({
      script: {
        turns: [
          { when: { lastUser: 'change', step: 0 }, reply: [{ toolUse: { name: 'edit_file', input: { path: 'src/math.js', old_text: 'a - b', new_text: 'a + b' } } }] },
          { when: { lastUser: 'change', step: 1, lastToolResult: 'rejected' }, reply: [{ text: 'Left as it is.' }] },
        ],
      },
      files: project,
      gate: (ws) => policyGate(getPolicy(ws)),
    });
    const p = person(h, () => 'reject');
    const { id } = await h.agent.createSession();
    expect(await h.ask(id, 'change add')).toMatchObject({ status: 'done', text: 'Left as it is.' });
    expect(await readFile(path.join(h.root, 'src/math.js'), 'utf8')).toBe('exports.add = (a, b) => a - b;\n');
    expect(calls((await h.agent.get(id)).data.entries)[0]).toMatchObject({ status: 'denied', decision: { by: 'person' } });
    const records = await p.policy.audit.readAll();
    expect(records.filter((r) => r.type === 'approval').map((r) => r.summary)).toEqual([expect.stringMatching(/^rejected by person: write src\/math\.js/)]);
    p.off();
  });

  it('`rm -rf build` under an `rm *` trust rule still asks, and says why', async () => {
    h = await startAgentHarness({
      script: { turns: [{ when: { lastUser: 'clean', step: 0 }, reply: [{ toolUse: { name: 'run_command', input: { command: 'rm -rf build' } } }] }, { when: { lastUser: 'clean', step: 1 }, reply: [{ text: 'ok' }] }] },
      files: { ...project, 'build/out.js': 'x', '.kiro/settings/specwright.json': '{ "policy": { "trustedCommands": ["rm *"] } }' },
      gate: (ws) => policyGate(getPolicy(ws)),
    });
    const p = person(h, () => 'reject');
    const { id } = await h.agent.createSession();
    await h.ask(id, 'clean the build');
    expect(p.seen).toHaveLength(1);
    expect(p.seen[0]!.decision.verdict).toBe('ask');
    expect(p.seen[0]!.decision.reasons.join(' ')).toMatch(/recursive|rm -rf/i);
    expect(await readFile(path.join(h.root, 'build/out.js'), 'utf8')).toBe('x');
    p.off();
  });

  it('Stop while an approval is pending cancels it; nothing runs', async () => {
    h = await startAgentHarness({
      script: { turns: [{ when: { lastUser: 'write', step: 0 }, reply: [{ toolUse: { name: 'write_file', input: { path: 'new.txt', content: 'x' } } }] }] },
      files: project,
      gate: (ws) => policyGate(getPolicy(ws)),
    });
    const { id } = await h.agent.createSession();
    const p = person(h, () => {
      void h!.agent.stop(id);
      return null;
    });
    const outcome = await h.ask(id, 'write a file');
    expect(outcome.status).toBe('stopped');
    expect(p.policy.pending()).toEqual([]);
    expect(calls((await h.agent.get(id)).data.entries)[0]!.status).toBe('stopped');
    await expect(readFile(path.join(h.root, 'new.txt'))).rejects.toThrow();
    expect((await p.policy.audit.readAll()).some((r) => r.type === 'approval' && /cancelled/.test(r.summary))).toBe(true);
    p.off();
  });
});
