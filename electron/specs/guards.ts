// The tool guards that make the phase gates and the runner's ownership of task state hold
// whatever the model says: each decides one tool call before the policy does.

import type { GuardrailHit } from '../../shared/policy/guardrails';
import { parseTasks } from '../../shared/kiro/tasks';
import { SIDECAR_FILE } from './sidecar';
import type { ToolGuard } from './agent-port';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/** Approvals are a person's: no agent writes or deletes a spec's `.specwright.json`, in any session. */
export function sidecarRefusal(action: { kind: string; path?: string }): string | null {
  if ((action.kind === 'write' || action.kind === 'delete') && action.path && same(base(action.path), SIDECAR_FILE) && /(^|\/)\.kiro\/specs\//i.test(action.path)) {
    return `Refused: ${action.path} records which spec phases a person approved; only the person approves, on the board.`;
  }
  return null;
}

/**
 * During generation: the one document of the current phase may be written (after its text
 * passes the guardrails' deny rules); nothing else may be written, deleted or run.
 */
export function generationGuard(opts: {
  target: string;
  phaseTitle: string;
  checkText: (text: string, path: string) => Promise<GuardrailHit | null>;
  onViolation: (hit: GuardrailHit) => void;
}): ToolGuard {
  return async ({ action }) => {
    const s = sidecarRefusal(action);
    if (s) return s;
    switch (action.kind) {
      case 'read':
        return null;
      case 'write': {
        if (!same(action.path, opts.target)) {
          return `Refused: in the ${opts.phaseTitle} phase only ${opts.target} may be written. ${action.path} is not part of this phase; the next document is written only after a person approves this one.`;
        }
        const hit = await opts.checkText(action.after, action.path);
        if (hit) {
          opts.onViolation(hit);
          return `Refused by the workspace guardrails (${hit.rule}): ${hit.reason} The document was not saved; write it without that.`;
        }
        return null;
      }
      case 'delete':
        return `Refused: nothing is deleted while a spec document is generated (only ${opts.target} may be written).`;
      default:
        return `Refused: writing a spec document runs no commands, fetches and tools (only reading the workspace and writing ${opts.target}).`;
    }
  };
}

/**
 * During a task run: everything goes to the policy as usual, except changes to the
 * checkboxes of the spec's tasks.md — the runner writes those, not the model — and the sidecar.
 */
export function taskRunGuard(opts: { tasksPath: string }): ToolGuard {
  return ({ action }) => {
    const s = sidecarRefusal(action);
    if (s) return s;
    if (action.kind === 'delete' && same(action.path, opts.tasksPath)) return `Refused: ${opts.tasksPath} is the spec's task list; it is not deleted during a task run.`;
    if (action.kind !== 'write' || !same(action.path, opts.tasksPath)) return null;
    const changed = changedStates(action.before ?? '', action.after);
    if (!changed.length) return null;
    return `Refused: this edit changes the state of task${changed.length > 1 ? 's' : ''} ${changed.join(', ')} in ${opts.tasksPath}. The runner marks tasks in progress and done itself — done only after your turn ends and the task's verification passes. Leave the checkboxes as they are.`;
  };
}

/** Tasks whose checkbox differs between two texts of a tasks.md (by position, and by id where the list was re-ordered). */
export function changedStates(before: string, after: string): string[] {
  const a = parseTasks(before).tasks;
  const b = parseTasks(after).tasks;
  const out: string[] = [];
  const byId = new Map(a.filter((t) => t.id).map((t) => [t.id!, t] as const));
  b.forEach((t, i) => {
    const prev = (t.id ? byId.get(t.id) : undefined) ?? a[i];
    // A task the edit adds may come in unchecked; any other state change is the runner's to make.
    if (t.state !== (prev?.state ?? 'not-started')) out.push(t.id ?? `"${t.title}"`);
  });
  return out;
}
