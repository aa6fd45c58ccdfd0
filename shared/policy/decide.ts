import type { CommandFacts, Decision, Mode, PolicyAction } from './actions';
import { analyzeCommandLine, basename, type CommandAnalysis } from './analyze';
import { READ_ONLY_PROGRAMS } from './catalog';
import { fileDiff } from './file-diff';
import { checkGuardrails, type GuardrailsState } from './guardrails';
import { pathApprovalReason, protectedReason, resolveWorkspacePath } from './paths';
import { permissionDelta } from './permission-delta';
import { classifyRisk, maxLevel, type Risk } from './risk';
import { guardrailSubject } from './subject';
import type { ParsedCommandLine } from './syntax';
import { findRule, matchesEverything, suggestRules, type TrustRule } from './trust-rules';

/**
 * The one place where the policy decides. Pure: the same action and context always give
 * the same decision. Precedence:
 *   1. a guardrail deny                                           → deny
 *   2. protected path, high risk, require-approval, anything a
 *      trust rule cannot vouch for, broken guardrails              → ask
 *   3. a trust rule (commands), autopilot (file changes, fetches),
 *      autoApprove (MCP), reads inside the workspace              → allow
 *   4. otherwise (supervised)                                      → ask
 */

export interface DecisionContext {
  mode: Mode;
  /** Absolute path of the workspace root. */
  workspaceRoot: string;
  trustRules: readonly TrustRule[];
  guardrails: GuardrailsState;
  /** For a command action: the parse of exactly `action.command` (see the host's shell parser). */
  parsed?: ParsedCommandLine;
}

const LINK_LOCAL = /^(169\.254\.\d+\.\d+|\[?fe80:|metadata\.google\.internal$|metadata$|100\.100\.100\.200$|\[?fd00:ec2::254)/i;

export function decide(action: PolicyAction, ctx: DecisionContext): Decision {
  const mode = ctx.mode;
  let risk: Risk = { level: 'low', reasons: [], high: [] };
  const asks: string[] = [];
  let askRule: string | undefined;
  const ask = (reason: string, rule?: string) => {
    if (!asks.includes(reason)) asks.push(reason);
    askRule ??= rule;
  };
  let command: CommandFacts | undefined;
  let analysis: CommandAnalysis | undefined;
  let addedText: string | undefined;

  // Facts per kind, before any verdict: risk, structure, paths.
  switch (action.kind) {
    case 'read': {
      const where = resolveWorkspacePath(ctx.workspaceRoot, action.path);
      if (where.rel === null) ask(`Reads '${where.display}', which is outside the workspace.`, 'outside-workspace');
      break;
    }
    case 'write':
    case 'delete': {
      const why = pathApprovalReason(ctx.workspaceRoot, action.path);
      if (why) ask(why, protectedRuleName(ctx.workspaceRoot, action.path));
      if (action.kind === 'write') {
        const diff = fileDiff(action.path, action.before, action.after);
        addedText = action.before === null ? action.after : diff.addedText;
        const delta = permissionDelta(action.before, action.after);
        if (delta && delta.added.some((g) => g.effect === 'Allow')) {
          const why = delta.wildcards.length ? `Grants permissions with wildcards: ${delta.wildcards.join('; ')}.` : 'Grants new permissions in a policy document.';
          risk = delta.wildcards.length ? { level: 'high', reasons: [why], high: [why] } : { level: 'medium', reasons: [why], high: [] };
        }
      }
      break;
    }
    case 'command': {
      const parsed = ctx.parsed && ctx.parsed.source === action.command ? ctx.parsed : null;
      if (!parsed) {
        ask('The command line was not parsed, so what it does is unknown.', 'unparsed');
        command = { segments: [], blockers: [], operators: [], suggestions: [], trusted: false };
        break;
      }
      analysis = analyzeCommandLine(parsed);
      risk = classifyRisk(analysis);
      command = commandFacts(analysis, ctx.trustRules);
      for (const b of analysis.blockers) ask(b.message, `structure:${b.kind}`);
      if (action.cwd !== undefined && resolveWorkspacePath(ctx.workspaceRoot, action.cwd).rel === null) {
        ask(`Runs in '${action.cwd}', which is outside the workspace.`, 'outside-workspace');
      }
      for (const why of commandPathReasons(analysis, ctx.workspaceRoot, action.cwd)) ask(why, 'protected-path');
      break;
    }
    case 'fetch': {
      let url: URL | null = null;
      try {
        url = new URL(action.url);
      } catch {
        ask(`'${action.url}' is not a valid URL.`, 'invalid-url');
      }
      const high = (why: string): Risk => ({ level: 'high', reasons: [why], high: [why] });
      if (url && url.protocol !== 'https:' && url.protocol !== 'http:') {
        risk = high(`Uses the ${url.protocol} scheme, which can read local files or reach other services.`);
      } else if (url && LINK_LOCAL.test(url.hostname)) {
        risk = high(`Reaches ${url.hostname}, a cloud metadata address that hands out credentials.`);
      } else if (url && (url.hostname === 'localhost' || /^127\.|^\[::1\]$|^0\.0\.0\.0$/.test(url.hostname))) {
        risk = { level: 'medium', reasons: [`Reaches a service on this machine (${url.host}).`], high: [] };
      }
      if (action.method && !['GET', 'HEAD'].includes(action.method.toUpperCase())) {
        risk = { ...risk, level: maxLevel(risk.level, 'medium'), reasons: [...risk.reasons, `Sends a ${action.method.toUpperCase()} request, which can change data.`] };
      }
      break;
    }
    case 'mcp':
      break;
  }

  // 1. Guardrail deny, whatever the mode.
  const subject = guardrailSubject(action, ctx.workspaceRoot, { analysis, addedText });
  const hits = checkGuardrails(ctx.guardrails.rules, subject);
  const denies = hits.filter((h) => h.effect === 'deny');
  if (denies.length) {
    return { verdict: 'deny', reasons: denies.map((d) => d.reason), rule: denies[0]!.rule, risk, mode, ...(command ? { command } : {}) };
  }

  // 2. Reasons that always need a person.
  for (const h of hits) ask(h.reason, h.rule);
  for (const r of risk.high) ask(`High risk: ${r}`, 'high-risk');
  if (!ctx.guardrails.intact) {
    ask(`${ctx.guardrails.file} has errors, so some guardrails may be missing: nothing runs without your approval until it is fixed.`, 'guardrails-broken');
  }
  if (asks.length) return { verdict: 'ask', reasons: asks, rule: askRule!, risk, mode, ...(command ? { command } : {}) };

  // 3. Trust rules, autopilot, autoApprove. 4. Supervised asks.
  const allow = (reason: string, rule: string): Decision => ({ verdict: 'allow', reasons: [reason], rule, risk, mode, ...(command ? { command } : {}) });
  const askFor = (reason: string, rule: string): Decision => ({ verdict: 'ask', reasons: [reason], rule, risk, mode, ...(command ? { command } : {}) });
  switch (action.kind) {
    case 'read':
      return allow('Reads a file inside the workspace.', 'read-inside-workspace');
    case 'write':
    case 'delete':
      return mode === 'autopilot'
        ? allow(`Autopilot applies file changes inside the workspace without asking.`, 'autopilot')
        : askFor(`Supervised: every file change waits for your approval.`, 'supervised');
    case 'fetch':
      return mode === 'autopilot' ? allow('Autopilot fetches web pages without asking.', 'autopilot') : askFor('Supervised: fetching a URL waits for your approval.', 'supervised');
    case 'mcp':
      return action.autoApproved
        ? allow(`The MCP server '${action.server}' lists '${action.tool}' under autoApprove.`, 'mcp-autoApprove')
        : askFor(`The MCP tool '${action.server}/${action.tool}' is not in its server's autoApprove list.`, 'mcp');
    case 'command': {
      if (command!.trusted) {
        const rules = [...new Set(command!.segments.map((s) => s.rule!))];
        const everything = ctx.trustRules.find(matchesEverything);
        const warn = everything && rules.includes(everything.pattern) ? ' (the "*" rule trusts every command)' : '';
        return allow(`Trusted by ${rules.map((r) => `'${r}'`).join(', ')}${warn}.`, rules.join(', '));
      }
      const untrusted = command!.segments.filter((s) => !s.rule).map((s) => `'${s.text}'`);
      const why = `No trust rule matches ${untrusted.join(', ')}.`;
      return askFor(mode === 'autopilot' ? `${why} Autopilot still needs a trust rule for commands.` : why, 'no-trust-rule');
    }
  }
}

function protectedRuleName(root: string, p: string): string {
  const rel = resolveWorkspacePath(root, p).rel;
  return rel === null ? 'outside-workspace' : 'protected-path';
}

/** Per-segment trust, and the rules that would trust the rest. */
function commandFacts(analysis: CommandAnalysis, rules: readonly TrustRule[]): CommandFacts {
  const segments = analysis.segments.map((s) => {
    const rule = s.argv && s.argv.length && !s.nested ? findRule(rules, s.argv) : undefined;
    return { start: s.start, end: s.end, text: s.text, argv: s.argv, rule: rule?.pattern ?? null, nested: s.nested };
  });
  const suggestions = new Set<string>();
  if (analysis.blockers.length === 0) {
    for (const s of segments) if (!s.rule && s.argv && s.argv.length) for (const r of suggestRules(s.argv)) suggestions.add(r);
  }
  const trusted = analysis.blockers.length === 0 && segments.length > 0 && segments.every((s) => s.rule !== null);
  return {
    segments,
    blockers: analysis.blockers.map((b) => ({ kind: b.kind, message: b.message, start: b.start, end: b.end })),
    operators: analysis.operators,
    suggestions: [...suggestions],
    trusted,
  };
}

/**
 * Arguments that name a protected path or a place outside the workspace, for programs
 * that may change files (`cp x .git/hooks/pre-commit` under a `cp *` rule still asks).
 */
function commandPathReasons(analysis: CommandAnalysis, root: string, cwd: string | undefined): string[] {
  const reasons: string[] = [];
  for (const s of analysis.segments) {
    const program = s.words[0]?.value;
    if (!program || READ_ONLY_PROGRAMS.has(basename(program))) continue;
    for (const w of s.words.slice(1)) {
      if (w.value === null || w.value === '' || w.value.length > 4096) continue;
      const value = w.value.startsWith('--') && w.value.includes('=') ? w.value.slice(w.value.indexOf('=') + 1) : w.value;
      if (value.startsWith('-') || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) continue;
      if (!/[/~]/.test(value) && !value.startsWith('.')) continue; // a plain word, not a path
      const where = resolveWorkspacePath(root, value, cwd);
      const why = where.rel === null ? null : protectedReason(where.rel);
      if (why) reasons.push(`'${program}' touches a protected path: ${why}`);
    }
  }
  return reasons;
}
