import type { GateMeta, GateResult, PolicyService } from '../policy/policy-service';
import type { McpManager, McpToolOutcome } from './manager';
import type { CallOptions } from './server-runtime';

export interface GatedOutcome {
  /** False when the policy or the person refused: nothing was sent to the server. */
  ran: boolean;
  gate: GateResult | null;
  outcome: McpToolOutcome;
}

/**
 * An MCP tool call under the policy, for callers outside the agent's loop (which does the
 * same steps itself with `prepare`): the policy decides — a guardrail deny refuses it,
 * `autoApprove` lets it through without asking, anything else waits for the person — the
 * call runs, and its result completes the audit trail.
 */
export async function callToolGated(
  mcp: McpManager,
  policy: Pick<PolicyService, 'gate' | 'recordResult'>,
  qualifiedName: string,
  input: Record<string, unknown>,
  meta: GateMeta & Pick<CallOptions, 'onProgress'>,
): Promise<GatedOutcome> {
  let prepared;
  try {
    prepared = mcp.prepare(qualifiedName, input);
  } catch (e) {
    const text = (e as Error).message;
    return { ran: false, gate: null, outcome: { server: '', tool: qualifiedName, text, isError: true, summary: text.slice(0, 100), media: [], truncated: false } };
  }
  const gate = await policy.gate(prepared.action, meta);
  const audit = { sessionId: meta.sessionId, actor: meta.actor };
  if (!gate.allowed) {
    const byPerson = gate.approval?.by === 'person';
    const text = byPerson
      ? `The person rejected this call of ${prepared.server}/${prepared.tool}; it was not run.`
      : `The policy refused this call of ${prepared.server}/${prepared.tool}; it was not run. ${gate.decision.reasons.join(' ')}${gate.decision.rule ? ` (rule: ${gate.decision.rule})` : ''}`;
    await policy.recordResult(meta.toolCallId, { ok: false, summary: byPerson ? 'rejected' : 'denied by policy', error: text }, audit);
    return { ran: false, gate, outcome: { server: prepared.server, tool: prepared.tool, text, isError: true, summary: byPerson ? 'rejected' : 'denied', media: [], truncated: false } };
  }
  try {
    const outcome = await prepared.execute({ ...(meta.signal ? { signal: meta.signal } : {}), ...(meta.onProgress ? { onProgress: meta.onProgress } : {}), callId: meta.toolCallId });
    await policy.recordResult(meta.toolCallId, { ok: !outcome.isError, summary: outcome.summary, ...(outcome.isError ? { error: outcome.text } : {}) }, audit);
    return { ran: true, gate, outcome };
  } catch (e) {
    await policy.recordResult(meta.toolCallId, { ok: false, summary: 'stopped', error: (e as Error).message }, audit);
    throw e;
  }
}
