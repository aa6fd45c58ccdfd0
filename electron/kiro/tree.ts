// Finding `.kiro/` folders in a workspace (the root one and those of a monorepo's packages)
// and naming what each file under them is.

import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Folders never searched for nested `.kiro/` (dependencies, build output, VCS data). */
const SKIP = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'target', 'vendor', '.venv', 'venv', '__pycache__', '.next', '.nuxt', 'coverage', '.cache', '.turbo', '.gradle', 'Pods', '.idea', '.vscode']);

export interface KiroFolder {
  /** Absolute path of the `.kiro` folder. */
  dir: string;
  /** Workspace-relative POSIX path of the folder holding it: '' for the root, `packages/api` for a package. */
  owner: string;
}

export interface FindOptions {
  /** How deep to look for nested `.kiro/` folders (0: only the root). */
  maxDepth?: number;
  /** Stop after visiting this many folders (huge trees). */
  maxFolders?: number;
}

/** The workspace's `.kiro/` folders: the root one first, then nested ones in path order. */
export async function findKiroFolders(root: string, options: FindOptions = {}): Promise<KiroFolder[]> {
  const maxDepth = options.maxDepth ?? 6;
  let budget = options.maxFolders ?? 20_000;
  const found: KiroFolder[] = [];
  const walk = async (dir: string, rel: string, depth: number): Promise<void> => {
    if (budget-- <= 0) return;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    if (entries.some((e) => e.name === '.kiro' && e.isDirectory())) found.push({ dir: path.join(dir, '.kiro'), owner: rel });
    if (depth >= maxDepth) return;
    for (const e of entries) {
      if (!e.isDirectory() || SKIP.has(e.name) || e.name === '.kiro' || (e.name.startsWith('.') && e.name !== '.config')) continue;
      await walk(path.join(dir, e.name), rel ? `${rel}/${e.name}` : e.name, depth + 1);
    }
  };
  await walk(root, '', 0);
  return found;
}

export type KiroFileKind =
  | 'requirements'
  | 'bugfix'
  | 'design'
  | 'tasks'
  | 'spec-config'
  | 'spec-approvals'
  | 'steering'
  | 'hook'
  | 'mcp'
  | 'settings'
  | 'guardrails'
  | 'foreign'
  | 'other';

/** What a file is, from its path relative to the `.kiro` folder (POSIX separators). */
export function kiroFileKind(rel: string): KiroFileKind {
  const parts = rel.split('/');
  const base = parts[parts.length - 1]!;
  if (parts[0] === 'specs' && parts.length === 3) {
    switch (base) {
      case 'requirements.md':
        return 'requirements';
      case 'bugfix.md':
        return 'bugfix';
      case 'design.md':
        return 'design';
      case 'tasks.md':
        return 'tasks';
      case '.config.kiro':
        return 'spec-config';
      case 'spec.json':
        return 'foreign';
    }
    return 'other';
  }
  if (parts[0] === 'steering' && base.toLowerCase().endsWith('.md')) return 'steering';
  if (parts[0] === 'hooks' && parts.length === 2 && (base.endsWith('.kiro.hook') || base.endsWith('.json'))) return 'hook';
  if (rel === 'settings/mcp.json') return 'mcp';
  if (rel === 'settings/specwright.json') return 'settings';
  if (rel === 'kiro.json') return 'guardrails';
  return 'other';
}

/** Every file under a `.kiro` folder, as POSIX paths relative to it, sorted. Symlinks are not followed. */
export async function listKiroFiles(kiroDir: string, options: { maxFiles?: number } = {}): Promise<string[]> {
  const out: string[] = [];
  const max = options.maxFiles ?? 50_000;
  const walk = async (dir: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= max) return;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(path.join(dir, e.name), childRel);
      else if (e.isFile()) out.push(childRel);
    }
  };
  await walk(kiroDir, '');
  return out.sort();
}
