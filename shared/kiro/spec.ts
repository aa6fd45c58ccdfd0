// One spec folder as a whole: its documents parsed, EARS-linted and traced against each
// other, with diagnostics per file and the counts a board card shows.

import { parseBugfix, type BugfixDoc } from './bugfix';
import { parseDesign, type DesignDoc } from './design';
import { countBySeverity, diagAt, sortDiagnostics, type KiroDiagnostic, type Severity } from './diagnostics';
import type { EarsPattern } from './ears';
import { parseRequirements, type RequirementsDoc } from './requirements';
import { parseSpecConfig, type SpecConfigDoc, type SpecType } from './spec-config';
import { parseTasks, type TasksDoc } from './tasks';
import { buildTraceability, type Traceability } from './traceability';

export const SPEC_FILES = ['requirements.md', 'bugfix.md', 'design.md', 'tasks.md', '.config.kiro'] as const;
export type SpecFileName = (typeof SPEC_FILES)[number];

/** The texts of a spec folder's files; absent files are null or missing. */
export type SpecTexts = Partial<Record<SpecFileName, string | null>>;

export interface ParsedSpec {
  type: SpecType;
  requirements: RequirementsDoc | null;
  bugfix: BugfixDoc | null;
  design: DesignDoc | null;
  tasks: TasksDoc | null;
  config: SpecConfigDoc | null;
  trace: Traceability;
  /** Every diagnostic of each present file: parsing, EARS and traceability. */
  diagnostics: Partial<Record<SpecFileName, KiroDiagnostic[]>>;
  summary: SpecSummary;
}

export interface SpecSummary {
  files: SpecFileName[];
  requirements: number;
  criteria: number;
  ears: Record<EarsPattern, number> | null;
  tasks: { total: number; done: number; inProgress: number; queued: number; optional: number; required: number; requiredDone: number };
  trace: Traceability['summary'];
  diagnostics: Record<Severity, number>;
}

const present = (t: string | null | undefined): t is string => typeof t === 'string';

export function parseSpec(texts: SpecTexts): ParsedSpec {
  const config = present(texts['.config.kiro']) ? parseSpecConfig(texts['.config.kiro']) : null;
  const requirements = present(texts['requirements.md']) ? parseRequirements(texts['requirements.md']) : null;
  const bugfix = present(texts['bugfix.md']) ? parseBugfix(texts['bugfix.md']) : null;
  const design = present(texts['design.md']) ? parseDesign(texts['design.md']) : null;
  const tasks = present(texts['tasks.md']) ? parseTasks(texts['tasks.md']) : null;
  const type: SpecType = config?.config.specType ?? (bugfix && !requirements ? 'bugfix' : 'feature');

  const configNotes: KiroDiagnostic[] = [];
  if (config?.config.specType === 'bugfix' && !bugfix && requirements) {
    configNotes.push(diagAt('warning', 'spec.type-mismatch', 'specType is "bugfix" but the folder has requirements.md and no bugfix.md.', 1));
  }
  if (config?.config.specType === 'feature' && bugfix && !requirements) {
    configNotes.push(diagAt('warning', 'spec.type-mismatch', 'specType is "feature" but the folder has bugfix.md and no requirements.md.', 1));
  }
  const reqDoc = type === 'bugfix' ? (bugfix ?? requirements) : (requirements ?? bugfix);
  const trace = buildTraceability({ requirements: reqDoc, tasks, design });
  const reqFile: SpecFileName = reqDoc?.kind === 'bugfix' ? 'bugfix.md' : 'requirements.md';

  const diagnostics: ParsedSpec['diagnostics'] = {};
  const put = (file: SpecFileName, ds: KiroDiagnostic[]) => {
    if (!present(texts[file])) return;
    diagnostics[file] = sortDiagnostics([...(diagnostics[file] ?? []), ...ds]);
  };
  if (requirements) put('requirements.md', requirements.diagnostics);
  if (bugfix) put('bugfix.md', bugfix.diagnostics);
  if (design) put('design.md', [...design.diagnostics, ...trace.diagnostics.design]);
  if (tasks) put('tasks.md', [...tasks.diagnostics, ...trace.diagnostics.tasks]);
  if (reqDoc) put(reqFile, trace.diagnostics.requirements);
  if (config) put('.config.kiro', [...config.diagnostics, ...configNotes]);

  const all = Object.values(diagnostics).flat();
  const ts = tasks?.summary;
  return {
    type,
    requirements,
    bugfix,
    design,
    tasks,
    config,
    trace,
    diagnostics,
    summary: {
      files: SPEC_FILES.filter((f) => present(texts[f])),
      requirements: reqDoc?.kind === 'requirements' ? reqDoc.summary.requirements : reqDoc ? reqDoc.groups.length : 0,
      criteria: reqDoc?.summary.criteria ?? 0,
      ears: reqDoc?.summary.ears ?? null,
      tasks: {
        total: ts?.total ?? 0,
        done: ts?.states.done ?? 0,
        inProgress: ts?.states['in-progress'] ?? 0,
        queued: ts?.states.queued ?? 0,
        optional: ts?.optional ?? 0,
        required: ts?.required ?? 0,
        requiredDone: ts?.requiredDone ?? 0,
      },
      trace: trace.summary,
      diagnostics: countBySeverity(all),
    },
  };
}
