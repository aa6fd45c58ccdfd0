import { truncateMiddle } from '../../../shared/agent/fit';
import type { ToolCallRecord } from '../../../shared/agent/session';
import type { Checkpointer, GateAction, ToolGate } from '../ports';
import { describeIssues, type ToolRegistry } from '../tools/registry';
import { ToolInputError, type ToolContext, type ToolOutcome } from '../tools/types';

/**
 * Decides one call before the policy does (the specs feature holds a spec generation to its
 * one document, a task run off the checkboxes): a string refuses the call and is what the
 * model reads; null lets it through to the policy.
 */
export type ToolGuard = (call: { tool: string; action: GateAction; sessionId: string }) => string | null | Promise<string | null>;

export interface ToolRunDeps {
  tools: ToolRegistry;
  /** The tool names offered in this request; a call to any other is answered as an unknown tool. */
  offered?: ReadonlySet<string>;
  guard?: ToolGuard;
  gate: ToolGate;
  checkpoints: Checkpointer;
  /** Everything a tool needs but its call id. */
  context: Omit<ToolContext, 'toolCallId'>;
  /** Who acts, for the policy and the audit: `agent`, `hook:<name>`, `spec-runner`. */
  actor: string;
  /** The request's number in its session (the checkpoints' `turn`). */
  turn: number;
  taskId?: string;
  /** Every change of the call's record (status, result), for the chat. */
  update(call: ToolCallRecord): void;
}

const isAbort = (e: unknown) => e instanceof Error && (e.name === 'AbortError' || (e as { kind?: string }).kind === 'aborted');

/**
 * One tool call, start to end: find the tool, validate its input, let it say what it would
 * do, ask the policy (which may ask the person), checkpoint first if it changes anything,
 * run it, and audit the result. Every failure becomes a result the model reads — nothing
 * here throws.
 */
export async function executeToolCall(call: { id: string; name: string; input: Record<string, unknown> }, deps: ToolRunDeps): Promise<ToolCallRecord> {
  const { signal } = deps.context;
  const tool = deps.offered && !deps.offered.has(call.name) ? undefined : deps.tools.get(call.name);
  let record: ToolCallRecord = { id: call.id, name: call.name, category: tool?.category ?? 'other', input: call.input, status: 'running', isError: false, startedAt: Date.now() };
  const set = (patch: Partial<ToolCallRecord>) => {
    record = { ...record, ...patch };
    deps.update(record);
    return record;
  };
  const meta = { sessionId: deps.context.sessionId, actor: deps.actor };
  const finish = async (outcome: ToolOutcome & { status?: ToolCallRecord['status'] }, audit = true): Promise<ToolCallRecord> => {
    const content = truncateMiddle(outcome.content, deps.context.limits.toolOutputMaxChars, 'of this output (it was too long)').text;
    const status = outcome.status ?? (outcome.isError ? 'failed' : 'done');
    if (audit) {
      await deps.gate
        .recordResult(call.id, { ok: !outcome.isError, ...(outcome.summary ? { summary: outcome.summary } : {}), ...(typeof outcome.exitCode === 'number' ? { exitCode: outcome.exitCode } : {}), ...(outcome.isError ? { error: content.slice(0, 2000) } : {}) }, meta)
        .catch(() => {});
    }
    return set({
      status,
      result: content,
      isError: !!outcome.isError,
      ...(outcome.summary ? { summary: outcome.summary } : {}),
      ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}),
      ...(outcome.file ? { file: outcome.file } : {}),
      ...(outcome.media?.length ? { media: outcome.media } : {}),
      progress: undefined,
      endedAt: Date.now(),
    });
  };

  if (!tool) {
    const names = deps.tools.names().filter((n) => !deps.offered || deps.offered.has(n)).join(', ');
    return finish({ content: `There is no tool named '${call.name}'. The tools are: ${names}.`, isError: true, status: 'invalid', summary: 'unknown tool' });
  }
  const parsed = tool.input.safeParse(call.input);
  if (!parsed.success) {
    return finish({
      content: `The input of ${call.name} does not match its schema: ${describeIssues(parsed.error)}. Its schema is ${JSON.stringify(deps.tools.schema(call.name))}.`,
      isError: true,
      status: 'invalid',
      summary: 'input does not match the schema',
    });
  }
  if (signal.aborted) return finish({ content: 'Not run: the person stopped the turn.', isError: true, status: 'stopped', summary: 'stopped' }, false);

  // Progress reaches the card at most a few times a second (each update is saved with the session).
  let lastProgress = 0;
  const progress = (p: NonNullable<ToolCallRecord['progress']>) => {
    const now = Date.now();
    if (record.status !== 'running' || (now - lastProgress < 150 && p.progress !== p.total)) return;
    lastProgress = now;
    set({ progress: p });
  };
  const ctx: ToolContext = { ...deps.context, toolCallId: call.id, progress };
  let prepared;
  try {
    prepared = await tool.prepare(parsed.data, ctx);
  } catch (e) {
    if (e instanceof ToolInputError) return finish({ content: e.message, isError: true, summary: firstLine(e.message) });
    return finish({ content: `${call.name} failed: ${(e as Error).message}`, isError: true, summary: 'failed' });
  }

  // A guard of the request (or of every request) may refuse the call before the policy sees it.
  let refusal: string | null;
  try {
    refusal = (await deps.guard?.({ tool: call.name, action: prepared.action, sessionId: deps.context.sessionId })) ?? null;
  } catch (e) {
    refusal = `Not run: the check before it failed (${(e as Error).message}).`;
  }
  if (refusal) return finish({ content: refusal, isError: true, status: 'denied', summary: 'refused' }, false);

  // The policy: allow, ask the person (the card shows "pending approval" meanwhile), or deny.
  const offPending = deps.gate.onPending?.((ids) => {
    if (ids.includes(call.id) && record.status !== 'pending_approval') set({ status: 'pending_approval' });
    else if (!ids.includes(call.id) && record.status === 'pending_approval') set({ status: 'running' });
  });
  let verdict;
  try {
    verdict = await deps.gate.gate(prepared.action, { sessionId: deps.context.sessionId, toolCallId: call.id, actor: deps.actor, signal });
  } catch (e) {
    if (signal.aborted || isAbort(e)) return finish({ content: 'Not run: the person stopped the turn while it waited for approval.', isError: true, status: 'stopped', summary: 'stopped' }, false);
    return finish({ content: `Not run: the policy check failed (${(e as Error).message}).`, isError: true, status: 'failed', summary: 'policy check failed' }, false);
  } finally {
    offPending?.();
  }
  const decision = { verdict: verdict.decision.verdict, reasons: verdict.decision.reasons, ...(verdict.approval?.by ? { by: verdict.approval.by } : {}) };
  set({ decision, status: 'running' });
  if (!verdict.allowed) {
    const byPerson = verdict.approval?.by === 'person';
    const why = verdict.decision.reasons.length ? ` Reason: ${verdict.decision.reasons.join('; ')}.` : '';
    const content = byPerson ? `The person rejected this ${call.name} call; it was not run. Do not retry it unchanged; ask them or try another way.` : `The policy denied this ${call.name} call; it was not run.${why}`;
    // The gate has audited the proposal and the decision; the result completes the trail.
    return finish({ content, isError: true, status: 'denied', summary: byPerson ? 'rejected' : 'denied by policy' });
  }

  if (prepared.mutates) {
    try {
      const cp = await deps.checkpoints.create({ reason: 'tool-call', label: prepared.label, sessionId: deps.context.sessionId, turn: deps.turn, toolCallId: call.id, ...(deps.taskId ? { taskId: deps.taskId } : {}) });
      set({ checkpointId: cp.id });
    } catch (e) {
      return finish({ content: `Not run: the checkpoint before it could not be taken, so it could not be undone (${(e as Error).message}).`, isError: true, summary: 'no checkpoint' });
    }
  }
  if (signal.aborted) return finish({ content: 'Not run: the person stopped the turn.', isError: true, status: 'stopped', summary: 'stopped' });

  try {
    const outcome = await prepared.execute();
    if (signal.aborted) return finish({ ...outcome, status: 'stopped', isError: true, content: `${outcome.content}\n\n[The person stopped the turn.]` });
    return finish(outcome);
  } catch (e) {
    if (signal.aborted || isAbort(e)) return finish({ content: 'Stopped by the person before it finished.', isError: true, status: 'stopped', summary: 'stopped' });
    if (e instanceof ToolInputError) return finish({ content: e.message, isError: true, summary: firstLine(e.message) });
    return finish({ content: `${call.name} failed: ${(e as Error).message}`, isError: true, summary: 'failed' });
  }
}

const firstLine = (s: string) => {
  const l = s.split('\n')[0]!;
  return l.length > 100 ? `${l.slice(0, 99)}…` : l;
};

/** The result of a call the model wrote badly (its JSON did not parse). */
export function invalidToolCall(call: { id: string; name: string; rawInput: string; error: string }, known: boolean): ToolCallRecord {
  const raw = call.rawInput.length > 500 ? `${call.rawInput.slice(0, 500)}…` : call.rawInput;
  return {
    id: call.id,
    name: call.name,
    category: 'other',
    input: {},
    rawInput: call.rawInput,
    status: 'invalid',
    isError: true,
    result: `The input of this ${known ? call.name : `'${call.name}'`} call is not valid JSON (${call.error}); it was not run. You sent: ${raw}\nSend the call again with a JSON object as input.`,
    summary: 'malformed input',
    startedAt: Date.now(),
    endedAt: Date.now(),
  };
}
