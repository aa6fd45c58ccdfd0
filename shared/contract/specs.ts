import { z } from 'zod';
import { method, stream } from '../rpc/define';
import { Empty } from './common';

// The spec workflow between the board and the host: the cards (one per spec folder, its
// phase derived from the files and the recorded approvals), one spec opened, and the
// actions that move it — approve, reopen, generate, run tasks. Every phase change goes
// through `specs.approve` / `specs.reopen`; nothing the model does can call them.

/** Where a spec stands; the board's columns. */
export const SpecPhase = z.enum(['requirements', 'design', 'tasks', 'implementation', 'done']);
export type SpecPhase = z.infer<typeof SpecPhase>;
export const PHASE_TITLES: Record<SpecPhase, string> = { requirements: 'Requirements', design: 'Design', tasks: 'Tasks', implementation: 'Implementation', done: 'Done' };

/** The three documents of a spec; `requirements` is `bugfix.md` in a bugfix spec. */
export const SpecDocKey = z.enum(['requirements', 'design', 'tasks']);
export type SpecDocKey = z.infer<typeof SpecDocKey>;

/**
 * - `missing`: no file, or an empty one.
 * - `draft`: written, waiting for a person's approval.
 * - `approved`: a person approved it (recorded in `.specwright.json`).
 * - `inferred`: a folder Specwright has never managed (made by Kiro, or by hand) has a later
 *   document, so this one was evidently accepted; the first approval here records it.
 * - `skipped`: missing, but a later document exists (a quick spec without a design).
 * - `stale`: an earlier phase was reopened after this was written; kept, to be regenerated.
 */
export const DocStatus = z.enum(['missing', 'draft', 'approved', 'inferred', 'skipped', 'stale']);
export type DocStatus = z.infer<typeof DocStatus>;

export const SpecDocState = z.object({
  key: SpecDocKey,
  /** `requirements.md`, `bugfix.md`, `design.md`, `tasks.md`. */
  file: z.string(),
  status: DocStatus,
  /** The text changed since it was approved (sha256 differs from the recorded one). */
  changedSinceApproval: z.boolean(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
});
export type SpecDocState = z.infer<typeof SpecDocState>;

export const SpecActivity = z.object({
  kind: z.enum(['generating', 'running']),
  /** The document being written (generating). */
  doc: SpecDocKey.nullable(),
  /** Ids (or positions) of the tasks being run. */
  tasks: z.array(z.string()),
  since: z.number(),
  /** The agent session doing it, to open in the chat. */
  sessionId: z.string().nullable(),
});
export type SpecActivity = z.infer<typeof SpecActivity>;

export const SpecProblem = z.object({
  kind: z.enum(['guardrail', 'generation', 'verification', 'task', 'hook']),
  message: z.string(),
  /** The guardrail entry that refused, e.g. `guardrails.deny.patterns: "DROP DATABASE"`. */
  rule: z.string().nullable(),
  at: z.number(),
});
export type SpecProblem = z.infer<typeof SpecProblem>;

export const SpecCard = z.object({
  /** Workspace-relative path of the spec folder: the spec's handle in every call. */
  id: z.string(),
  /** The folder name. */
  name: z.string(),
  /** The package owning its `.kiro/` in a monorepo ('' for the workspace root). */
  owner: z.string(),
  type: z.enum(['feature', 'bugfix']),
  workflow: z.enum(['requirements-first', 'design-first']),
  /** Managed by Specwright (has `.specwright.json`); otherwise approvals are inferred from the files. */
  managed: z.boolean(),
  phase: SpecPhase,
  /** The documents in this spec's workflow order. */
  documents: z.array(SpecDocState),
  progress: z.object({ total: z.number(), done: z.number(), required: z.number(), requiredDone: z.number(), inProgress: z.number(), queued: z.number() }),
  ears: z.object({ criteria: z.number(), notEars: z.number(), warnings: z.number() }),
  trace: z.object({ checked: z.boolean(), uncovered: z.number(), dangling: z.number() }),
  diagnostics: z.object({ error: z.number(), warning: z.number(), info: z.number() }),
  activity: SpecActivity.nullable(),
  problem: SpecProblem.nullable(),
  description: z.string().nullable(),
});
export type SpecCard = z.infer<typeof SpecCard>;

export const SpecDiagnostic = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
  line: z.number(),
  column: z.number(),
  endLine: z.number(),
  endColumn: z.number(),
});

export const SpecFileView = z.object({
  key: SpecDocKey,
  file: z.string(),
  /** Workspace-relative path. */
  path: z.string(),
  /** Null when the file does not exist. */
  text: z.string().nullable(),
  diagnostics: z.array(SpecDiagnostic),
});
export type SpecFileView = z.infer<typeof SpecFileView>;

export const TaskRunInfo = z.object({
  status: z.enum(['queued', 'running', 'verifying', 'done', 'failed', 'verification-failed', 'stopped', 'blocked']),
  message: z.string().nullable(),
  /** The tail of the verification's output. */
  output: z.string().nullable(),
  command: z.string().nullable(),
  sessionId: z.string().nullable(),
  at: z.number(),
});
export type TaskRunInfo = z.infer<typeof TaskRunInfo>;

export const TaskView = z.object({
  /** Position in tasks.md: the stable handle. */
  index: z.number(),
  id: z.string().nullable(),
  title: z.string(),
  state: z.enum(['not-started', 'in-progress', 'done', 'queued']),
  optional: z.boolean(),
  depth: z.number(),
  line: z.number(),
  parent: z.number().nullable(),
  /** The verification command named in the task (`_Verify: …_`), if any. */
  verify: z.string().nullable(),
  lastRun: TaskRunInfo.nullable(),
});
export type TaskView = z.infer<typeof TaskView>;

export const MatrixView = z.object({
  rows: z.array(z.object({ requirementId: z.string(), title: z.string().nullable(), criteria: z.array(z.object({ id: z.string(), line: z.number(), text: z.string(), ears: z.string() })) })),
  columns: z.array(z.object({ taskIndex: z.number(), taskId: z.string().nullable(), title: z.string(), state: z.string(), optional: z.boolean(), traced: z.boolean() })),
  cells: z.array(z.object({ criterionId: z.string(), taskIndex: z.number(), via: z.string() })),
  uncovered: z.array(z.string()),
});
export type MatrixView = z.infer<typeof MatrixView>;

export const SpecDetail = z.object({
  card: SpecCard,
  files: z.array(SpecFileView),
  tasks: z.array(TaskView),
  matrix: MatrixView,
  mermaid: z.array(z.object({ line: z.number(), diagramType: z.string().nullable(), content: z.string() })),
  /** Why "Start task" is not possible now (phase not approved, a run under way), or null. */
  runBlocked: z.string().nullable(),
  /** "Run all tasks": how many at once by default (`specs.concurrency`) and at most (`specs.maxConcurrency`). */
  concurrency: z.object({ default: z.number(), max: z.number() }),
});
export type SpecDetail = z.infer<typeof SpecDetail>;

export const SpecRef = z.object({ spec: z.string().min(1).max(4096) });

export const NewSpec = z.object({
  /** The folder name: lower-case words joined by hyphens. */
  name: z.string().min(1).max(100),
  kind: z.enum(['feature', 'bugfix']).default('feature'),
  workflow: z.enum(['requirements-first', 'design-first']).default('requirements-first'),
  /** The person's description of the feature or the bug. */
  description: z.string().max(100_000).default(''),
  /** Generate all three documents without stopping for approvals. */
  quick: z.boolean().default(false),
  /** Start generating the first document at once (needs the agent). */
  generate: z.boolean().default(true),
  /** The monorepo package whose `.kiro/` holds it ('' for the workspace root). */
  owner: z.string().max(4096).default(''),
});
export type NewSpec = z.input<typeof NewSpec>;

export const specsContract = {
  /** Every spec of the workspace (nested `.kiro/` folders of a monorepo included), as board cards. */
  'specs.list': method(Empty, z.object({ cards: z.array(SpecCard), agent: z.object({ available: z.boolean(), reason: z.string().nullable() }) })),
  'specs.get': method(SpecRef, SpecDetail),
  'specs.create': method(NewSpec, SpecCard),
  /**
   * Approves the spec's current phase — only that one: `phase` must be the phase the spec is
   * in, so a stale board cannot approve twice. With `generateNext` the next document's
   * generation starts (needs the agent).
   */
  'specs.approve': method(SpecRef.extend({ phase: SpecPhase, generateNext: z.boolean().default(true) }), SpecCard),
  /** Reopens an earlier phase: its approval and every later one are withdrawn, later documents marked stale (not deleted). */
  'specs.reopen': method(SpecRef.extend({ phase: SpecDocKey }), SpecCard),
  /** (Re)generates the current phase's document; `instructions` carry the person's comments (refine). */
  'specs.generate': method(SpecRef.extend({ instructions: z.string().max(100_000).default('') }), SpecCard),
  'specs.stop': method(SpecRef, z.object({ stopped: z.boolean() })),
  'specs.startTask': method(SpecRef.extend({ task: z.number().int().nonnegative() }), z.object({ sessionId: z.string().nullable() })),
  'specs.runAll': method(SpecRef.extend({ concurrency: z.number().int().min(1).max(8).optional() }), z.object({ tasks: z.number(), waves: z.number(), concurrency: z.number() })),
  /** The board's cards after every change on disk or in a run (the whole list: cheap, and always true). */
  'specs.changed': stream(Empty, z.object({ cards: z.array(SpecCard), changed: z.array(z.string()) })),
};
