import type { CommandAnalysis } from './analyze';
import { basename } from './analyze';
import type { PolicyAction } from './actions';
import type { GuardrailSubject } from './guardrails';
import { READ_ONLY_PROGRAMS } from './catalog';
import { resolveWorkspacePath } from './paths';

/** `delete-role` → `DeleteRole`, for IAM-style action names (`iam:DeleteRole`). */
const pascal = (op: string) => op.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');

function stringLeaves(v: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 20 || out.length > 500) return out;
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringLeaves(x, out, depth + 1);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) stringLeaves(x, out, depth + 1);
  return out;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/**
 * What an action shows the guardrails: the names it goes by, the resources it touches,
 * the text patterns are searched in, and the workspace files it changes.
 */
export function guardrailSubject(action: PolicyAction, root: string, extra: { analysis?: CommandAnalysis; addedText?: string } = {}): GuardrailSubject {
  const rel = (p: string, cwd?: string) => resolveWorkspacePath(root, p, cwd).rel;
  switch (action.kind) {
    case 'read':
    case 'delete': {
      const r = rel(action.path);
      return { actions: [action.kind], resources: [action.path, ...(r ? [r] : [])], texts: [action.path], files: r ? [r] : [] };
    }
    case 'write': {
      const r = rel(action.path);
      return {
        actions: ['write'],
        resources: [action.path, ...(r ? [r] : [])],
        texts: [action.path, extra.addedText ?? action.after],
        files: r ? [r] : [],
      };
    }
    case 'fetch': {
      const host = hostOf(action.url);
      return { actions: ['fetch'], resources: [action.url, ...(host ? [host] : [])], texts: [action.url], files: [] };
    }
    case 'mcp': {
      const leaves = stringLeaves(action.input);
      let json = '';
      try {
        json = JSON.stringify(action.input) ?? '';
      } catch {}
      return {
        actions: [action.tool, `${action.server}/${action.tool}`, `${action.server}.${action.tool}`, 'mcp'],
        resources: leaves,
        texts: [json, ...leaves],
        files: leaves.map((l) => (l.length < 4096 ? rel(l) : null)).filter((x): x is string => !!x),
      };
    }
    case 'command': {
      const names = new Set<string>(['command']);
      const resources: string[] = [];
      const files: string[] = [];
      for (const s of extra.analysis?.segments ?? []) {
        const words = s.words.map((w) => w.value).filter((v): v is string => v !== null);
        if (!words.length) continue;
        const program = basename(words[0]!);
        const positional = words.slice(1).filter((w) => !w.startsWith('-'));
        names.add(program);
        if (positional[0]) names.add(`${program} ${positional[0]}`);
        if (positional[1]) names.add(`${program} ${positional[0]} ${positional[1]}`);
        if (program === 'aws' && positional[0] && positional[1]) names.add(`${positional[0]}:${pascal(positional[1])}`);
        for (const w of words.slice(1)) {
          const value = w.startsWith('--') && w.includes('=') ? w.slice(w.indexOf('=') + 1) : w;
          resources.push(value);
          // Files a command may change; programs that only read are not changing them.
          if (!READ_ONLY_PROGRAMS.has(program) && !value.startsWith('-') && value.length < 4096) {
            const r = rel(value, action.cwd);
            if (r) files.push(r);
          }
        }
        for (const redirect of s.redirects) if (redirect.target) resources.push(redirect.target);
      }
      return { actions: [...names], resources, texts: [action.command], files };
    }
  }
}
