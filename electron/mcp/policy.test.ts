import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PendingApproval } from '../../shared/contract/policy';
import { getPolicy } from '../policy/policy-service';
import { waitFor } from '../workspace/test-support';
import { callToolGated } from './gated-call';
import { fixture, mcpJson, mcpTestEnv, node, type McpTestEnv } from './test-support';

// MCP calls under the real policy service: autoApprove skips the person, never the
// guardrails or the audit log; everything else asks.

let env: McpTestEnv | null = null;
afterEach(async () => {
  await env?.dispose();
  env = null;
});

const meta = (toolCallId: string) => ({ sessionId: 's1', toolCallId, actor: 'agent' });

async function setup(autoApprove: string[], guardrails?: unknown) {
  env = await mcpTestEnv({
    '.kiro/settings/mcp.json': mcpJson({ box: { command: node, args: [fixture('toolbox.mjs')], autoApprove } }),
    ...(guardrails ? { '.kiro/kiro.json': JSON.stringify({ guardrails }) } : {}),
  });
  await env.mcp.ready;
  const policy = getPolicy(env.ws);
  const pending: PendingApproval[][] = [];
  policy.approvalsChanged.on((p) => pending.push(p));
  return { policy, latest: () => pending.at(-1) ?? [] };
}

describe('MCP calls under the policy', () => {
  it('an autoApprove tool runs without asking, and is audited', async () => {
    const { policy, latest } = await setup(['echo']);
    const r = await callToolGated(env!.mcp, policy, 'mcp__box__echo', { text: 'hi' }, meta('c1'));
    expect(r.ran).toBe(true);
    expect(r.outcome.text).toBe('echo: hi');
    expect(r.gate!.decision).toMatchObject({ verdict: 'allow', rule: 'mcp-autoApprove' });
    expect(r.gate!.approval).toEqual({ by: 'rule' });
    expect(latest()).toEqual([]);
    const records = await policy.audit.readAll();
    expect(records.map((x) => x.type)).toEqual(['proposal', 'decision', 'result']);
    expect(records[0]!.data.action).toMatchObject({ kind: 'mcp', server: 'box', tool: 'echo', input: { text: 'hi' }, autoApproved: true });
    expect(records[2]!).toMatchObject({ toolCallId: 'c1', data: { ok: true } });
  });

  it('a guardrail deny refuses even a "*"-approved tool, names the rule, and nothing runs', async () => {
    const { policy } = await setup(['*'], { deny: { actions: ['box/write_note'] } });
    const target = path.join(env!.root, 'note.txt');
    const r = await callToolGated(env!.mcp, policy, 'mcp__box__write_note', { path: target, text: 'x' }, meta('c2'));
    expect(r.ran).toBe(false);
    expect(r.gate!.decision.verdict).toBe('deny');
    expect(r.gate!.decision.rule).toMatch(/box\/write_note/);
    expect(r.outcome.text).toMatch(/^The policy refused this call of box\/write_note; it was not run\. .*\(rule: .*box\/write_note/);
    expect(existsSync(target)).toBe(false);
    const records = await policy.audit.readAll();
    expect(records.map((x) => x.type)).toEqual(['proposal', 'decision', 'result']);
    expect(records[1]!.data).toMatchObject({ verdict: 'deny' });
    expect(records[2]!.data).toMatchObject({ ok: false, summary: 'denied by policy' });
  });

  it('a guardrail pattern in the input denies too', async () => {
    const { policy } = await setup(['*'], { deny: { patterns: ['DROP DATABASE'] } });
    const r = await callToolGated(env!.mcp, policy, 'mcp__box__echo', { text: 'please drop   database prod' }, meta('c3'));
    expect(r).toMatchObject({ ran: false, gate: { decision: { verdict: 'deny' } } });
  });

  it('any other tool asks: the person approves and it runs; rejects and it does not', async () => {
    const { policy, latest } = await setup(['echo']);
    const target = path.join(env!.root, 'approved.txt');
    const call = callToolGated(env!.mcp, policy, 'mcp__box__write_note', { path: target, text: 'written' }, meta('c4'));
    await waitFor(() => latest().some((p) => p.id === 'c4'), 5000, 'the approval');
    const shown = latest().find((p) => p.id === 'c4')!;
    expect(shown).toMatchObject({ kind: 'mcp', decision: { verdict: 'ask', rule: 'mcp' } });
    expect(shown.view.mcp).toMatchObject({ server: 'box', tool: 'write_note' });
    expect(shown.view.mcp!.input).toContain('written');
    expect(existsSync(target)).toBe(false);
    await policy.respond('c4', 'approve');
    const r = await call;
    expect(r.ran).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('written');

    const other = path.join(env!.root, 'rejected.txt');
    const call2 = callToolGated(env!.mcp, policy, 'mcp__box__write_note', { path: other, text: 'no' }, meta('c5'));
    await waitFor(() => latest().some((p) => p.id === 'c5'));
    await policy.respond('c5', 'reject');
    const r2 = await call2;
    expect(r2).toMatchObject({ ran: false, outcome: { isError: true, text: 'The person rejected this call of box/write_note; it was not run.' } });
    expect(existsSync(other)).toBe(false);
    const types = (await policy.audit.readAll()).filter((x) => x.toolCallId === 'c5').map((x) => x.type);
    expect(types).toEqual(['proposal', 'decision', 'approval', 'result']);
  });

  it('a disabled tool cannot be called at all', async () => {
    env = await mcpTestEnv({ '.kiro/settings/mcp.json': mcpJson({ box: { command: node, args: [fixture('toolbox.mjs')], autoApprove: ['*'], disabledTools: ['crash'] } }) });
    await env.mcp.ready;
    const policy = getPolicy(env.ws);
    const r = await callToolGated(env.mcp, policy, 'mcp__box__crash', {}, meta('c6'));
    expect(r).toMatchObject({ ran: false, gate: null });
    expect(r.outcome.text).toBe('box/crash is listed in disabledTools in .kiro/settings/mcp.json, so it cannot be called.');
    expect(() => env!.mcp.prepare('mcp__box__crash', {})).toThrow(/disabledTools/);
  });
});
