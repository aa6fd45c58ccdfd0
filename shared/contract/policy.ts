import { z } from 'zod';
import { DecisionSchema, Mode, PolicyAction } from '../policy/actions';
import { method, stream } from '../rpc/define';
import { Empty } from './common';

/** The permission delta of a JSON policy document, for the approval prompt. */
export const PermissionDeltaView = z.object({
  added: z.array(z.object({ effect: z.string(), actions: z.array(z.string()), resources: z.array(z.string()), principals: z.array(z.string()), negated: z.boolean() })),
  removed: z.array(z.object({ effect: z.string(), actions: z.array(z.string()), resources: z.array(z.string()), principals: z.array(z.string()), negated: z.boolean() })),
  wildcards: z.array(z.string()),
});

/** What the approval prompt shows, prepared by the host (diffs, permission deltas, parsed segments). */
export const ApprovalView = z.object({
  /** One line: the command, `Edit src/a.ts`, `Fetch https://…`, `MCP docs/search`. */
  title: z.string(),
  command: z.object({ line: z.string(), cwd: z.string() }).optional(),
  file: z
    .object({
      path: z.string(),
      change: z.enum(['create', 'edit', 'delete']),
      patch: z.string(),
      added: z.number(),
      removed: z.number(),
      /** The patch was cut to keep the prompt responsive; `added`/`removed` still count everything. */
      truncated: z.boolean(),
      permissionDelta: PermissionDeltaView.nullable(),
    })
    .optional(),
  fetch: z.object({ url: z.string(), method: z.string() }).optional(),
  mcp: z.object({ server: z.string(), tool: z.string(), input: z.string() }).optional(),
});
export type ApprovalView = z.infer<typeof ApprovalView>;

export const PendingApproval = z.object({
  /** The tool call's id: the agent's gate waits on it. */
  id: z.string(),
  sessionId: z.string(),
  actor: z.string(),
  createdAt: z.number(),
  mode: Mode,
  kind: z.enum(['read', 'write', 'delete', 'command', 'fetch', 'mcp']),
  decision: DecisionSchema,
  view: ApprovalView,
});
export type PendingApproval = z.infer<typeof PendingApproval>;

export const ApprovalAnswer = z.enum(['approve', 'reject', 'runAndTrust']);
export type ApprovalAnswer = z.infer<typeof ApprovalAnswer>;

export const TrustScope = z.enum(['workspace', 'user']);
export type TrustScope = z.infer<typeof TrustScope>;

export const PolicyStatus = z.object({
  mode: Mode,
  trustRules: z.array(z.object({ pattern: z.string(), scope: z.enum(['user', 'workspace', 'cli']) })),
  /** Problems with settings files, rules or `.kiro/kiro.json`, in words. */
  diagnostics: z.array(z.object({ severity: z.enum(['error', 'warning']), source: z.string(), message: z.string() })),
  guardrails: z.object({
    file: z.string(),
    exists: z.boolean(),
    intact: z.boolean(),
    deny: z.object({ actions: z.array(z.string()), resources: z.array(z.string()), patterns: z.array(z.string()) }),
    requireApproval: z.object({ files: z.array(z.string()), patterns: z.array(z.string()) }),
  }),
  pending: z.number(),
});
export type PolicyStatus = z.infer<typeof PolicyStatus>;

export const policyContract = {
  /** Pending approvals of this connection's workspace: the full list now and after every change. */
  'policy.approvals': stream(Empty, z.object({ pending: z.array(PendingApproval) })),
  'policy.respond': method(
    z.object({
      id: z.string().min(1).max(200),
      answer: ApprovalAnswer,
      /** For `runAndTrust`: the rule to add (one of the decision's suggestions) and where. */
      trust: z.object({ rule: z.string().min(1).max(1000), scope: TrustScope }).optional(),
    }),
    z.object({ trustAdded: z.string().nullable() }),
  ),
  /** Decides a command line without running it, as `specwright policy check` does. */
  'policy.check': method(
    z.object({
      command: z.string().max(256 * 1024),
      cwd: z.string().max(4096).optional(),
      /** Use these rules instead of the configured ones. */
      trust: z.array(z.string().max(1000)).max(500).optional(),
      mode: Mode.optional(),
    }),
    DecisionSchema,
  ),
  /** Decides any action without running or recording it (for previews, the spec runner's pre-checks). */
  'policy.evaluate': method(z.object({ action: PolicyAction }), DecisionSchema),
  'policy.status': method(Empty, PolicyStatus),
  'policy.statusChanges': stream(Empty, PolicyStatus),
};
