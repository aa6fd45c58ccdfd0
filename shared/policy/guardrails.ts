import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import picomatch from 'picomatch/posix';

/**
 * Guardrails from `.kiro/kiro.json`:
 *   {"guardrails": {"deny": {"actions": [], "resources": [], "patterns": []},
 *                   "requireApproval": {"files": [], "patterns": []}}}
 * A denied item is refused whatever the mode; a require-approval item always asks.
 * Validation names the key of every problem. A broken file keeps every deny entry that
 * can still be read, and the caller treats the guardrails as incomplete (see `intact`).
 */

export interface Guardrails {
  deny: { actions: string[]; resources: string[]; patterns: string[] };
  requireApproval: { files: string[]; patterns: string[] };
}

export interface GuardrailDiagnostic {
  severity: 'error' | 'warning';
  /** The key, e.g. `guardrails.deny.actions[2]`; '' for the file as a whole. */
  key: string;
  message: string;
  line?: number;
  column?: number;
}

export interface GuardrailsState {
  rules: Guardrails;
  diagnostics: GuardrailDiagnostic[];
  /** False when the file has errors: some rules may be missing, so nothing is allowed without a person. */
  intact: boolean;
  /** Where the rules came from, for messages. */
  file: string;
}

export const emptyGuardrails = (): Guardrails => ({
  deny: { actions: [], resources: [], patterns: [] },
  requireApproval: { files: [], patterns: [] },
});

export const noGuardrails = (file = '.kiro/kiro.json'): GuardrailsState => ({ rules: emptyGuardrails(), diagnostics: [], intact: true, file });

const LISTS = {
  deny: ['actions', 'resources', 'patterns'],
  requireApproval: ['files', 'patterns'],
} as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown) => (Array.isArray(v) ? 'a list' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

function lineCol(text: string, offset: number) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Parses and validates the text of a kiro.json. `null` text means the file does not exist. */
export function parseGuardrails(text: string | null, file = '.kiro/kiro.json'): GuardrailsState {
  if (text === null) return noGuardrails(file);
  const diagnostics: GuardrailDiagnostic[] = [];
  const rules = emptyGuardrails();
  const errors: ParseError[] = [];
  const clean = text.replace(/^\uFEFF/, '');
  // jsonc-parser recovers from errors, so entries before (and often after) a typo survive.
  const root: unknown = parseJsonc(clean, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors.slice(0, 3)) {
    const { line, column } = lineCol(clean, e.offset);
    diagnostics.push({ severity: 'error', key: '', message: `${file}:${line}:${column}: ${describeParseError(printParseErrorCode(e.error))}`, line, column });
  }
  if (clean.trim() === '') {
    diagnostics.push({ severity: 'error', key: '', message: `${file} is empty; expected {"guardrails": {…}}.` });
  } else if (!isObject(root)) {
    if (!errors.length) diagnostics.push({ severity: 'error', key: '', message: `${file}: expected a JSON object, found ${describe(root)}.` });
  } else {
    readGuardrails(root, rules, diagnostics);
  }
  return { rules, diagnostics, intact: !diagnostics.some((d) => d.severity === 'error'), file };
}

function readGuardrails(root: Record<string, unknown>, rules: Guardrails, diagnostics: GuardrailDiagnostic[]) {
  const g = root.guardrails;
  if (g === undefined) return; // kiro.json may hold other settings only
  if (!isObject(g)) {
    diagnostics.push({ severity: 'error', key: 'guardrails', message: `guardrails must be an object with "deny" and/or "requireApproval"; found ${describe(g)}.` });
    return;
  }
  for (const key of Object.keys(g)) {
    if (!(key in LISTS)) diagnostics.push({ severity: 'warning', key: `guardrails.${key}`, message: `guardrails.${key} is not a known section (expected "deny" or "requireApproval"); it is ignored.` });
  }
  for (const section of ['deny', 'requireApproval'] as const) {
    const value = g[section];
    if (value === undefined) continue;
    const base = `guardrails.${section}`;
    if (!isObject(value)) {
      diagnostics.push({ severity: 'error', key: base, message: `${base} must be an object of lists (${LISTS[section].join(', ')}); found ${describe(value)}.` });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (!(LISTS[section] as readonly string[]).includes(key)) {
        diagnostics.push({ severity: 'warning', key: `${base}.${key}`, message: `${base}.${key} is not a known list (expected ${LISTS[section].join(', ')}); it is ignored.` });
      }
    }
    for (const list of LISTS[section]) {
      const items = value[list];
      const key = `${base}.${list}`;
      if (items === undefined) continue;
      const target = (rules[section] as Record<string, string[]>)[list]!;
      if (typeof items === 'string') {
        // One string where a list belongs: keep it (safer than dropping a deny rule), but say so.
        diagnostics.push({ severity: 'error', key, message: `${key} must be a list of strings, e.g. ["${items}"]; found a single string (it is applied as one entry).` });
        if (items.trim()) target.push(items);
        continue;
      }
      if (!Array.isArray(items)) {
        diagnostics.push({ severity: 'error', key, message: `${key} must be a list of strings; found ${describe(items)}.` });
        continue;
      }
      items.forEach((item, i) => {
        if (typeof item !== 'string') diagnostics.push({ severity: 'error', key: `${key}[${i}]`, message: `${key}[${i}] must be a string; found ${describe(item)}.` });
        else if (item.trim() === '') diagnostics.push({ severity: 'warning', key: `${key}[${i}]`, message: `${key}[${i}] is empty and matches nothing; it is ignored.` });
        else target.push(item);
      });
    }
  }
}

function describeParseError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'expected a property name in double quotes',
    ValueExpected: 'expected a value',
    ColonExpected: 'expected a colon',
    CommaExpected: 'expected a comma',
    CloseBraceExpected: 'expected a closing brace }',
    CloseBracketExpected: 'expected a closing bracket ]',
    EndOfFileExpected: 'unexpected text after the end of the JSON',
    UnexpectedEndOfString: 'a string is not closed',
    UnexpectedEndOfComment: 'a comment is not closed',
    InvalidCharacter: 'a control character inside a string',
    InvalidEscapeCharacter: 'invalid escape in a string',
    InvalidUnicode: 'invalid unicode escape',
  };
  return words[code] ?? code;
}

/** What an action offers to the guardrails: its names, the resources it touches, its text. */
export interface GuardrailSubject {
  /** Action names, e.g. `delete_production_database`, `aws iam delete-role`, `iam:DeleteRole`, `write`. */
  actions: string[];
  /** ARNs, resource names, paths, URLs. */
  resources: string[];
  /** Text searched for patterns: the command line, the new file content, the tool input. */
  texts: string[];
  /** Workspace-relative files changed. */
  files: string[];
}

export interface GuardrailHit {
  effect: 'deny' | 'ask';
  /** e.g. `guardrails.deny.resources: "arn:aws:iam::*:role/production-*"` */
  rule: string;
  reason: string;
}

/** `*` matches any run of characters (across `/` and `:`, as in IAM ARNs), `?` one character. */
export function wildcardMatcher(pattern: string): (value: string) => boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'is');
  return (v) => re.test(v);
}

const squash = (s: string) => s.replace(/\s+/g, ' ').toLowerCase();

/** Every rule that applies to the subject, deny rules first. */
export function checkGuardrails(rules: Guardrails, subject: GuardrailSubject): GuardrailHit[] {
  const hits: GuardrailHit[] = [];
  const texts = subject.texts.map(squash);
  for (const a of rules.deny.actions) {
    const m = wildcardMatcher(a);
    const found = subject.actions.find((x) => m(x));
    if (found) hits.push({ effect: 'deny', rule: `guardrails.deny.actions: "${a}"`, reason: `The action '${found}' is denied by the workspace guardrails.` });
  }
  for (const r of rules.deny.resources) {
    const m = wildcardMatcher(r);
    const found = subject.resources.find((x) => m(x));
    if (found) hits.push({ effect: 'deny', rule: `guardrails.deny.resources: "${r}"`, reason: `The resource '${found}' is denied by the workspace guardrails.` });
  }
  for (const p of rules.deny.patterns) {
    if (texts.some((t) => t.includes(squash(p)))) hits.push({ effect: 'deny', rule: `guardrails.deny.patterns: "${p}"`, reason: `It contains '${p}', which the workspace guardrails deny.` });
  }
  for (const f of rules.requireApproval.files) {
    const m = picomatch(f, { dot: true, nocase: true });
    const found = subject.files.find((x) => m(x) || m(`./${x}`));
    if (found) hits.push({ effect: 'ask', rule: `guardrails.requireApproval.files: "${f}"`, reason: `'${found}' matches '${f}', which the workspace guardrails always show to a person.` });
  }
  for (const p of rules.requireApproval.patterns) {
    if (texts.some((t) => t.includes(squash(p)))) {
      hits.push({ effect: 'ask', rule: `guardrails.requireApproval.patterns: "${p}"`, reason: `It contains '${p}', which the workspace guardrails always show to a person.` });
    }
  }
  return hits;
}
