import { z } from 'zod';
import { AgentSession, ContextRef, ModelPick, SessionEntry, SessionSummary, ToolCallRecord, ToolCategory } from '../agent/session';
import { ProviderErrorKind, Usage } from '../agent/stream';
import { method, stream } from '../rpc/define';
import { AutoRule, ModelEntry } from '../settings/agent';
import { Empty } from './common';

/** What a running request is doing right now (null when the session is idle). */
export const RunState = z.object({
  requestId: z.string(),
  phase: z.enum(['context', 'compacting', 'waiting', 'streaming', 'tool', 'approval', 'retrying', 'stopping']),
  since: z.number(),
  model: ModelPick.optional(),
  /** A throttled or failing call that will be tried again at `retryAt` (epoch ms): the chat shows a countdown. */
  retry: z
    .object({
      attempt: z.number().int(),
      maxAttempts: z.number().int(),
      retryAt: z.number(),
      delayMs: z.number(),
      reason: ProviderErrorKind,
      message: z.string(),
    })
    .optional(),
  /** The tool call being run or waiting for approval. */
  toolCallId: z.string().optional(),
});
export type RunState = z.infer<typeof RunState>;

export const AgentEvent = z.discriminatedUnion('type', [
  /** The whole session: first event of a subscription, and after a restore truncated it. */
  z.object({ type: z.literal('snapshot'), session: AgentSession, run: RunState.nullable() }),
  /** An entry was added, or replaced (same id). */
  z.object({ type: z.literal('entry'), entry: SessionEntry }),
  /** Text streamed into an assistant entry. `at`: when it left the host (epoch ms). */
  z.object({ type: z.literal('delta'), entryId: z.string(), text: z.string(), at: z.number() }),
  /** A tool call of an assistant entry was added or changed. */
  z.object({ type: z.literal('tool'), entryId: z.string(), call: ToolCallRecord }),
  z.object({ type: z.literal('run'), run: RunState.nullable() }),
]);
export type AgentEvent = z.infer<typeof AgentEvent>;

export const UsageTotalView = z.object({ usage: Usage, cost: z.number(), calls: z.number().int() });
export type UsageTotalView = z.infer<typeof UsageTotalView>;

export const UsageView = z.object({
  session: UsageTotalView,
  day: UsageTotalView,
  month: UsageTotalView,
  /** The last 14 days, oldest first, for the chart. */
  days: z.array(z.object({ date: z.string(), cost: z.number(), calls: z.number().int() })),
  display: z.object({ display: z.enum(['currency', 'credits']), currency: z.string(), currencyPerCredit: z.number() }),
  budgets: z.object({ session: z.number().nullable(), day: z.number().nullable(), month: z.number().nullable() }),
});
export type UsageView = z.infer<typeof UsageView>;

export const ContextProviderInfo = z.object({
  /** `file`, `folder`, `codebase`, `terminal`, `problems`, `git-diff`, `url`, `spec`, `steering`, `mcp`, … */
  id: z.string(),
  /** What follows `#` in the message box: `file`, `git diff`. */
  label: z.string(),
  description: z.string(),
  /** What the item needs: nothing, a file or folder path, a search query, a URL, or one of the provider's choices. */
  argument: z.enum(['none', 'file', 'folder', 'query', 'url', 'choice']),
  /** Resolved in the renderer (`#problems`: Monaco's markers) rather than by the host. */
  renderer: z.boolean().default(false),
  /** Registered but has nothing to offer yet (e.g. `#spec` before the specs feature registers it). */
  available: z.boolean().default(true),
  unavailableReason: z.string().optional(),
});
export type ContextProviderInfo = z.infer<typeof ContextProviderInfo>;

const SessionId = z.string().min(1).max(200);

export const agentContract = {
  'agent.sessions': method(Empty, z.object({ sessions: z.array(SessionSummary) })),
  /** The session list now and after every change (new, renamed, deleted, running or idle). */
  'agent.sessionList': stream(Empty, z.object({ sessions: z.array(SessionSummary) })),
  'agent.session': method(z.object({ id: SessionId }), z.object({ session: AgentSession, run: RunState.nullable() })),
  'agent.createSession': method(z.object({ title: z.string().max(200).optional(), model: z.string().max(200).optional() }), SessionSummary),
  'agent.renameSession': method(z.object({ id: SessionId, title: z.string().trim().min(1).max(200) }), SessionSummary),
  'agent.deleteSession': method(z.object({ id: SessionId }), Empty),
  /** The session as Markdown, for saving or sharing. */
  'agent.exportSession': method(z.object({ id: SessionId }), z.object({ markdown: z.string(), fileName: z.string() })),
  /** The picker's choice for a session: `auto` or a catalog entry id. */
  'agent.setModel': method(z.object({ id: SessionId, model: z.string().min(1).max(200) }), Empty),
  /** Starts a request; the answer streams on `agent.events`. Refused while the session is running. */
  'agent.send': method(
    z.object({
      sessionId: SessionId,
      text: z.string().max(200_000),
      context: z.array(ContextRef).max(50).default([]),
      model: z.string().max(200).optional(),
    }),
    z.object({ requestId: z.string() }),
  ),
  /** Stops the running request: the stream is aborted, a running command killed, a pending approval cancelled. */
  'agent.stop': method(z.object({ sessionId: SessionId }), z.object({ stopped: z.boolean() })),
  /** Tries the last request again (after an error), or continues a cut or stopped answer. */
  'agent.retry': method(z.object({ sessionId: SessionId }), z.object({ requestId: z.string() })),
  /** Puts back the messages a summary stands for, so the model reads them in full again. */
  'agent.uncompact': method(z.object({ sessionId: SessionId, summaryId: z.string() }), Empty),
  'agent.events': stream(z.object({ sessionId: SessionId }), AgentEvent),
  /** The model catalog, the `auto` rule (so the chat can show where `auto` will send a message) and a local Ollama if one answers. */
  'agent.models': method(
    Empty,
    z.object({
      model: z.string(),
      models: z.array(ModelEntry),
      auto: AutoRule,
      options: z.array(z.object({ id: z.string(), label: z.string(), detail: z.string() })),
      ollama: z.object({ baseUrl: z.string(), models: z.array(z.string()) }).nullable(),
    }),
  ),
  'agent.usage': method(z.object({ sessionId: SessionId.optional() }), UsageView),
  'agent.contextProviders': method(Empty, z.object({ providers: z.array(ContextProviderInfo) })),
  /** Choices for a `#` provider's argument (files, folders, specs, steering files, …), best first. */
  'agent.contextSuggest': method(
    z.object({ provider: z.string().max(64), query: z.string().max(1000).default('') }),
    z.object({ items: z.array(z.object({ value: z.string(), label: z.string(), detail: z.string().optional() })) }),
  ),
  /** The tools the model is offered, with their stable names and categories. */
  'agent.tools': method(Empty, z.object({ tools: z.array(z.object({ name: z.string(), category: ToolCategory, description: z.string() })) })),
};

export type AgentContract = typeof agentContract;
