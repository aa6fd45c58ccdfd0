import { z } from 'zod';
import { method, stream } from '../rpc/define';
import { Empty } from './common';

/**
 * The hooks panel's view of `.kiro/hooks/` and `~/.kiro/hooks/`: every hook with its
 * trigger and action, every file with its diagnostics, and the last runs with their output.
 */

export const HookTriggerName = z.enum(['fileEdited', 'fileCreated', 'fileDeleted', 'userTriggered', 'promptSubmit', 'agentStop', 'preToolUse', 'postToolUse', 'preTaskExecution', 'postTaskExecution', 'sessionStart']);
export type HookTriggerName = z.infer<typeof HookTriggerName>;

export const Diagnostic = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
  line: z.number(),
  column: z.number(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

export const HookView = z.object({
  /** `<file as displayed>#<index>`: stable while the file keeps its name. */
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  scope: z.enum(['workspace', 'user']),
  /** `.kiro/hooks/lint.kiro.hook`, `~/.kiro/hooks/team.json`. */
  file: z.string(),
  format: z.enum(['kiro-hook', 'v1-json']),
  trigger: HookTriggerName,
  /** As written: `fileEdited`, `PostFileSave`. */
  rawTrigger: z.string(),
  patterns: z.array(z.string()),
  matcher: z.string().nullable(),
  toolTypes: z.array(z.string()),
  action: z.discriminatedUnion('type', [z.object({ type: z.literal('askAgent'), prompt: z.string() }), z.object({ type: z.literal('runCommand'), command: z.string() })]),
  timeoutSeconds: z.number().nullable(),
  enabled: z.boolean(),
  blockable: z.boolean(),
});
export type HookView = z.infer<typeof HookView>;

export const HookFileView = z.object({
  file: z.string(),
  scope: z.enum(['workspace', 'user']),
  format: z.enum(['kiro-hook', 'v1-json', 'unknown']),
  hooks: z.number(),
  invalid: z.array(z.object({ index: z.number(), name: z.string().nullable(), reason: z.string() })),
  diagnostics: z.array(Diagnostic),
  shadowedBy: z.string().nullable(),
});
export type HookFileView = z.infer<typeof HookFileView>;

export const HookRunStatus = z.enum([
  /** Waiting for a free slot (hooks.maxConcurrent) or for the hook's previous run. */
  'queued',
  'running',
  /** Exit code 0, or the agent finished. */
  'ok',
  /** Exit code 2 on a blockable trigger: the event did not happen. */
  'blocked',
  /** Any other failure: a non-zero exit, a timeout, an agent session that failed. */
  'warning',
  /** The policy (or the person) refused the command. */
  'denied',
  /** Not run: the chain of hooks triggering hooks reached hooks.maxDepth. */
  'skipped',
]);
export type HookRunStatus = z.infer<typeof HookRunStatus>;

export const HookRun = z.object({
  id: z.string(),
  hookId: z.string(),
  hookName: z.string(),
  trigger: HookTriggerName,
  action: z.enum(['askAgent', 'runCommand']),
  status: HookRunStatus,
  queuedAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  /** The files of the event (file triggers; the tool's path). */
  paths: z.array(z.string()),
  /** The tool (tool triggers). */
  tool: z.string().nullable(),
  exitCode: z.number().nullable(),
  stdout: z.string(),
  stderr: z.string(),
  /** The outcome in words: "Exit code 2: blocked write_file", "Timed out after 60 s". */
  message: z.string(),
  /** The background agent session (askAgent). */
  sessionId: z.string().nullable(),
  /** 1 for an event from a person or the disk; 2 for one a hook caused; … */
  depth: z.number(),
});
export type HookRun = z.infer<typeof HookRun>;

export const HooksState = z.object({
  hooks: z.array(HookView),
  files: z.array(HookFileView),
  /** Newest first. */
  runs: z.array(HookRun),
  /** hooks.enabled is off. */
  disabled: z.boolean(),
});
export type HooksState = z.infer<typeof HooksState>;

export const HookEventView = z.discriminatedUnion('type', [
  /** Hooks or files changed (reload, switch, create): fetch `hooks.state` again. */
  z.object({ type: z.literal('changed') }),
  z.object({ type: z.literal('run'), run: HookRun }),
  /** Something the person should see now (a failed hook, a chain stopped at the depth limit). */
  z.object({ type: z.literal('notice'), level: z.enum(['info', 'warning', 'error']), message: z.string(), hookId: z.string().nullable() }),
]);
export type HookEventView = z.infer<typeof HookEventView>;

/** What the create form sends: written as an older-format `.kiro/hooks/<file>.kiro.hook`. */
export const NewHook = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  trigger: HookTriggerName.exclude(['sessionStart']),
  patterns: z.array(z.string().trim().min(1).max(500)).max(50).default([]),
  toolTypes: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  action: z.discriminatedUnion('type', [z.object({ type: z.literal('askAgent'), prompt: z.string().trim().min(1).max(20_000) }), z.object({ type: z.literal('runCommand'), command: z.string().trim().min(1).max(20_000), timeout: z.number().positive().max(86_400).optional() })]),
});
export type NewHook = z.infer<typeof NewHook>;

export const HookTemplateView = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  /** Files it writes, and whether each exists already. */
  files: z.array(z.object({ path: z.string(), exists: z.boolean() })),
});
export type HookTemplateView = z.infer<typeof HookTemplateView>;

export const hooksContract = {
  'hooks.state': method(Empty, HooksState),
  'hooks.events': stream(Empty, HookEventView),
  /** Switches a hook on or off: only its `enabled` flag changes on disk. */
  'hooks.setEnabled': method(z.object({ id: z.string().min(1).max(5000), enabled: z.boolean() }), Empty),
  /** Runs a `userTriggered` hook now. */
  'hooks.run': method(z.object({ id: z.string().min(1).max(5000) }), z.object({ runId: z.string() })),
  'hooks.create': method(NewHook, z.object({ path: z.string() })),
  'hooks.templates': method(Empty, z.object({ templates: z.array(HookTemplateView) })),
  'hooks.addTemplate': method(z.object({ id: z.string().min(1).max(100) }), z.object({ paths: z.array(z.string()) })),
};
