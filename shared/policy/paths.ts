/**
 * Workspace paths for the policy, computed without touching the disk (the host's file
 * layer separately refuses symlinks that lead outside). Comparisons ignore case, because
 * on macOS and Windows `.GIT/hooks` is the same folder as `.git/hooks`.
 */

const toSlashes = (p: string) => p.replace(/\\/g, '/');
const isAbsolute = (p: string) => p.startsWith('/') || /^[A-Za-z]:\//.test(p) || p.startsWith('~');

/** Collapses `.` and `..`; null when `..` climbs above the start. */
function normalizeSegments(p: string): string[] | null {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(seg);
  }
  return out;
}

export interface WorkspacePath {
  /** Relative to the workspace root with forward slashes, or null when outside it. */
  rel: string | null;
  /** What the person should read. */
  display: string;
}

/**
 * Resolves `p` (absolute, `~/…`, or relative to `cwd`, itself relative to the root or
 * absolute) against the workspace root.
 */
export function resolveWorkspacePath(root: string, p: string, cwd = ''): WorkspacePath {
  const rootN = toSlashes(root).replace(/\/+$/, '');
  let target = toSlashes(p);
  if (target.startsWith('~')) return { rel: null, display: p };
  if (!isAbsolute(target)) {
    const base = toSlashes(cwd);
    target = isAbsolute(base) ? `${base}/${target}` : `${rootN}/${base}/${target}`;
  }
  const rootSegs = normalizeSegments(rootN.replace(/^[A-Za-z]:/, '')) ?? [];
  const drive = /^[A-Za-z]:/.exec(target)?.[0]?.toLowerCase() ?? '';
  const rootDrive = /^[A-Za-z]:/.exec(rootN)?.[0]?.toLowerCase() ?? '';
  const segs = normalizeSegments(target.replace(/^[A-Za-z]:/, ''));
  if (!segs || drive !== rootDrive) return { rel: null, display: p };
  const inside = rootSegs.every((s, i) => segs[i]?.toLowerCase() === s.toLowerCase());
  if (!inside || segs.length < rootSegs.length) return { rel: null, display: `/${segs.join('/')}` };
  const rel = segs.slice(rootSegs.length).join('/');
  return { rel, display: rel === '' ? '.' : rel };
}

/** The places an agent must never change without a person's approval, in either mode. */
export const PROTECTED_PATHS = ['.git/', '.kiro/settings/', '.kiro/kiro.json', '.kiro/hooks/', '.kiroignore', '.vscode/'] as const;

/** Why a workspace-relative path is protected, or null. */
export function protectedReason(rel: string): string | null {
  const lower = rel.toLowerCase().replace(/\/+$/, '');
  const segs = lower.split('/');
  // Any .git folder (submodules too) holds hooks and config that run code.
  if (segs.includes('.git')) return `'${rel}' is inside a .git folder (hooks and config there run code).`;
  if (lower === '.kiro/kiro.json') return `'${rel}' holds the workspace's guardrails.`;
  if (lower === '.kiro/settings' || lower.startsWith('.kiro/settings/')) return `'${rel}' is workspace settings (trust rules, MCP servers).`;
  if (lower === '.kiro/hooks' || lower.startsWith('.kiro/hooks/')) return `'${rel}' is an agent hook, which runs commands.`;
  if (lower === '.kiroignore') return `'${rel}' decides which files the agent may read.`;
  if (segs[0] === '.vscode') return `'${rel}' is editor configuration (tasks and launch settings run commands).`;
  return null;
}

/** Why changing this path needs a person: protected, or outside the workspace. */
export function pathApprovalReason(root: string, p: string, cwd = ''): string | null {
  const resolved = resolveWorkspacePath(root, p, cwd);
  if (resolved.rel === null) return `'${resolved.display}' is outside the workspace.`;
  return protectedReason(resolved.rel);
}
