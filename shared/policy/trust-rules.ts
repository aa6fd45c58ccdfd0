import { shellQuote } from './words';

/**
 * Kiro-compatible trusted-command rules, matched on the words of one parsed simple
 * command (never on the raw line):
 *   `npm install`    exactly that command
 *   `npm install *`  that command with any arguments, or none
 *   `npm *`          any npm command
 *   `*`              every simple command (structure checks and risk still apply)
 */

export type RuleScope = 'user' | 'workspace' | 'cli';

export interface TrustRule {
  /** As written in settings. */
  pattern: string;
  /** Leading words that must match exactly. */
  words: string[];
  /** Ends in `*`: any further words, or none. */
  rest: boolean;
  scope: RuleScope;
}

export interface RuleProblem {
  pattern: string;
  scope: RuleScope;
  message: string;
}

const SHELL_SYNTAX = /[;&|<>`$(){}\\"']/;

/** Parses one rule, or says what is wrong with it in words. */
export function parseTrustRule(pattern: string, scope: RuleScope): TrustRule | RuleProblem {
  const problem = (message: string): RuleProblem => ({ pattern, scope, message });
  const words = pattern.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return problem('The rule is empty.');
  const last = words[words.length - 1]!;
  const rest = last === '*';
  const fixed = rest ? words.slice(0, -1) : words;
  for (const w of fixed) {
    if (w.includes('*')) {
      return problem(`'*' may only stand alone as the last word (for example '${fixed.filter((x) => !x.includes('*')).join(' ') || 'npm'} *'); '${w}' is not allowed.`);
    }
    if (SHELL_SYNTAX.test(w)) {
      return problem(`A rule names one command with plain words; '${w}' contains shell syntax. Add one rule per command instead.`);
    }
  }
  return { pattern: words.join(' '), words: fixed, rest, scope };
}

export const isRuleProblem = (r: TrustRule | RuleProblem): r is RuleProblem => 'message' in r;

export interface ParsedRules {
  rules: TrustRule[];
  problems: RuleProblem[];
}

export function parseTrustRules(patterns: { pattern: string; scope: RuleScope }[]): ParsedRules {
  const out: ParsedRules = { rules: [], problems: [] };
  for (const { pattern, scope } of patterns) {
    const r = parseTrustRule(pattern, scope);
    if (isRuleProblem(r)) out.problems.push(r);
    else out.rules.push(r);
  }
  return out;
}

/** Whether a rule matches a command's words (argv[0] is the program, as written). */
export function ruleMatches(rule: TrustRule, argv: readonly string[]): boolean {
  if (argv.length === 0) return false;
  if (argv.length < rule.words.length) return false;
  for (let i = 0; i < rule.words.length; i++) if (argv[i] !== rule.words[i]) return false;
  return rule.rest || argv.length === rule.words.length;
}

export function findRule(rules: readonly TrustRule[], argv: readonly string[]): TrustRule | undefined {
  return rules.find((r) => ruleMatches(r, argv));
}

export const matchesEverything = (rule: TrustRule) => rule.rest && rule.words.length === 0;

/**
 * Rules a person may add from an approval: the exact command, and broader `base *`
 * forms. A word with spaces or shell syntax cannot be written as a rule word, so the
 * exact form is only offered when every word is plain.
 */
export function suggestRules(argv: readonly string[]): string[] {
  if (argv.length === 0) return [];
  const plain = (w: string) => w !== '' && !/\s/.test(w) && !SHELL_SYNTAX.test(w) && !w.includes('*');
  const out: string[] = [];
  if (argv.every(plain)) out.push(argv.join(' '));
  const [program, sub] = argv;
  if (sub !== undefined && plain(sub) && !sub.startsWith('-') && plain(program!)) out.push(`${program} ${sub} *`);
  if (plain(program!)) out.push(`${program} *`);
  return [...new Set(out)];
}

/** For display: a command's words with the quoting that keeps their boundaries visible. */
export const formatArgv = (argv: readonly string[]) => argv.map(shellQuote).join(' ');
