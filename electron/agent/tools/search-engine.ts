import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type { ToolWorkspace } from './types';

export interface SearchQuery {
  query: string;
  /** Folder or file relative to the workspace root ('' for all of it). */
  path: string;
  regex: boolean;
  glob?: string;
  maxResults: number;
  signal?: AbortSignal;
}

export interface SearchMatch {
  path: string;
  line: number;
  text: string;
}

export interface SearchResult {
  matches: SearchMatch[];
  /** More matches exist than were returned. */
  truncated: boolean;
  /** `ripgrep`, or the built-in scan when `rg` is not installed. */
  engine: 'ripgrep' | 'builtin';
  /** Said to the model and the person when the built-in scan was used. */
  note?: string;
  error?: string;
}

export interface SearchEngine {
  search(ws: ToolWorkspace, q: SearchQuery): Promise<SearchResult>;
}

const MAX_LINE_CHARS = 300;
const clip = (s: string) => (s.length > MAX_LINE_CHARS ? `${s.slice(0, MAX_LINE_CHARS)}…` : s);

/** `rg` on PATH (the Debian package, Homebrew, …); null when there is none. */
export async function findRipgrep(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const names = process.platform === 'win32' ? ['rg.exe', 'rg.cmd'] : ['rg'];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        await access(candidate, constants.X_OK);
        if ((await stat(candidate)).isFile()) return candidate;
      } catch {}
    }
  }
  return null;
}

/**
 * Searches with ripgrep when it is installed (fast, honours .gitignore), else with a
 * built-in scan over the workspace's file listing — and then says so in the result.
 * (`@vscode/ripgrep` would ship a binary, but its install step downloads it, which is not
 * possible everywhere this runs.)
 */
export class WorkspaceSearch implements SearchEngine {
  private rg: Promise<string | null> | null = null;

  constructor(private readonly options: { ripgrep?: string | null } = {}) {}

  private ripgrep(): Promise<string | null> {
    if (this.options.ripgrep !== undefined) return Promise.resolve(this.options.ripgrep);
    this.rg ??= findRipgrep();
    return this.rg;
  }

  async search(ws: ToolWorkspace, q: SearchQuery): Promise<SearchResult> {
    if (q.regex) {
      try {
        new RegExp(q.query);
      } catch (e) {
        return { matches: [], truncated: false, engine: 'builtin', error: `The regular expression does not parse: ${(e as Error).message}` };
      }
    }
    const rg = await this.ripgrep();
    if (rg) return ripgrepSearch(rg, ws, q);
    const result = await builtinSearch(ws, q);
    return { ...result, note: 'ripgrep (rg) is not installed, so the built-in search was used: slower, and it reads only files up to 1 MB.' };
  }
}

function ripgrepSearch(rg: string, ws: ToolWorkspace, q: SearchQuery): Promise<SearchResult> {
  const args = ['--json', '--no-config', '--hidden', '--no-require-git', '--glob', '!.git', '--max-columns', String(MAX_LINE_CHARS), '--max-filesize', '5M'];
  if (!q.regex) args.push('--fixed-strings');
  args.push('--smart-case');
  if (q.glob) args.push('--glob', q.glob);
  args.push('--regexp', q.query, '--', q.path || '.');
  return new Promise((resolve) => {
    const child = spawn(rg, args, { cwd: ws.root, stdio: ['ignore', 'pipe', 'pipe'] });
    const matches: SearchMatch[] = [];
    let truncated = false;
    let buffer = '';
    let stderr = '';
    let done = false;
    const finish = (r: Partial<SearchResult> = {}) => {
      if (done) return;
      done = true;
      q.signal?.removeEventListener('abort', onAbort);
      clearTimeout(timer);
      resolve({ matches, truncated, engine: 'ripgrep', ...r });
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      finish({ error: 'The search was stopped.' });
    };
    q.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      truncated = true;
      finish({ note: 'The search took longer than 20 s and was stopped; narrow it with path or glob.' });
    }, 20_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (!line.startsWith('{"type":"match"')) continue;
        try {
          const m = JSON.parse(line) as { data: { path: { text?: string }; line_number: number; lines: { text?: string } } };
          const p = (m.data.path.text ?? '').replace(/^\.\//, '');
          matches.push({ path: p, line: m.data.line_number, text: clip((m.data.lines.text ?? '').replace(/\r?\n$/, '')) });
        } catch {}
        if (matches.length >= q.maxResults) {
          truncated = true;
          child.kill('SIGKILL');
          return finish();
        }
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (e) => finish({ error: `ripgrep failed to start: ${e.message}` }));
    child.on('close', (code) => {
      // 0: matches, 1: none, 2: an error (a bad glob, an unreadable file — matches may still be there).
      if (code === 2 && !matches.length) return finish({ error: stderr.trim().split('\n').slice(0, 3).join(' ') || 'ripgrep reported an error.' });
      finish();
    });
  });
}

async function builtinSearch(ws: ToolWorkspace, q: SearchQuery): Promise<Omit<SearchResult, 'note'>> {
  const listing = await ws.listFiles();
  const base = q.path ? q.path.replace(/\/+$/, '') : '';
  const globMatch = q.glob ? picomatch(q.glob, { dot: true, basename: !q.glob.includes('/') }) : null;
  const smartCase = !/[A-Z]/.test(q.query);
  const re = q.regex ? new RegExp(q.query, smartCase ? 'i' : '') : null;
  const needle = smartCase ? q.query.toLowerCase() : q.query;
  const matches: SearchMatch[] = [];
  for (const file of listing.files) {
    if (q.signal?.aborted) return { matches, truncated: false, engine: 'builtin', error: 'The search was stopped.' };
    if (base && file !== base && !file.startsWith(`${base}/`)) continue;
    if (globMatch && !globMatch(file)) continue;
    let bytes: Buffer;
    try {
      const abs = path.join(ws.root, file);
      if ((await stat(abs)).size > 1024 * 1024) continue;
      bytes = await readFile(abs);
    } catch {
      continue;
    }
    if (bytes.subarray(0, 8000).includes(0)) continue;
    const lines = bytes.toString('utf8').split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const hit = re ? re.test(line) : (smartCase ? line.toLowerCase() : line).includes(needle);
      if (!hit) continue;
      matches.push({ path: file, line: i + 1, text: clip(line) });
      if (matches.length >= q.maxResults) return { matches, truncated: true, engine: 'builtin' };
    }
  }
  return { matches, truncated: listing.truncated, engine: 'builtin' };
}

/** Matches grouped by file, as the model and `#codebase` read them. */
export function formatMatches(r: SearchResult): string {
  const byFile = new Map<string, SearchMatch[]>();
  for (const m of r.matches) byFile.set(m.path, [...(byFile.get(m.path) ?? []), m]);
  const parts = [...byFile].map(([file, ms]) => `${file}\n${ms.map((m) => `  ${m.line}: ${m.text}`).join('\n')}`);
  return parts.join('\n');
}
