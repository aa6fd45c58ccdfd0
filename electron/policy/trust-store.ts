import { readFile } from 'node:fs/promises';
import { applyEdits, modify, parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { RpcError } from '../../shared/rpc/errors';
import { TrustedCommands } from '../../shared/settings/policy';
import type { RuleScope } from '../../shared/policy/trust-rules';
import { writeFileAtomic } from '../workspace/atomic-write';

/**
 * Trust rules per scope. The settings service merges scopes with the workspace replacing
 * the user's lists; trust rules must add up instead, so each file is read on its own.
 */

export interface ScopedPatterns {
  patterns: { pattern: string; scope: RuleScope }[];
  /** Files whose rules could not be read, in words. */
  problems: { scope: RuleScope; message: string }[];
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function lineOf(text: string, offset: number) {
  return text.slice(0, offset).split('\n').length;
}

export async function readScopedRules(files: { scope: RuleScope; file: string }[]): Promise<ScopedPatterns> {
  const out: ScopedPatterns = { patterns: [], problems: [] };
  for (const { scope, file } of files) {
    let text: string | null;
    try {
      text = await readText(file);
    } catch (e) {
      out.problems.push({ scope, message: `${file}: cannot be read (${(e as Error).message}); its trust rules are not applied.` });
      continue;
    }
    if (text === null) continue;
    const errors: ParseError[] = [];
    const json: unknown = parseJsonc(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: true });
    if (errors.length) {
      const e = errors[0]!;
      out.problems.push({ scope, message: `${file}:${lineOf(text, e.offset)}: ${printParseErrorCode(e.error)}; its trust rules are not applied until it is fixed.` });
      continue;
    }
    const section = (json as { policy?: { trustedCommands?: unknown } } | null)?.policy;
    // Only the rules: a bad value elsewhere in the section (policy.defaultMode) is the settings' problem, not theirs.
    const parsed = TrustedCommands.safeParse(section && typeof section === 'object' ? section.trustedCommands : undefined);
    if (!parsed.success) {
      out.problems.push({ scope, message: `${file}: policy.trustedCommands must be a list of strings; its trust rules are not applied.` });
      continue;
    }
    for (const pattern of parsed.data) out.patterns.push({ pattern, scope });
  }
  return out;
}

/**
 * Adds a rule to a settings file, keeping its comments, formatting and other settings.
 * A file that is not valid JSON is left alone: the person gets an error instead.
 */
export async function addRuleToFile(file: string, rule: string, write: (text: string) => Promise<void> = (t) => writeFileAtomic(file, Buffer.from(t))): Promise<boolean> {
  const text = (await readText(file)) ?? '{}\n';
  const errors: ParseError[] = [];
  const json = parseJsonc(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: true }) as { policy?: { trustedCommands?: unknown } } | null;
  if (errors.length || json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new RpcError('CONFLICT', `Cannot add the trust rule: ${file} is not a valid settings file (line ${errors[0] ? lineOf(text, errors[0].offset) : 1}). Fix it first; it was left unchanged.`);
  }
  const current = json.policy?.trustedCommands;
  if (current !== undefined && !Array.isArray(current)) {
    throw new RpcError('CONFLICT', `Cannot add the trust rule: policy.trustedCommands in ${file} is not a list. Fix it first; it was left unchanged.`);
  }
  if (Array.isArray(current) && current.includes(rule)) return false;
  const options = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: text.includes('\r\n') ? '\r\n' : '\n' } };
  const edits = Array.isArray(current)
    ? modify(text, ['policy', 'trustedCommands', -1], rule, { ...options, isArrayInsertion: true })
    : modify(text, ['policy', 'trustedCommands'], [rule], options);
  await write(applyEdits(text, edits));
  return true;
}
