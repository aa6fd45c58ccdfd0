// `specwright kiro check`: every file under a `.kiro/` folder parsed by the reader that owns
// it, one result per file — kind, ok, summary counts, diagnostics.

import path from 'node:path';
import { countBySeverity, diagAt, hasErrors, type KiroDiagnostic } from '../../shared/kiro/diagnostics';
import { parseHookFile } from '../../shared/kiro/hooks';
import { parseLenientJson } from '../../shared/kiro/lenient-json';
import { parseMcpConfig } from '../../shared/kiro/mcp';
import { parseSteering } from '../../shared/kiro/steering';
import { specApprovalsChecker } from '../specs/sidecar-checker';
import { guardrailsChecker } from './guardrails-checker';
import { readKiroText } from './read';
import { readSpecsOf, markDuplicateSpecIds, type SpecFolder } from './specs';
import { findKiroFolders, kiroFileKind, listKiroFiles, type KiroFileKind } from './tree';

export interface KiroCheckResult {
  /** Path relative to the checked folder (POSIX). */
  path: string;
  kind: KiroFileKind;
  ok: boolean;
  summary: Record<string, unknown>;
  diagnostics: KiroDiagnostic[];
}

/**
 * A checker for a file another feature owns. `kiro.json` (guardrails) belongs to the policy
 * engineer: adding it is one line in `kiroCheckers` below, e.g.
 *   { kind: 'guardrails', matches: (rel) => rel === 'kiro.json', check: (text) => checkGuardrails(text) }
 */
export interface KiroFileChecker {
  kind: KiroFileKind;
  matches(relToKiro: string): boolean;
  check(text: string, relToKiro: string): { summary: Record<string, unknown>; diagnostics: KiroDiagnostic[] };
}

/** Extra checkers, consulted before the built-in ones. */
export const kiroCheckers: KiroFileChecker[] = [guardrailsChecker, specApprovalsChecker];

export interface CheckOptions {
  /** Also check nested `.kiro/` folders below `dir` (a monorepo's packages). Default true. */
  nested?: boolean;
}

/** Checks `dir`: a `.kiro` folder itself, or a folder holding one (and, by default, nested ones). */
export async function checkKiro(dir: string, options: CheckOptions = {}): Promise<KiroCheckResult[]> {
  const abs = path.resolve(dir);
  const folders =
    path.basename(abs) === '.kiro'
      ? [{ dir: abs, owner: '' }]
      : (await findKiroFolders(abs, { maxDepth: options.nested === false ? 0 : 6 })).map((k) => k);
  const base = path.basename(abs) === '.kiro' ? path.dirname(abs) : abs;
  const results: KiroCheckResult[] = [];
  const allSpecs: SpecFolder[] = [];
  const perFolder: { kiroDir: string; specs: SpecFolder[] }[] = [];
  for (const f of folders) {
    const specs = await readSpecsOf(f.dir, f.owner);
    allSpecs.push(...specs);
    perFolder.push({ kiroDir: f.dir, specs });
  }
  markDuplicateSpecIds(allSpecs);
  for (const { kiroDir, specs } of perFolder) {
    for (const rel of await listKiroFiles(kiroDir)) {
      const display = path.relative(base, path.join(kiroDir, rel)).split(path.sep).join('/');
      results.push(await checkFile(kiroDir, rel, display, specs));
    }
  }
  return results;
}

async function checkFile(kiroDir: string, rel: string, display: string, specs: SpecFolder[]): Promise<KiroCheckResult> {
  const abs = path.join(kiroDir, rel);
  const extra = kiroCheckers.find((c) => c.matches(rel));
  const kind = extra?.kind ?? kiroFileKind(rel);
  const result = (summary: Record<string, unknown>, diagnostics: KiroDiagnostic[]): KiroCheckResult => ({
    path: display,
    kind,
    ok: !hasErrors(diagnostics),
    summary: { ...summary, diagnostics: countBySeverity(diagnostics) },
    diagnostics,
  });
  // Spec documents are parsed together (traceability needs the whole folder).
  if (['requirements', 'bugfix', 'design', 'tasks', 'spec-config'].includes(kind) && !extra) {
    const spec = specs.find((s) => s.dir === path.dirname(abs));
    const file = path.basename(rel) as keyof SpecFolder['spec']['diagnostics'];
    if (spec) return result(specFileSummary(spec, file), spec.spec.diagnostics[file] ?? []);
  }
  let text: string;
  let readDiags: KiroDiagnostic[];
  try {
    const t = await readKiroText(abs);
    text = t.text;
    readDiags = t.diagnostics;
  } catch (e) {
    return result({}, [diagAt('error', 'file.unreadable', `Cannot read this file: ${(e as Error).message}`, 1)]);
  }
  if (extra) {
    const r = extra.check(text, rel);
    return result(r.summary, [...readDiags, ...r.diagnostics]);
  }
  switch (kind) {
    case 'steering': {
      const doc = parseSteering(text, rel.slice('steering/'.length));
      return result({ name: doc.name, inclusion: doc.inclusion, patterns: doc.patterns, description: doc.description, includes: doc.includes.map((i) => i.path) }, [...readDiags, ...doc.diagnostics]);
    }
    case 'hook': {
      const f = parseHookFile(text, rel);
      return result(
        {
          format: f.format,
          hooks: f.hooks.map((h) => ({ name: h.name, trigger: h.trigger, action: h.action.type, enabled: h.enabled, ...(h.patterns.length ? { patterns: h.patterns } : {}), ...(h.toolTypes.length ? { toolTypes: h.toolTypes } : {}), ...(h.matcher ? { matcher: h.matcher } : {}) })),
          invalid: f.invalid.map((i) => ({ name: i.name, reason: i.reason })),
        },
        [...readDiags, ...f.diagnostics],
      );
    }
    case 'mcp': {
      const c = parseMcpConfig(text, display, 'workspace');
      return result(
        { servers: c.servers.length, enabled: c.servers.filter((s) => !s.disabled).length, variables: [...new Set(c.servers.flatMap((s) => s.variables.map((v) => v.name)))] },
        [...readDiags, ...c.diagnostics],
      );
    }
    case 'settings': {
      const j = parseLenientJson(text, 'settings file');
      return result({}, [...readDiags, ...j.diagnostics.filter((d) => d.code !== 'json.comment' && d.code !== 'json.trailing-comma')]);
    }
    case 'guardrails':
      return result({ checked: false }, [...readDiags, diagAt('info', 'guardrails.unchecked', 'kiro.json (guardrails) is read by the policy engine; no checker is registered here yet.', 1)]);
    case 'foreign':
      return result({}, [diagAt('info', 'file.foreign', `${path.basename(rel)} belongs to another tool (not part of Kiro's spec format); Specwright ignores it.`, 1)]);
    default: {
      const where = rel.startsWith('specs/') && rel.split('/').length === 2 ? 'A file directly in specs/ is not a spec; specs are folders (specs/<name>/requirements.md, …).' : 'Not a file Kiro or Specwright reads; ignored.';
      return result({}, [diagAt('info', 'file.ignored', where, 1)]);
    }
  }
}

function specFileSummary(s: SpecFolder, file: string): Record<string, unknown> {
  const p = s.spec;
  switch (file) {
    case 'requirements.md':
      return p.requirements ? { spec: s.name, requirements: p.requirements.summary.requirements, criteria: p.requirements.summary.criteria, ears: p.requirements.summary.ears, uncovered: p.trace.summary.uncovered } : {};
    case 'bugfix.md':
      return p.bugfix ? { spec: s.name, ...p.bugfix.summary } : {};
    case 'design.md':
      return p.design ? { spec: s.name, ...p.design.summary } : {};
    case 'tasks.md':
      return p.tasks ? { spec: s.name, tasks: p.tasks.summary.total, states: p.tasks.summary.states, optional: p.tasks.summary.optional, waves: p.tasks.graph?.waves.length ?? 0, danglingRefs: p.trace.dangling.filter((d) => d.file === 'tasks').length } : {};
    default:
      return p.config ? { spec: s.name, specId: p.config.config.specId, workflowType: p.config.config.workflowType, specType: p.config.config.specType } : {};
  }
}
