import { z } from 'zod';

/**
 * Everything the agent (and hooks, MCP, the spec runner) may ask the policy about. The
 * schemas double as the wire format of the policy contract.
 */
export const ReadAction = z.object({ kind: z.literal('read'), path: z.string().min(1).max(4096) });
export const WriteAction = z.object({
  kind: z.literal('write'),
  path: z.string().min(1).max(4096),
  /** Current text, or null for a new file. */
  before: z.string().nullable(),
  after: z.string(),
});
export const DeleteAction = z.object({ kind: z.literal('delete'), path: z.string().min(1).max(4096) });
export const CommandAction = z.object({
  kind: z.literal('command'),
  command: z.string().max(256 * 1024),
  /** Working directory: relative to the workspace root, or absolute. Default: the root. */
  cwd: z.string().max(4096).optional(),
});
export const FetchAction = z.object({ kind: z.literal('fetch'), url: z.string().max(8192), method: z.string().max(16).optional() });
export const McpAction = z.object({
  kind: z.literal('mcp'),
  server: z.string().min(1).max(200),
  tool: z.string().min(1).max(200),
  input: z.unknown(),
  /** The server's `autoApprove` list in mcp.json names this tool (or `*`). */
  autoApproved: z.boolean().optional(),
});

export const PolicyAction = z.discriminatedUnion('kind', [ReadAction, WriteAction, DeleteAction, CommandAction, FetchAction, McpAction]);
export type PolicyAction = z.infer<typeof PolicyAction>;
export type ActionKind = PolicyAction['kind'];

export const Mode = z.enum(['autopilot', 'supervised']);
export type Mode = z.infer<typeof Mode>;

export const Verdict = z.enum(['allow', 'ask', 'deny']);
export type Verdict = z.infer<typeof Verdict>;

export const RiskLevelSchema = z.enum(['low', 'medium', 'high']);
export const RiskSchema = z.object({ level: RiskLevelSchema, reasons: z.array(z.string()), high: z.array(z.string()) });

export const BlockerSchema = z.object({ kind: z.string(), message: z.string(), start: z.number(), end: z.number() });

export const CommandSegmentSchema = z.object({
  start: z.number(),
  end: z.number(),
  text: z.string(),
  /** The words as bash will see them, when they can be known. */
  argv: z.array(z.string()).nullable(),
  /** The trust rule that matches this command, if any. */
  rule: z.string().nullable(),
  nested: z.boolean(),
});

export const CommandFactsSchema = z.object({
  segments: z.array(CommandSegmentSchema),
  blockers: z.array(BlockerSchema),
  operators: z.array(z.object({ op: z.string(), start: z.number(), end: z.number() })),
  /** Rules that would trust the commands no rule trusts yet (exact first, then `base *`). */
  suggestions: z.array(z.string()),
  /** Every command matches a rule and nothing is outside the allowed structure. */
  trusted: z.boolean(),
});
export type CommandFacts = z.infer<typeof CommandFactsSchema>;

export const DecisionSchema = z.object({
  verdict: Verdict,
  /** Why, in plain words, most important first. */
  reasons: z.array(z.string()),
  /** The rule that decided: a trust rule, a guardrail entry, a protected path, the mode. */
  rule: z.string().optional(),
  risk: RiskSchema,
  mode: Mode,
  command: CommandFactsSchema.optional(),
});
export type Decision = z.infer<typeof DecisionSchema>;
