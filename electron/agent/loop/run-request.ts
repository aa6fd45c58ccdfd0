import type { AssistantTurn } from '../../../shared/agent/collect';
import { fitByTruncation, inputLimit } from '../../../shared/agent/fit';
import type { ModelRequest, ToolSpec } from '../../../shared/agent/messages';
import type { AssistantEntry, ModelPick, ToolCallRecord } from '../../../shared/agent/session';
import { countRequestTokens } from '../../../shared/agent/tokens';
import { toModelMessages } from '../../../shared/agent/transcript';
import type { AgentSettings, ModelEntry } from '../../../shared/settings/agent';
import { compactOlder } from '../context/compaction';
import type { Checkpointer, ToolGate } from '../ports';
import type { ModelProvider } from '../providers/types';
import { newId, type LiveSession } from '../sessions/live-session';
import type { ToolRegistry } from '../tools/registry';
import type { ToolContext } from '../tools/types';
import type { UsageLedger } from '../usage/ledger';
import { executeToolCall, invalidToolCall, type ToolGuard } from './execute-tool';
import { streamTurn } from './stream-turn';

/** Everything the loop uses, injected, so tests run it against real fixtures and real files. */
export interface LoopDeps {
  provider(entry: ModelEntry, agent: AgentSettings): ModelProvider;
  ledger: Pick<UsageLedger, 'checkCall' | 'record'>;
  gate: ToolGate;
  checkpoints: Checkpointer;
  tools: ToolRegistry;
  /** Tool context without the per-call and per-request parts. */
  toolContext: Omit<ToolContext, 'toolCallId' | 'signal' | 'sessionId' | 'limits'>;
  settings(): AgentSettings;
}

export interface RequestSpec {
  session: LiveSession;
  /** The user entry being answered. */
  requestId: string;
  entry: ModelEntry;
  pick: ModelPick;
  system: string;
  signal: AbortSignal;
  actor: string;
  /** The request's number in the session (checkpoints' `turn`). */
  turn: number;
  taskId?: string;
  /** Said to the model after the conversation on the first call only (Continue). */
  followUp?: string;
  /** Only these tools are offered (and run); default: all. */
  tools?: string[];
  guard?: ToolGuard;
}

export type RequestStatus = 'done' | 'stopped' | 'failed' | 'limit' | 'budget';

export interface RequestOutcome {
  status: RequestStatus;
  /** Why it ended, in words, for anything but `done`. */
  message?: string;
  /** The final answer's text. */
  text: string;
  cost: number;
}

const STREAMING_NOT_RUN = 'Not run: the answer was cut off before the model finished, so its tool calls were not run.';

/**
 * One request, from the person's message to the model's final answer: assemble the
 * context, call the model, run its tool calls, feed the results back — until the model
 * ends its turn, the person stops it, or a limit (turns, tokens, budget, malformed calls)
 * is reached. Every way out leaves a session the person can read and continue.
 */
export async function runRequest(spec: RequestSpec, deps: LoopDeps): Promise<RequestOutcome> {
  const { session, signal } = spec;
  const agent = deps.settings();
  const limits = agent.loop;
  const provider = deps.provider(spec.entry, agent);
  const offered = spec.tools ? new Set(spec.tools) : undefined;
  const tools: ToolSpec[] = deps.tools.specs().filter((t) => !offered || offered.has(t.name));
  let calls = 0;
  let tokensUsed = 0;
  let cost = 0;
  let malformedStreak = 0;
  let lastText = '';
  let compactedThisRequest = false;
  let truncationNoticed = false;
  let forceCompaction = false;
  let followUp = spec.followUp;

  const end = (status: RequestStatus, message?: string): RequestOutcome => ({ status, ...(message ? { message } : {}), text: lastText, cost });
  const stopped = () => {
    session.notice('info', 'stopped', 'Stopped.', true);
    return end('stopped', 'Stopped by the person.');
  };

  for (;;) {
    if (signal.aborted) return stopped();
    if (calls >= limits.maxTurns) {
      const m = `Paused after ${calls} model calls for this request (agent.loop.maxTurns). Continue to let the agent go on.`;
      session.notice('warning', 'limit', m, true);
      return end('limit', m);
    }

    // ── context: the conversation, fitted to the window ──
    session.patchRun({ phase: 'context', toolCallId: undefined });
    const build = (): ModelRequest => ({
      model: spec.entry.model,
      system: spec.system,
      messages: toModelMessages(session.data.entries, followUp ? { followUp } : {}),
      tools,
      maxTokens: spec.entry.maxOutputTokens,
    });
    let request = build();
    const window = spec.entry.contextWindow;
    const limit = inputLimit(window, request.maxTokens);
    const tokens = countRequestTokens(request);
    let compactionFailed: string | null = null;
    if ((forceCompaction || tokens > Math.min(limit, window * limits.compactAt)) && !compactedThisRequest) {
      compactedThisRequest = true;
      forceCompaction = false;
      session.patchRun({ phase: 'compacting' });
      const c = await compactOlder({ entries: session.data.entries, entry: spec.entry, agent, provider, ledger: deps.ledger, sessionId: session.id, signal });
      if (signal.aborted) return stopped();
      if (c.ok) {
        cost += c.cost;
        // The summary goes just after what it covers, so the chat shows it in place.
        const at = session.data.entries.findIndex((e) => e.id === c.summary.upTo);
        const entries = [...session.data.entries];
        entries.splice(at + 1, 0, c.summary);
        session.replaceEntries(entries);
        session.notice('info', 'compaction', `Earlier messages (${c.summary.covered}) were summarised to fit the model's ${Math.round(window / 1000)}K-token window (about ${c.summary.tokensBefore} → ${c.summary.tokensAfter} tokens, counted approximately). They stay here, and the summary can be undone.`);
      } else {
        compactionFailed = c.reason;
      }
      request = build();
    }
    // After a failed summary, older messages are left out down to the compaction threshold, so
    // the next call does not fail the same way; otherwise only what the window demands.
    let fitted = fitByTruncation(request, request.messages, { window, ...(compactionFailed ? { limit: Math.floor(window * limits.compactAt) } : {}) });
    if (compactionFailed && !fitted.fits) fitted = fitByTruncation(request, request.messages, { window });
    if (compactionFailed) {
      truncationNoticed = true;
      session.notice(
        'warning',
        'compaction',
        `Could not summarise the earlier messages (${compactionFailed}). ${fitted.droppedMessages ? `The oldest ${fitted.droppedMessages} are left out of what the model reads for now; they stay here in the chat.` : 'The conversation still fits, so nothing was left out.'}`,
      );
    } else if (fitted.droppedMessages && !truncationNoticed) {
      truncationNoticed = true;
      session.notice('warning', 'compaction', `${fitted.droppedMessages} older messages are left out of what the model reads, to fit its window; they stay here in the chat.`);
    }
    if (!fitted.fits) {
      const m = `This request does not fit the model's context window (${Math.round(window / 1000)}K tokens) even without the older messages: about ${fitted.tokens} tokens of input (counted approximately) for a limit of ${fitted.limit}. Remove some # context, or pick a model with a larger window.`;
      session.notice('error', 'limit', m);
      return end('failed', m);
    }
    request = { ...request, messages: fitted.messages };

    // ── budget and token limits, before anything is charged ──
    const check = await deps.ledger.checkCall(session.id, request, spec.entry, agent);
    if (!check.ok) {
      session.notice('error', 'budget', check.message);
      return end('budget', check.message);
    }
    if (tokensUsed + check.estimate.inputTokens > limits.maxTokensPerRequest) {
      const m = `Paused: this request has used about ${tokensUsed} tokens, and the next call would pass agent.loop.maxTokensPerRequest (${limits.maxTokensPerRequest}). Continue to let the agent go on.`;
      session.notice('warning', 'limit', m, true);
      return end('limit', m);
    }

    // ── the model call ──
    const entry: AssistantEntry = { type: 'assistant', id: newId('a'), at: Date.now(), requestId: spec.requestId, text: '', toolCalls: [], modelId: spec.entry.id, status: 'streaming', stopReason: null, retries: 0 };
    session.upsert(entry);
    session.patchRun({ phase: 'waiting', model: spec.pick });
    calls++;
    followUp = undefined;
    const turn: AssistantTurn = await streamTurn(provider, request, entry, session, signal);
    session.patchRun({ retry: undefined });

    if (turn.usage.inputTokens || turn.usage.outputTokens) {
      const rec = await deps.ledger.record({ sessionId: session.id, messageId: entry.id, entry: spec.entry, usage: turn.usage });
      entry.usage = turn.usage;
      entry.cost = rec.cost;
      cost += rec.cost;
      tokensUsed += turn.usage.inputTokens + turn.usage.outputTokens + turn.usage.cacheReadTokens + turn.usage.cacheWriteTokens;
    }
    entry.stopReason = turn.stopReason;
    lastText = entry.text;
    // Tool calls still being written when the stream ended have no complete input: drop them.
    const complete = new Set(turn.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : [])));
    const invalid = new Map(turn.invalidToolUses.map((t) => [t.id, t]));
    entry.toolCalls = entry.toolCalls.filter((c) => complete.has(c.id) || invalid.has(c.id));

    if (turn.error) {
      entry.error = turn.error;
      const has = entry.text.trim().length > 0 || entry.toolCalls.length > 0;
      const notRun = (result: string, status: ToolCallRecord['status']) => {
        entry.toolCalls = entry.toolCalls.map((c) => ({ ...c, status, result, isError: true, endedAt: Date.now() }));
      };
      if (turn.error.kind === 'aborted' || signal.aborted) {
        entry.status = 'stopped';
        notRun('Not run: the person stopped the turn.', 'stopped');
        if (!has) delete entry.error;
        session.upsert(entry);
        return stopped();
      }
      if (turn.error.kind === 'context_too_long' && !compactedThisRequest && !has) {
        // The provider counted more than our estimate: summarise and try once more.
        session.replaceEntries(session.data.entries.filter((e) => e.id !== entry.id));
        forceCompaction = true;
        calls--;
        continue;
      }
      entry.status = has ? 'partial' : 'failed';
      notRun(STREAMING_NOT_RUN, 'failed');
      session.upsert(entry);
      return end('failed', turn.error.message);
    }

    entry.status = 'complete';
    session.upsert(entry);

    // ── tool calls ──
    const uses = turn.content.flatMap((b) => (b.type === 'tool_use' ? [b] : []));
    if (!uses.length && !invalid.size) {
      if (turn.stopReason === 'max_tokens') {
        const m = `The answer reached the model's output limit (${spec.entry.maxOutputTokens} tokens) and was cut. Continue to let it go on.`;
        session.notice('warning', 'limit', m, true);
        return end('limit', m);
      }
      return end('done');
    }
    let malformedThisTurn = 0;
    // Calls in the order the model made them; malformed ones answered with an error.
    const order = entry.toolCalls.map((c) => c.id);
    for (const id of order) {
      const bad = invalid.get(id);
      if (bad) {
        const record = invalidToolCall(bad, !!deps.tools.get(bad.name));
        session.tool(entry, record);
        await deps.gate.recordResult(id, { ok: false, summary: 'malformed tool call', error: record.result! }, { sessionId: session.id, actor: spec.actor }).catch(() => {});
        malformedThisTurn++;
        continue;
      }
      const use = uses.find((u) => u.id === id);
      if (!use) continue;
      if (signal.aborted) {
        session.tool(entry, { ...entry.toolCalls.find((c) => c.id === id)!, status: 'stopped', result: 'Not run: the person stopped the turn.', isError: true });
        continue;
      }
      session.patchRun({ phase: 'tool', toolCallId: id });
      const record = await executeToolCall(use, {
        tools: deps.tools,
        ...(offered ? { offered } : {}),
        ...(spec.guard ? { guard: spec.guard } : {}),
        gate: deps.gate,
        checkpoints: deps.checkpoints,
        context: { ...deps.toolContext, sessionId: session.id, signal, limits },
        actor: spec.actor,
        turn: spec.turn,
        ...(spec.taskId ? { taskId: spec.taskId } : {}),
        update: (call) => {
          session.tool(entry, call);
          if (call.status === 'pending_approval') session.patchRun({ phase: 'approval', toolCallId: id });
          else if (session.run?.phase === 'approval') session.patchRun({ phase: 'tool' });
        },
      });
      if (record.status === 'invalid') malformedThisTurn++;
    }
    await session.save();
    if (signal.aborted) return stopped();
    malformedStreak = malformedThisTurn === order.length ? malformedStreak + 1 : 0;
    if (malformedStreak >= limits.maxToolErrors) {
      const m = `Stopped: the model made malformed tool calls ${malformedStreak} times in a row (agent.loop.maxToolErrors). Retry, or rephrase the request.`;
      session.notice('error', 'limit', m, true);
      return end('failed', m);
    }
  }
}
