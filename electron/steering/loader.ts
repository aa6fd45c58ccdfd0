// The steering loader: workspace `.kiro/steering/**/*.md`, the user's `~/.kiro/steering/`,
// and `AGENTS.md` at the workspace root. The workspace wins on name conflicts; files changed
// on disk are re-read on the next resolution (by size and mtime), so nothing goes stale.

import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { diagAt, type KiroDiagnostic } from '../../shared/kiro/diagnostics';
import { parseSteering, type SteeringDoc } from '../../shared/kiro/steering';
import { readKiroText } from '../kiro/read';

export type SteeringScope = 'workspace' | 'user' | 'agents';

export interface SteeringFile {
  scope: SteeringScope;
  abs: string;
  /** How people see it: `.kiro/steering/tech.md`, `~/.kiro/steering/git.md`, `AGENTS.md`. */
  display: string;
  doc: SteeringDoc;
  /** Read problems (encoding, size) and parse diagnostics together. */
  diagnostics: KiroDiagnostic[];
  size: number;
  mtimeMs: number;
}

export interface SteeringSet {
  root: string;
  /** The files that take part, workspace first. */
  files: SteeringFile[];
  /** User files hidden by a workspace file of the same name. */
  shadowed: { file: SteeringFile; by: string }[];
}

export interface SteeringLoadOptions {
  /** The workspace root. */
  root: string;
  /** `~/.kiro` (see electron/kiro/home.ts); null leaves the user scope out. */
  userKiroDir: string | null;
}

const AGENTS_NAMES = ['AGENTS.md', 'agents.md', 'Agents.md'];

async function listMarkdown(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && depth < 8 && !e.name.startsWith('.')) await walk(path.join(d, e.name), r, depth + 1);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.md')) out.push(r);
    }
  };
  await walk(dir, '', 0);
  return out.sort();
}

async function readSteeringFile(abs: string, scope: SteeringScope, name: string, display: string): Promise<SteeringFile> {
  try {
    const t = await readKiroText(abs);
    const doc = parseSteering(t.text, name);
    return { scope, abs, display, doc, diagnostics: [...t.diagnostics, ...doc.diagnostics], size: t.bytes, mtimeMs: t.mtimeMs };
  } catch (e) {
    const doc = parseSteering('', name);
    doc.inclusion = 'manual';
    const d = diagAt('error', 'file.unreadable', `Cannot read this steering file: ${(e as Error).message}`, 1);
    return { scope, abs, display, doc, diagnostics: [d], size: -1, mtimeMs: -1 };
  }
}

/**
 * Loads steering with a cache: `refresh()` lists the folders again and re-reads only files
 * whose size or mtime changed, so calling it before every request is cheap.
 */
export class SteeringLoader {
  private cache = new Map<string, SteeringFile>();
  constructor(readonly options: SteeringLoadOptions) {}

  async refresh(): Promise<SteeringSet> {
    const { root, userKiroDir } = this.options;
    const wanted: { abs: string; scope: SteeringScope; name: string; display: string }[] = [];
    const wsDir = path.join(root, '.kiro', 'steering');
    for (const rel of await listMarkdown(wsDir)) wanted.push({ abs: path.join(wsDir, rel), scope: 'workspace', name: rel, display: `.kiro/steering/${rel}` });
    if (userKiroDir) {
      const uDir = path.join(userKiroDir, 'steering');
      for (const rel of await listMarkdown(uDir)) wanted.push({ abs: path.join(uDir, rel), scope: 'user', name: rel, display: `~/.kiro/steering/${rel}` });
    }
    for (const n of AGENTS_NAMES) {
      const abs = path.join(root, n);
      const info = await stat(abs).catch(() => null);
      if (info?.isFile()) {
        wanted.push({ abs, scope: 'agents', name: n, display: n });
        break;
      }
    }
    const files: SteeringFile[] = [];
    const seen = new Set<string>();
    for (const w of wanted) {
      seen.add(w.abs);
      const info = await stat(w.abs).catch(() => null);
      const cached = this.cache.get(w.abs);
      if (cached && info && cached.size === info.size && cached.mtimeMs === info.mtimeMs) {
        files.push(cached);
        continue;
      }
      const f = await readSteeringFile(w.abs, w.scope, w.name, w.display);
      this.cache.set(w.abs, f);
      files.push(f);
    }
    for (const k of [...this.cache.keys()]) if (!seen.has(k)) this.cache.delete(k);
    return arrange(root, files);
  }
}

/** Workspace wins on name conflicts (`tech` in both scopes → the workspace's). */
function arrange(root: string, files: SteeringFile[]): SteeringSet {
  const byName = new Map<string, SteeringFile>();
  const shadowed: SteeringSet['shadowed'] = [];
  const key = (f: SteeringFile) => (f.scope === 'agents' ? '\0agents' : f.doc.name.toLowerCase());
  for (const f of files.filter((x) => x.scope !== 'user')) byName.set(key(f), f);
  for (const f of files.filter((x) => x.scope === 'user')) {
    const ws = byName.get(key(f));
    if (ws) shadowed.push({ file: f, by: ws.display });
    else byName.set(key(f), f);
  }
  const order: Record<SteeringScope, number> = { agents: 0, workspace: 1, user: 2 };
  const kept = [...byName.values()].sort((a, b) => order[a.scope] - order[b.scope] || (a.display < b.display ? -1 : 1));
  return { root, files: kept, shadowed };
}

/** One-shot load (no cache). */
export const loadSteering = (options: SteeringLoadOptions) => new SteeringLoader(options).refresh();
