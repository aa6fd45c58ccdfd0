import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { SkippedFile } from '../../shared/contract/checkpoints';
import { TEMP_PREFIX } from '../workspace/atomic-write';
import { IgnoreRules } from '../workspace/ignore-rules';
import { isInside } from '../workspace/paths';

/**
 * Never worth a checkpoint: dependency trees, build output and caches that tools recreate,
 * and OS litter. gitignore syntax, so `exclude: ['!build/']` in the settings re-includes one.
 */
export const BUILT_IN_EXCLUDES = [
  'node_modules/',
  'bower_components/',
  'jspm_packages/',
  '.pnpm-store/',
  '.yarn/cache/',
  'dist/',
  'build/',
  'out/',
  'target/',
  '.next/',
  '.nuxt/',
  '.svelte-kit/',
  '.turbo/',
  '.parcel-cache/',
  '.angular/',
  '.gradle/',
  '.cache/',
  'coverage/',
  '__pycache__/',
  '*.pyc',
  '.venv/',
  'venv/',
  '.tox/',
  '.mypy_cache/',
  '.pytest_cache/',
  '.DS_Store',
  'Thumbs.db',
];

export type ExclusionReason = 'gitignore' | Extract<SkippedFile['why'], 'built-in' | 'kiroignore' | 'setting'>;

export interface ExclusionSettings {
  exclude: string[];
  maxFileSizeMB: number;
}

/** Entries no snapshot ever includes or reports: any `.git` (the user's, or a nested repository's), and our own temporary files. */
export const isNeverSnapshotted = (name: string) => name === '.git' || name.startsWith(TEMP_PREFIX);

/**
 * What a checkpoint leaves out: everything .gitignore ignores (as git would), the built-in
 * list and the user's extra patterns, .kiroignore, and files over the size limit. Each is
 * its own layer, so .kiroignore only ever adds exclusions (a `!` there cannot bring back
 * what .gitignore ignores), and a setting's `!pattern` only re-includes a built-in one.
 * Knows why a path is excluded, so skipped files can be reported honestly.
 */
export class Exclusions {
  readonly maxBytes: number;
  private git: IgnoreRules;
  private patterns: IgnoreRules;
  private kiro: IgnoreRules;
  private builtIn: Ignore;

  constructor(
    root: string,
    settings: ExclusionSettings,
    /** Folders that must never be snapshotted even when inside the workspace (the app's own data folder). */
    privateDirs: string[] = [],
  ) {
    this.maxBytes = Math.round(settings.maxFileSizeMB * 1024 * 1024);
    const own = privateDirs.filter((d) => isInside(root, d) && d !== root).map((d) => `/${path.relative(root, d).split(path.sep).join('/')}/`);
    this.builtIn = ignore().add([...BUILT_IN_EXCLUDES, ...own]);
    this.git = new IgnoreRules(root, { files: ['.gitignore'] });
    this.patterns = new IgnoreRules(root, { files: [], builtIn: [...BUILT_IN_EXCLUDES, ...own, ...settings.exclude] });
    this.kiro = new IgnoreRules(root, { files: ['.kiroignore'] });
  }

  /** Why `rel` is left out of checkpoints, or null when it is included. */
  excluded(rel: string, isDir: boolean): ExclusionReason | null {
    if (this.git.isIgnored(rel, isDir)) return 'gitignore';
    if (this.patterns.isIgnored(rel, isDir)) return this.isBuiltIn(rel, isDir) ? 'built-in' : 'setting';
    if (this.kiro.isIgnored(rel, isDir)) return 'kiroignore';
    return null;
  }

  private isBuiltIn(rel: string, isDir: boolean): boolean {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) if (this.builtIn.ignores(`${parts.slice(0, i).join('/')}/`)) return true;
    return this.builtIn.ignores(isDir ? `${rel}/` : rel);
  }

  isRuleFile(rel: string): boolean {
    const name = path.posix.basename(rel);
    return name === '.gitignore' || name === '.kiroignore';
  }

  /** After an ignore file changed: forget every cached verdict. */
  invalidate(): void {
    this.git.invalidate();
    this.kiro.invalidate();
  }
}
