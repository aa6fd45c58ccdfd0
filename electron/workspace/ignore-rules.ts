import { readFileSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export interface IgnoreRulesOptions {
  /** Per-directory ignore files to honour, e.g. ['.gitignore'] or ['.gitignore', '.kiroignore']. */
  files: string[];
  /** Patterns (gitignore syntax) that apply everywhere, before any file's rules. */
  builtIn?: string[];
}

/**
 * Git's ignore semantics over a workspace: each directory's ignore files apply to paths
 * below it, deeper files can re-include with `!`, and nothing inside an ignored directory
 * can be re-included (git never descends into it). Files are read lazily and cached;
 * `invalidate()` when one of them changes.
 */
export class IgnoreRules {
  private perDir = new Map<string, Ignore | null>();
  private decided = new Map<string, boolean>();
  private builtIn: Ignore | null;

  constructor(
    private readonly root: string,
    private readonly options: IgnoreRulesOptions,
  ) {
    this.builtIn = options.builtIn?.length ? ignore().add(options.builtIn) : null;
  }

  /** True when `rel` (workspace-relative, '/'-separated) is ignored, by its own rules or an ancestor's. */
  isIgnored(rel: string, isDir: boolean): boolean {
    if (rel === '') return false;
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (this.decide(parts.slice(0, i).join('/'), true)) return true;
    }
    return this.decide(rel, isDir);
  }

  /** Whether `name` is one of the ignore files this instance reads (changes to it must invalidate). */
  isRuleFile(rel: string): boolean {
    return this.options.files.includes(path.posix.basename(rel));
  }

  invalidate(): void {
    this.perDir.clear();
    this.decided.clear();
  }

  private decide(rel: string, isDir: boolean): boolean {
    const key = isDir ? `${rel}/` : rel;
    const cached = this.decided.get(key);
    if (cached !== undefined) return cached;
    let ignored = this.builtIn?.ignores(key) ?? false;
    if (!ignored) {
      const parts = rel.split('/');
      for (let depth = 0; depth < parts.length; depth++) {
        const dir = parts.slice(0, depth).join('/');
        const rules = this.rulesFor(dir);
        if (!rules) continue;
        const sub = parts.slice(depth).join('/') + (isDir ? '/' : '');
        const verdict = rules.test(sub);
        if (verdict.ignored) ignored = true;
        else if (verdict.unignored) ignored = false;
      }
    }
    if (this.decided.size > 200_000) this.decided.clear(); // bound the cache on huge trees
    this.decided.set(key, ignored);
    return ignored;
  }

  private rulesFor(dir: string): Ignore | null {
    if (this.perDir.has(dir)) return this.perDir.get(dir)!;
    let rules: Ignore | null = null;
    for (const name of this.options.files) {
      let text: string;
      try {
        text = readFileSync(path.join(this.root, ...dir.split('/').filter(Boolean), name), 'utf8');
      } catch {
        continue; // absent or unreadable: no rules from this file
      }
      rules ??= ignore();
      rules.add(text.replace(/^\uFEFF/, ''));
    }
    this.perDir.set(dir, rules);
    return rules;
  }
}
