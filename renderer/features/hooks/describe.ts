import type { HookRun, HookTriggerName, HookView } from '../../../shared/contract/hooks';

/** Triggers in words, in the order the form offers them (the file name in the hook stays the raw one). */
export const TRIGGER_LABEL: Record<HookTriggerName, string> = {
  fileEdited: 'File saved',
  fileCreated: 'File created',
  fileDeleted: 'File deleted',
  userTriggered: 'Run by hand',
  promptSubmit: 'Message sent',
  agentStop: 'Agent finished',
  preToolUse: 'Before a tool call',
  postToolUse: 'After a tool call',
  preTaskExecution: 'Before a spec task',
  postTaskExecution: 'After a spec task',
  sessionStart: 'Session started',
};

export const FILE_TRIGGERS: ReadonlySet<HookTriggerName> = new Set(['fileEdited', 'fileCreated', 'fileDeleted']);
export const TOOL_TRIGGERS: ReadonlySet<HookTriggerName> = new Set(['preToolUse', 'postToolUse']);

/** What the hook listens to, beyond the trigger: its globs, its v1 matcher or its tool types. */
export function hookScope(h: HookView): string | null {
  if (h.matcher) return `matching /${h.matcher}/`;
  if (FILE_TRIGGERS.has(h.trigger) || (h.trigger === 'userTriggered' && h.patterns.length)) return h.patterns.join(', ') || null;
  if (TOOL_TRIGGERS.has(h.trigger)) return h.toolTypes.join(', ') || null;
  return null;
}

export const STATUS_LABEL: Record<HookRun['status'], string> = {
  queued: 'Queued',
  running: 'Running',
  ok: 'OK',
  blocked: 'Blocked',
  warning: 'Warning',
  denied: 'Denied',
  skipped: 'Skipped',
};

export function duration(ms: number | null): string {
  if (ms === null) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** What set the run off: the files, the tool, or nothing worth saying. */
export function runCause(r: HookRun): string {
  if (r.tool) return r.tool + (r.paths.length ? ` ${r.paths[0]}` : '');
  if (!r.paths.length) return '';
  return r.paths.length === 1 ? r.paths[0]! : `${r.paths[0]} and ${r.paths.length - 1} more`;
}
