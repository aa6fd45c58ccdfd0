// What the board shows of one spec folder (its card) and what the spec view shows (its
// detail), built from the parsed folder, the sidecar, and what is running now.

import type { SpecActivity, SpecCard, SpecDetail, SpecDocKey, SpecFileView, SpecProblem, TaskRunInfo } from '../../shared/contract/specs';
import type { SpecFolder } from '../kiro/specs';
import { derivePhase, docFile, type DerivedPhase, type Workflow } from './phase';
import { SIDECAR_FILE, type SidecarRead } from './sidecar';
import { taskVerifyCommand } from './task-verify';

export interface SpecEntry {
  folder: SpecFolder;
  sidecar: SidecarRead;
  derived: DerivedPhase;
}

export function entryOf(folder: SpecFolder, sidecar: SidecarRead): SpecEntry {
  const spec = folder.spec;
  const workflow: Workflow = spec.config?.config.workflowType ?? 'requirements-first';
  const derived = derivePhase({
    type: spec.type,
    workflow,
    texts: folder.texts,
    tasks: spec.tasks,
    sidecar: sidecar.kind === 'ok' ? sidecar.sidecar : null,
  });
  return { folder, sidecar, derived };
}

export function cardOf(e: SpecEntry, live: { activity: SpecActivity | null; problem: SpecProblem | null }): SpecCard {
  const { folder, derived } = e;
  const spec = folder.spec;
  const s = spec.summary;
  const reqFile = docFile('requirements', spec.type, folder.texts);
  const reqDiags = spec.diagnostics[reqFile] ?? [];
  const problem: SpecProblem | null =
    e.sidecar.kind === 'broken' ? { kind: 'generation', message: e.sidecar.message, rule: null, at: 0 } : live.problem;
  return {
    id: folder.rel,
    name: folder.name,
    owner: folder.owner,
    type: spec.type,
    workflow: spec.config?.config.workflowType ?? 'requirements-first',
    managed: e.sidecar.kind !== 'absent',
    phase: derived.phase,
    documents: derived.documents,
    progress: { total: s.tasks.total, done: s.tasks.done, required: s.tasks.required, requiredDone: s.tasks.requiredDone, inProgress: s.tasks.inProgress, queued: s.tasks.queued },
    ears: {
      criteria: s.criteria,
      notEars: s.ears?.['not-ears'] ?? 0,
      warnings: reqDiags.filter((d) => d.code.startsWith('ears.') && d.severity !== 'info').length,
    },
    trace: { checked: s.trace.checked, uncovered: s.trace.uncovered, dangling: s.trace.dangling },
    diagnostics: s.diagnostics,
    activity: live.activity,
    problem,
    description: e.sidecar.kind === 'ok' ? (e.sidecar.sidecar.description ?? null) : null,
  };
}

export function detailOf(e: SpecEntry, card: SpecCard, runs: Map<number, TaskRunInfo>, runBlocked: string | null, concurrency: SpecDetail['concurrency']): SpecDetail {
  const { folder } = e;
  const spec = folder.spec;
  const files: SpecFileView[] = e.derived.order.map((key: SpecDocKey) => {
    const file = docFile(key, spec.type, folder.texts);
    const text = folder.texts[file];
    return { key, file, path: `${folder.rel}/${file}`, text: typeof text === 'string' ? text : null, diagnostics: (spec.diagnostics[file] ?? []).map(({ fix: _fix, ...d }) => d) };
  });
  const tasks = (spec.tasks?.tasks ?? []).map((t) => ({
    index: t.index,
    id: t.id,
    title: t.title,
    state: t.state,
    optional: t.optional,
    depth: t.depth,
    line: t.line,
    parent: t.parent,
    verify: taskVerifyCommand(t),
    lastRun: runs.get(t.index) ?? null,
  }));
  const m = spec.trace.matrix;
  const reqDoc = spec.type === 'bugfix' ? (spec.bugfix ?? spec.requirements) : (spec.requirements ?? spec.bugfix);
  const criteria = new Map((reqDoc?.kind === 'requirements' ? reqDoc.requirements.flatMap((r) => r.criteria) : (reqDoc?.groups.flatMap((g) => g.criteria) ?? [])).map((c) => [c.id, c] as const));
  const rows = m.rows.map((r) => ({
    ...r,
    criteria: r.criteria.map((c) => ({ ...c, text: criteria.get(c.id)?.text.replace(/\s+/g, ' ').trim() ?? '', ears: criteria.get(c.id)?.ears.pattern ?? 'not-ears' })),
  }));
  return {
    card,
    files,
    tasks,
    matrix: { rows, columns: m.columns, cells: m.cells, uncovered: spec.trace.uncovered.map((u) => u.criterionId) },
    mermaid: (spec.design?.mermaid ?? []).map((b) => ({ line: b.line, diagramType: b.diagramType, content: b.content })),
    runBlocked,
    concurrency,
  };
}

export const sidecarPath = (specRel: string) => `${specRel}/${SIDECAR_FILE}`;

/** The text of one of the spec's documents, or null when it has none. */
export function docText(e: SpecEntry, key: SpecDocKey): string | null {
  const t = e.folder.texts[docFile(key, e.folder.spec.type, e.folder.texts)];
  return typeof t === 'string' ? t : null;
}
