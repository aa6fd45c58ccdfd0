// The hooks loader: `.kiro/hooks/*.kiro.hook` and `.kiro/hooks/*.json` from the workspace and
// from `~/.kiro/hooks/`, both formats normalised into one Hook model. Every file is listed —
// loaded, or with the diagnostic that says why not — and a bad file never hides the others.
// (The dispatcher that runs hooks is built on this later.)

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { diagAt, type KiroDiagnostic } from '../../shared/kiro/diagnostics';
import { parseHookFile, setHookEnabled, type Hook } from '../../shared/kiro/hooks';
import { readKiroText, updateKiroText } from '../kiro/read';

export type HookScope = 'workspace' | 'user';

export interface LoadedHook extends Hook {
  scope: HookScope;
  /** Absolute path of the file it came from. */
  path: string;
}

export interface HookFileReport {
  scope: HookScope;
  path: string;
  /** `.kiro/hooks/lint.kiro.hook` or `~/.kiro/hooks/lint.kiro.hook`. */
  display: string;
  format: 'kiro-hook' | 'v1-json' | 'unknown';
  /** Hooks loaded from it. */
  hooks: number;
  /** Hooks in it that cannot run, each with the reason. */
  invalid: { index: number; name: string | null; reason: string }[];
  diagnostics: KiroDiagnostic[];
  /** A workspace file of the same name replaces this user file. */
  shadowedBy: string | null;
}

export interface LoadedHooks {
  hooks: LoadedHook[];
  files: HookFileReport[];
}

export interface HookLoadOptions {
  root: string;
  /** `~/.kiro` (see electron/kiro/home.ts); null leaves the user scope out. */
  userKiroDir: string | null;
}

const isHookFile = (name: string) => name.endsWith('.kiro.hook') || name.endsWith('.json');

async function hookFilesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && isHookFile(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

export async function loadHooks(options: HookLoadOptions): Promise<LoadedHooks> {
  const out: LoadedHooks = { hooks: [], files: [] };
  const scopes: { scope: HookScope; dir: string; prefix: string }[] = [{ scope: 'workspace', dir: path.join(options.root, '.kiro', 'hooks'), prefix: '.kiro/hooks/' }];
  if (options.userKiroDir) scopes.push({ scope: 'user', dir: path.join(options.userKiroDir, 'hooks'), prefix: '~/.kiro/hooks/' });
  const workspaceNames = new Set<string>();
  for (const { scope, dir, prefix } of scopes) {
    for (const name of await hookFilesIn(dir)) {
      const abs = path.join(dir, name);
      const display = prefix + name;
      const shadowedBy = scope === 'user' && workspaceNames.has(name) ? `.kiro/hooks/${name}` : null;
      if (scope === 'workspace') workspaceNames.add(name);
      let report: HookFileReport;
      try {
        const t = await readKiroText(abs);
        const parsed = parseHookFile(t.text, display);
        report = { scope, path: abs, display, format: parsed.format, hooks: parsed.hooks.length, invalid: parsed.invalid, diagnostics: [...t.diagnostics, ...parsed.diagnostics], shadowedBy };
        if (!shadowedBy) out.hooks.push(...parsed.hooks.map((h) => ({ ...h, scope, path: abs })));
      } catch (e) {
        const reason = `Cannot read this hook file: ${(e as Error).message}`;
        report = { scope, path: abs, display, format: 'unknown', hooks: 0, invalid: [{ index: 0, name: null, reason }], diagnostics: [diagAt('error', 'file.unreadable', reason, 1)], shadowedBy };
      }
      if (shadowedBy) report.diagnostics.push(diagAt('info', 'hook.shadowed', `The workspace's ${shadowedBy} has the same name and is used instead.`, 1));
      out.files.push(report);
    }
  }
  return out;
}

/**
 * Switches a hook on or off in its file: only the `enabled` value's bytes change (or the key
 * is added when it was absent). `index` is the hook's `source.index`.
 */
export function setHookEnabledOnDisk(abs: string, index: number, enabled: boolean): Promise<boolean> {
  return updateKiroText(abs, (text) => setHookEnabled(text, index, enabled));
}
