import { z } from 'zod';
import { ProviderErrorInfo, StopReason, Usage } from './stream';

/**
 * An agent session as it is kept on disk and shown in the chat: a list of entries. What the
 * model is sent is derived from the entries (`toModelMessages`), so compaction summaries,
 * notices and restores never lose what the person saw.
 */

/** A `#` item attached to a message: `#file src/a.ts`, `#terminal`, `#url https://…`. */
export const ContextRef = z.object({
  /** The provider: `file`, `folder`, `codebase`, `terminal`, `problems`, `git-diff`, `url`, `spec`, `steering`, `mcp`, … */
  kind: z.string().min(1).max(64),
  /** Its argument: a path, a query, a URL, a name. */
  arg: z.string().max(8192).optional(),
  /** The chip's text, e.g. `#file src/a.ts`. */
  label: z.string().max(8192),
  /** Content the renderer resolved itself (`#problems`: Monaco's markers). */
  text: z.string().max(1_000_000).optional(),
});
export type ContextRef = z.infer<typeof ContextRef>;

/** What a `#` item became when the message was sent. */
export const ResolvedContextInfo = z.object({
  label: z.string(),
  title: z.string(),
  tokens: z.number().int().nonnegative(),
  truncated: z.boolean().default(false),
  /** Why it could not be added (the message was still sent, and says so to the model). */
  error: z.string().optional(),
});
export type ResolvedContextInfo = z.infer<typeof ResolvedContextInfo>;

/** Where a request comes from: the `auto` model and the checkpoints' labels use it. */
export const RequestSource = z.enum(['chat', 'spec', 'task', 'hook']);
export type RequestSource = z.infer<typeof RequestSource>;

export const ModelPick = z.object({
  /** The catalog entry's id. */
  id: z.string(),
  label: z.string(),
  /** Chosen by `auto`, with the rule's reason. */
  auto: z.boolean(),
  reason: z.string(),
});
export type ModelPick = z.infer<typeof ModelPick>;

export const UserEntry = z.object({
  type: z.literal('user'),
  id: z.string(),
  at: z.number(),
  /** What the person typed. */
  text: z.string(),
  context: z.array(ContextRef).default([]),
  resolved: z.array(ResolvedContextInfo).default([]),
  /** The `#` context as the model reads it (prepended to the text). */
  contextText: z.string().default(''),
  source: RequestSource.default('chat'),
  model: ModelPick.optional(),
  /** "Steering: tech.md (always), api.md (matched src/api/x.ts)". */
  steering: z.string().optional(),
  /** The checkpoint taken before this request ran. */
  checkpointId: z.string().optional(),
});
export type UserEntry = z.infer<typeof UserEntry>;

export const ToolCategory = z.enum(['read', 'write', 'shell', 'web', 'mcp', 'other']);
export type ToolCategory = z.infer<typeof ToolCategory>;

export const ToolCallStatus = z.enum([
  /** The model is still writing its input. */
  'preparing',
  'pending_approval',
  'running',
  'done',
  'failed',
  /** The policy or the person refused it. */
  'denied',
  /** Stopped by the person (or never started because the turn was stopped). */
  'stopped',
  /** Malformed: bad JSON, an unknown tool, input that does not match the schema. */
  'invalid',
]);
export type ToolCallStatus = z.infer<typeof ToolCallStatus>;

export const FileChange = z.object({
  path: z.string(),
  change: z.enum(['create', 'edit', 'delete']),
  added: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  /** The change as a unified diff (cut when very long), for the chat's "View diff". */
  patch: z.string().optional(),
});
export type FileChange = z.infer<typeof FileChange>;

export const ToolProgress = z.object({ progress: z.number(), total: z.number().optional(), message: z.string().optional() });
export type ToolProgress = z.infer<typeof ToolProgress>;

export const ToolMedia = z.object({ type: z.literal('image'), mimeType: z.string(), data: z.string() });
export type ToolMedia = z.infer<typeof ToolMedia>;

export const ToolCallRecord = z.object({
  /** The model's tool-use id. */
  id: z.string(),
  name: z.string(),
  category: ToolCategory,
  input: z.record(z.string(), z.unknown()),
  /** The text the model sent when it did not parse. */
  rawInput: z.string().optional(),
  status: ToolCallStatus,
  /** What the model was given back. */
  result: z.string().optional(),
  isError: z.boolean().default(false),
  /** One line for the card: "Exit code 1", "3 matches", "+4 −1". */
  summary: z.string().optional(),
  /** The policy's decision, when it was asked. */
  decision: z.object({ verdict: z.enum(['allow', 'ask', 'deny']), reasons: z.array(z.string()), by: z.string().optional() }).optional(),
  /** The checkpoint taken before this call (mutating tools). */
  checkpointId: z.string().optional(),
  file: FileChange.optional(),
  exitCode: z.number().int().nullable().optional(),
  /** What the tool reports while it runs (an MCP server's progress notifications). */
  progress: ToolProgress.optional(),
  /** Images from the result (MCP tools), shown in the card; the model reads a one-line description of each. */
  media: z.array(ToolMedia).optional(),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
});
export type ToolCallRecord = z.infer<typeof ToolCallRecord>;

export const AssistantStatus = z.enum([
  'streaming',
  'complete',
  /** The stream was cut after part of the answer: kept and marked; Retry continues. */
  'partial',
  /** Stopped by the person. */
  'stopped',
  /** Failed before anything useful arrived. */
  'failed',
  /** The host went away while this was streaming (found on restart). */
  'interrupted',
]);
export type AssistantStatus = z.infer<typeof AssistantStatus>;

export const AssistantEntry = z.object({
  type: z.literal('assistant'),
  id: z.string(),
  at: z.number(),
  /** The user entry this answers. */
  requestId: z.string(),
  text: z.string().default(''),
  toolCalls: z.array(ToolCallRecord).default([]),
  modelId: z.string(),
  status: AssistantStatus,
  stopReason: StopReason.nullable().default(null),
  error: ProviderErrorInfo.optional(),
  usage: Usage.optional(),
  /** Currency units. */
  cost: z.number().nonnegative().optional(),
  retries: z.number().int().nonnegative().default(0),
});
export type AssistantEntry = z.infer<typeof AssistantEntry>;

export const NoticeKind = z.enum(['stopped', 'limit', 'budget', 'error', 'compaction', 'restore', 'info']);
export type NoticeKind = z.infer<typeof NoticeKind>;

export const NoticeEntry = z.object({
  type: z.literal('notice'),
  id: z.string(),
  at: z.number(),
  level: z.enum(['info', 'warning', 'error']),
  kind: NoticeKind,
  message: z.string(),
  /** Offer Retry (or Continue) under it. */
  retryable: z.boolean().default(false),
});
export type NoticeEntry = z.infer<typeof NoticeEntry>;

/** Older entries summarised to fit the window: they stay in the session (and the chat), the model reads the summary instead. */
export const SummaryEntry = z.object({
  type: z.literal('summary'),
  id: z.string(),
  at: z.number(),
  /** The last entry the summary stands for. */
  upTo: z.string(),
  covered: z.number().int().nonnegative(),
  text: z.string(),
  tokensBefore: z.number().int().nonnegative(),
  tokensAfter: z.number().int().nonnegative(),
});
export type SummaryEntry = z.infer<typeof SummaryEntry>;

export const SessionEntry = z.discriminatedUnion('type', [UserEntry, AssistantEntry, NoticeEntry, SummaryEntry]);
export type SessionEntry = z.infer<typeof SessionEntry>;

export const SessionKind = z.enum(['chat', 'spec', 'task', 'hook']);
export type SessionKind = z.infer<typeof SessionKind>;

export const AgentSession = z.object({
  version: z.literal(1).default(1),
  id: z.string(),
  title: z.string(),
  kind: SessionKind.default('chat'),
  /** Set for sessions started by something other than the chat: the hook's name, the spec task. */
  origin: z.string().optional(),
  taskId: z.string().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** `auto` or a catalog entry id: the picker's choice for this session. */
  model: z.string().default('auto'),
  entries: z.array(SessionEntry).default([]),
});
export type AgentSession = z.infer<typeof AgentSession>;

export const SessionSummary = z.object({
  id: z.string(),
  title: z.string(),
  kind: SessionKind,
  origin: z.string().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  messages: z.number().int(),
  running: z.boolean(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const summarize = (s: AgentSession, running: boolean): SessionSummary => ({
  id: s.id,
  title: s.title,
  kind: s.kind,
  ...(s.origin ? { origin: s.origin } : {}),
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  messages: s.entries.filter((e) => e.type === 'user' || e.type === 'assistant').length,
  running,
});

/** Checkpoint ids a session refers to, newest last. */
export const checkpointIdsOf = (s: Pick<AgentSession, 'entries'>): string[] =>
  s.entries.flatMap((e) => (e.type === 'user' ? (e.checkpointId ? [e.checkpointId] : []) : e.type === 'assistant' ? e.toolCalls.flatMap((c) => (c.checkpointId ? [c.checkpointId] : [])) : []));

/** A title from the first message: its first line, cut to a readable length. */
export function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0]!.replace(/\s+/g, ' ');
  if (!line) return 'New session';
  return line.length > 60 ? `${line.slice(0, 57)}…` : line;
}
