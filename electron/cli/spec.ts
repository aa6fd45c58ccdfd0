// `specwright spec lint [PATH] [--json]`: EARS and traceability diagnostics for one spec
// folder or every spec of a workspace, non-zero exit on errors — for gating pull requests.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { KiroDiagnostic, Severity } from '../../shared/kiro/diagnostics';
import { SPEC_FILES } from '../../shared/kiro/spec';
import { listSpecs, readSpecFolder, readSpecsOf, type SpecFolder } from '../kiro/specs';

export interface SpecLintOptions {
  json?: boolean;
  /** Fail on warnings too. */
  strict?: boolean;
  /** Print notes (info) as well as errors and warnings. */
  verbose?: boolean;
}

/** Finds the specs PATH stands for: a spec folder, a `.kiro` or `specs` folder, or a workspace. */
export async function specsAt(target: string): Promise<SpecFolder[] | null> {
  let abs = path.resolve(target);
  if (!existsSync(abs)) return null;
  if (statSync(abs).isFile()) abs = path.dirname(abs);
  if (SPEC_FILES.some((f) => existsSync(path.join(abs, f)))) {
    const parent = path.dirname(abs);
    const rel = path.basename(parent) === 'specs' && path.basename(path.dirname(parent)) === '.kiro' ? `.kiro/specs/${path.basename(abs)}` : path.basename(abs);
    return [await readSpecFolder(abs, { rel })];
  }
  if (path.basename(abs) === '.kiro') return readSpecsOf(abs, '');
  if (path.basename(abs) === 'specs' && path.basename(path.dirname(abs)) === '.kiro') return readSpecsOf(path.dirname(abs), '');
  return listSpecs(abs);
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export async function runSpecLint(target: string, options: SpecLintOptions, print: (line: string) => void = console.log): Promise<number> {
  const specs = await specsAt(target);
  if (specs === null) {
    print(`specwright spec lint: ${target} does not exist.`);
    return 2;
  }
  if (!specs.length) {
    print(`specwright spec lint: no spec found at ${target} (looked for .kiro/specs/<name>/ with requirements.md, bugfix.md, design.md or tasks.md).`);
    return 2;
  }
  let errors = 0;
  let warnings = 0;
  let notes = 0;
  for (const s of specs) {
    const all: (KiroDiagnostic & { file: string })[] = Object.entries(s.spec.diagnostics).flatMap(([file, ds]) => ds!.map((d) => ({ file, ...d })));
    const c = { error: 0, warning: 0, info: 0 };
    for (const d of all) c[d.severity]++;
    errors += c.error;
    warnings += c.warning;
    notes += c.info;
    const ok = c.error === 0 && (!options.strict || c.warning === 0);
    if (options.json) {
      print(JSON.stringify({ spec: s.name, path: s.rel, type: s.spec.type, ok, summary: s.spec.summary, diagnostics: all }));
      continue;
    }
    const shown = all.filter((d) => RANK[d.severity] <= (options.verbose ? 2 : 1)).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
    for (const d of shown) print(`${s.rel}/${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`);
    const sum = s.spec.summary;
    const b = s.spec.type === 'bugfix' ? s.spec.bugfix?.summary : null;
    const parts = [
      b ? `bug analysis: ${b.current} current, ${b.expected} expected, ${b.unchanged} unchanged` : null,
      !b && (sum.requirements || sum.criteria) ? `${sum.requirements} requirement${sum.requirements === 1 ? '' : 's'}, ${sum.criteria} criteria${sum.ears && sum.ears['not-ears'] ? ` (${sum.ears['not-ears']} not EARS)` : ''}` : null,
      sum.tasks.total ? `tasks ${sum.tasks.done}/${sum.tasks.total} done` : null,
      sum.trace.checked ? `${sum.trace.uncovered} uncovered, ${sum.trace.dangling} dangling reference${sum.trace.dangling === 1 ? '' : 's'}` : null,
    ].filter(Boolean);
    print(`${ok ? '✓' : '✗'} ${s.rel}: ${parts.join('; ') || 'no documents yet'} — ${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} note${c.info === 1 ? '' : 's'}`);
  }
  if (!options.json) print(`${specs.length} spec${specs.length === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${notes} note${notes === 1 ? '' : 's'}${options.verbose ? '' : ' (--verbose shows notes)'}`);
  return errors > 0 || (options.strict && warnings > 0) ? 1 : 0;
}
