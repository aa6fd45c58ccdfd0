// Traceability between a spec's documents: which acceptance criteria no task references,
// which references point at criteria that do not exist, and the requirements × tasks matrix
// the board draws.

import type { BugfixDoc } from './bugfix';
import type { DesignDoc } from './design';
import { diagAt, type KiroDiagnostic } from './diagnostics';
import type { Criterion, RequirementsDoc } from './requirements';
import type { TaskState, TasksDoc } from './tasks';
import type { TraceRef } from './trace-refs';

export type CoverageVia = 'criterion' | 'requirement' | 'range' | 'all';

export interface MatrixRow {
  requirementId: string;
  title: string | null;
  criteria: { id: string; line: number }[];
}

export interface MatrixColumn {
  taskIndex: number;
  taskId: string | null;
  title: string;
  state: TaskState;
  optional: boolean;
  /** The task has at least one trace reference. */
  traced: boolean;
}

export interface MatrixCell {
  criterionId: string;
  taskIndex: number;
  via: CoverageVia;
}

/** Plain data (no Map/Set) so it crosses the RPC boundary as is. */
export interface TraceMatrix {
  rows: MatrixRow[];
  columns: MatrixColumn[];
  cells: MatrixCell[];
}

export interface DanglingRef {
  file: 'tasks' | 'design';
  /** The task's position (tasks.md) or the property's number (design.md). */
  owner: string;
  ref: TraceRef;
}

export interface Traceability {
  matrix: TraceMatrix;
  /** Per criterion: the tasks that reference it and the design properties that validate it. */
  coverage: { criterionId: string; line: number; tasks: number[]; properties: string[] }[];
  /** Criteria that need a task and have none. */
  uncovered: { criterionId: string; line: number }[];
  dangling: DanglingRef[];
  /** Diagnostics per document, with positions in that document. */
  diagnostics: { requirements: KiroDiagnostic[]; tasks: KiroDiagnostic[]; design: KiroDiagnostic[] };
  summary: { criteria: number; covered: number; uncovered: number; dangling: number; checked: boolean };
}

export interface TraceInput {
  requirements?: RequirementsDoc | BugfixDoc | null;
  tasks?: TasksDoc | null;
  design?: DesignDoc | null;
}

/** `PV-R1.1` → `1.1`, `Req1.2` → `1.2`: a project prefix in front of a plain id. */
const stripPrefix = (id: string) => id.replace(/^[A-Za-z][A-Za-z-]*?-?(?=\d)/, '');

export function buildTraceability(input: TraceInput): Traceability {
  const reqDoc = input.requirements ?? null;
  const criteria: Criterion[] = reqDoc ? (reqDoc.kind === 'requirements' ? reqDoc.requirements.flatMap((r) => r.criteria) : reqDoc.groups.flatMap((g) => g.criteria)) : [];
  const rows: MatrixRow[] = reqDoc
    ? reqDoc.kind === 'requirements'
      ? reqDoc.requirements.map((r) => ({ requirementId: r.id, title: r.title, criteria: r.criteria.map((c) => ({ id: c.id, line: c.line })) }))
      : reqDoc.groups.map((g) => ({ requirementId: g.number, title: g.heading, criteria: g.criteria.map((c) => ({ id: c.id, line: c.line })) }))
    : [];
  // Bugfix: current behaviour (1.x) describes the defect; only 2.x and 3.x need a task.
  const needsTask = (c: Criterion) => reqDoc?.kind !== 'bugfix' || c.requirementId === '2' || c.requirementId === '3';

  const byId = new Map(criteria.map((c, i) => [c.id, i] as const));
  const byStripped = new Map<string, number>();
  criteria.forEach((c, i) => byStripped.has(stripPrefix(c.id)) || byStripped.set(stripPrefix(c.id), i));
  const byReq = new Map<string, number[]>();
  criteria.forEach((c, i) => byReq.set(c.requirementId, [...(byReq.get(c.requirementId) ?? []), i]));

  const notes: KiroDiagnostic[] = [];
  const prefixed: TraceRef[] = [];
  const resolve = (ref: TraceRef): { indices: number[]; via: CoverageVia } | null => {
    const one = (id: string) => byId.get(id) ?? byStripped.get(stripPrefix(id));
    switch (ref.kind) {
      case 'all':
        return { indices: criteria.map((_, i) => i), via: 'all' };
      case 'criterion': {
        const i = one(ref.id!);
        if (i !== undefined) return { indices: [i], via: 'criterion' };
        const r = byReq.get(ref.id!) ?? byReq.get(stripPrefix(ref.id!));
        return r ? { indices: r, via: 'requirement' } : null;
      }
      case 'requirement': {
        const r = byReq.get(ref.id!) ?? byReq.get(stripPrefix(ref.id!));
        return r ? { indices: r, via: 'requirement' } : null;
      }
      case 'criterion-range': {
        const a = one(ref.from!);
        const b = one(ref.to!);
        if (a === undefined || b === undefined || a > b) return null;
        return { indices: Array.from({ length: b - a + 1 }, (_, k) => a + k), via: 'range' };
      }
      case 'requirement-range': {
        const lo = Number(stripPrefix(ref.from!));
        const hi = Number(stripPrefix(ref.to!));
        const ids = [...byReq.keys()].filter((id) => /^\d+$/.test(stripPrefix(id)) && Number(stripPrefix(id)) >= lo && Number(stripPrefix(id)) <= hi);
        return ids.length ? { indices: ids.flatMap((id) => byReq.get(id)!), via: 'range' } : null;
      }
      default:
        return null;
    }
  };

  const tasks = input.tasks?.tasks ?? [];
  const coverTasks = criteria.map(() => new Set<number>());
  const coverProps = criteria.map(() => new Set<string>());
  const cells: MatrixCell[] = [];
  const dangling: DanglingRef[] = [];
  const taskDiags: KiroDiagnostic[] = [];
  const designDiags: KiroDiagnostic[] = [];
  const canCheck = criteria.length > 0;
  const traced = tasks.some((t) => t.refs.length > 0);

  for (const t of tasks) {
    for (const ref of t.refs) {
      if (ref.kind === 'text') {
        if (canCheck) taskDiags.push(diagAt('info', 'trace.free-text', `"${ref.raw}" is not a requirement id; it is not checked.`, ref.line, ref.column, ref.endColumn));
        continue;
      }
      if (!canCheck) continue;
      const r = resolve(ref);
      if (!r) {
        dangling.push({ file: 'tasks', owner: String(t.index), ref });
        taskDiags.push(diagAt('error', 'trace.unknown-criterion', `Task ${t.id ?? t.title} references ${ref.raw}, which is not ${reqDoc?.kind === 'bugfix' ? 'an item of bugfix.md' : 'an acceptance criterion in requirements.md'}.`, ref.line, ref.column, ref.endColumn));
        continue;
      }
      for (const i of r.indices) {
        if (!coverTasks[i]!.has(t.index)) cells.push({ criterionId: criteria[i]!.id, taskIndex: t.index, via: r.via });
        coverTasks[i]!.add(t.index);
      }
      if (ref.kind === 'criterion' && byId.get(ref.id!) === undefined && byStripped.get(stripPrefix(ref.id!)) !== undefined) {
        prefixed.push(ref);
      }
    }
  }
  for (const p of input.design?.properties ?? []) {
    for (const ref of p.validates) {
      if (ref.kind === 'text' || !canCheck) continue;
      const r = resolve(ref);
      if (!r) {
        dangling.push({ file: 'design', owner: p.number ?? p.title, ref });
        designDiags.push(diagAt('warning', 'trace.unknown-criterion', `Property ${p.number ?? p.title} validates ${ref.raw}, which is not an acceptance criterion in requirements.md.`, ref.line, ref.column, ref.endColumn));
        continue;
      }
      for (const i of r.indices) coverProps[i]!.add(p.number ?? p.title);
    }
  }

  const reqDiags: KiroDiagnostic[] = [];
  const uncovered: Traceability['uncovered'] = [];
  if (canCheck && input.tasks && tasks.length) {
    if (!traced) {
      taskDiags.push(diagAt('info', 'trace.no-references', 'No task references a requirement (e.g. "  - _Requirements: 1.1, 2.3_" under a task), so coverage cannot be checked.', 1));
    } else {
      criteria.forEach((c, i) => {
        if (!needsTask(c) || coverTasks[i]!.size) return;
        uncovered.push({ criterionId: c.id, line: c.line });
        reqDiags.push(diagAt('warning', 'trace.uncovered', `No task references criterion ${c.id}.`, c.line, 1, 1 + Math.min(c.text.length, 80)));
      });
    }
  }
  if (prefixed.length) {
    const f = prefixed[0]!;
    notes.push(diagAt('info', 'trace.prefixed-id', `${prefixed.length} reference${prefixed.length > 1 ? 's' : ''} such as ${f.raw} ${prefixed.length > 1 ? 'were' : 'was'} read without the prefix (${f.raw} → ${criteria[byStripped.get(stripPrefix(f.id!))!]!.id}).`, f.line, f.column, f.endColumn));
  }
  taskDiags.push(...notes);

  return {
    matrix: {
      rows,
      columns: tasks.map((t) => ({ taskIndex: t.index, taskId: t.id, title: t.title, state: t.state, optional: t.optional, traced: t.refs.length > 0 })),
      cells,
    },
    coverage: criteria.map((c, i) => ({ criterionId: c.id, line: c.line, tasks: [...coverTasks[i]!], properties: [...coverProps[i]!] })),
    uncovered,
    dangling,
    diagnostics: { requirements: reqDiags, tasks: taskDiags, design: designDiags },
    summary: {
      criteria: criteria.length,
      covered: coverTasks.filter((s) => s.size > 0).length,
      uncovered: uncovered.length,
      dangling: dangling.length,
      checked: canCheck && traced,
    },
  };
}
