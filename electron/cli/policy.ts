import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { decide } from '../../shared/policy/decide';
import { parseTrustRules } from '../../shared/policy/trust-rules';
import type { Mode } from '../../shared/policy/actions';
import { defaultDataDir } from '../host/data-dir';
import { GuardrailsSource } from '../policy/guardrails-source';
import { loadShellParser } from '../policy/shell-parser';
import { readScopedRules } from '../policy/trust-store';
import { userSettingsFile, workspaceSettingsFile } from '../settings/settings-service';

export interface CheckFlags {
  trust: string[];
  workspace?: string;
  dataDir?: string;
  cwd?: string;
  mode: Mode;
}


/** Exit codes: 0 allow, 1 ask, 2 deny, 3 the check itself could not run. */
const EXIT = { allow: 0, ask: 1, deny: 2 } as const;

export async function policyCheck(commandWords: string[], flags: CheckFlags): Promise<number> {
  const line = commandWords.length === 1 ? commandWords[0]! : commandWords.join(' ');
  let root: string;
  try {
    root = await realpath(path.resolve(flags.workspace ?? '.'));
  } catch {
    console.error(`Specwright: the workspace folder '${flags.workspace}' does not exist.`);
    return 3;
  }
  const problems: string[] = [];
  let patterns: { pattern: string; scope: 'user' | 'workspace' | 'cli' }[];
  if (flags.trust.length) {
    patterns = flags.trust.map((pattern) => ({ pattern, scope: 'cli' }));
  } else {
    const scoped = await readScopedRules([
      { scope: 'user', file: userSettingsFile(flags.dataDir ? path.resolve(flags.dataDir) : defaultDataDir()) },
      { scope: 'workspace', file: workspaceSettingsFile(root) },
    ]);
    patterns = scoped.patterns;
    problems.push(...scoped.problems.map((p) => p.message));
  }
  const rules = parseTrustRules(patterns);
  problems.push(...rules.problems.map((p) => `trust rule "${p.pattern}" (${p.scope}): ${p.message}`));
  const guardrails = await new GuardrailsSource(root).reload();
  problems.push(...guardrails.diagnostics.map((d) => d.message));
  const parser = await loadShellParser();
  const decision = decide(
    { kind: 'command', command: line, ...(flags.cwd ? { cwd: flags.cwd } : {}) },
    { mode: flags.mode, workspaceRoot: root, trustRules: rules.rules, guardrails, parsed: await parser.parse(line) },
  );
  const out = {
    command: line,
    verdict: decision.verdict,
    reasons: decision.reasons,
    rule: decision.rule ?? null,
    risk: decision.risk,
    mode: decision.mode,
    segments: (decision.command?.segments ?? []).map((s) => ({ text: s.text, argv: s.argv, rule: s.rule, nested: s.nested, start: s.start, end: s.end })),
    blockers: decision.command?.blockers ?? [],
    suggestions: decision.command?.suggestions ?? [],
    rules: rules.rules.map((r) => ({ pattern: r.pattern, scope: r.scope })),
    ...(problems.length ? { problems } : {}),
  };
  console.log(JSON.stringify(out, null, 2));
  return EXIT[decision.verdict];
}
