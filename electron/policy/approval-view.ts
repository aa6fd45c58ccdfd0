import type { ApprovalView } from '../../shared/contract/policy';
import type { PolicyAction } from '../../shared/policy/actions';
import { fileDiff } from '../../shared/policy/file-diff';
import { permissionDelta } from '../../shared/policy/permission-delta';
import { redactText, redactValue } from '../../shared/policy/redact';

/** Diffs past this size are cut in the prompt (the counts still cover the whole change). */
const MAX_PATCH_CHARS = 400_000;

/** What a person sees for an action: the exact command, or the diff, or the request. */
export function approvalView(action: PolicyAction, before?: string | null): ApprovalView {
  switch (action.kind) {
    case 'command':
      return { title: action.command, command: { line: action.command, cwd: action.cwd ?? '.' } };
    case 'write':
    case 'delete': {
      const old = action.kind === 'write' ? action.before : (before ?? null);
      const next = action.kind === 'write' ? action.after : null;
      const diff = fileDiff(action.path, old, next);
      const change = action.kind === 'delete' ? 'delete' : old === null ? 'create' : 'edit';
      const truncated = diff.patch.length > MAX_PATCH_CHARS;
      return {
        title: `${change === 'create' ? 'Create' : change === 'delete' ? 'Delete' : 'Edit'} ${action.path}`,
        file: {
          path: action.path,
          change,
          patch: truncated ? `${diff.patch.slice(0, MAX_PATCH_CHARS)}\n… (the rest of the diff is not shown)\n` : diff.patch,
          added: diff.added,
          removed: diff.removed,
          truncated,
          permissionDelta: permissionDelta(old, next),
        },
      };
    }
    case 'read':
      return { title: `Read ${action.path}` };
    case 'fetch':
      return { title: `Fetch ${action.url}`, fetch: { url: action.url, method: (action.method ?? 'GET').toUpperCase() } };
    case 'mcp': {
      let input: string;
      try {
        input = JSON.stringify(redactValue(action.input), null, 2) ?? '';
      } catch {
        input = String(action.input);
      }
      return { title: `MCP ${action.server}/${action.tool}`, mcp: { server: action.server, tool: action.tool, input: redactText(input).slice(0, 100_000) } };
    }
  }
}

/** A one-line summary for the audit log and notifications. */
export function actionSummary(action: PolicyAction): string {
  switch (action.kind) {
    case 'command':
      return action.command.length > 500 ? `${action.command.slice(0, 500)}…` : action.command;
    case 'read':
    case 'write':
    case 'delete':
      return `${action.kind} ${action.path}`;
    case 'fetch':
      return `fetch ${action.url}`;
    case 'mcp':
      return `mcp ${action.server}/${action.tool}`;
  }
}
