// tasks.md: checkbox tasks with ids, states, the optional marker, nesting, detail lines,
// requirement references and the `## Task Dependency Graph` waves; and writers that change
// exactly the characters they must (a state flip is one character).

import { diagAt, diagRange, sortDiagnostics, type KiroDiagnostic } from './diagnostics';
import { parseLenientJson, isObject } from './lenient-json';
import { openMarkdownDoc, scanMarkdown, type MdLine } from './markdown';
import { parseTraceLine, type TraceRef } from './trace-refs';
import { applyTextEdits, indentWidth, LineIndex, looksBinaryText, type TextEdit } from './text';
import type { DocumentBase } from './requirements';

export type TaskState = 'not-started' | 'in-progress' | 'done' | 'queued';

/** The character Kiro writes between the brackets for each state. */
export const STATE_CHAR: Record<TaskState, string> = { 'not-started': ' ', 'in-progress': '-', done: 'x', queued: '~' };
const STATE_OF: Record<string, TaskState> = { ' ': 'not-started', '-': 'in-progress', x: 'done', X: 'done', '~': 'queued' };
export const TASK_STATES: readonly TaskState[] = ['not-started', 'in-progress', 'done', 'queued'];

export interface TaskDetail {
  line: number;
  /** The line without its indentation. */
  text: string;
}

export interface Task {
  /** Position in the file (0-based); the stable handle when ids are missing or repeated. */
  index: number;
  /** `1`, `2.1`, `4.2.1`, `T3` — null for unnumbered tasks. */
  id: string | null;
  title: string;
  state: TaskState;
  /** The character as written (`X` is accepted for done). */
  stateChar: string;
  optional: boolean;
  line: number;
  /** Leading whitespace width of the checkbox line. */
  indent: number;
  depth: number;
  /** Index of the parent task, or null. */
  parent: number | null;
  children: number[];
  /** How the parent was found: by indentation, or — for flat files that write `2.1` under `2.` — by id. */
  nesting: 'indent' | 'id' | null;
  details: TaskDetail[];
  /** References from `_Requirements: …_` (and relatives) in the detail lines. */
  refs: TraceRef[];
  /** The nearest heading above the task. */
  section: string | null;
  /** Body offset of the state character. */
  stateOffset: number;
  /** Body offset of the optional marker (or where it would go: right after `]`). */
  markerOffset: number;
}

export interface Wave {
  /** Position in the graph (0-based). */
  index: number;
  /** The wave's own label (`id` or `wave` field), if any. */
  label: string | null;
  tasks: string[];
}

export interface DependencyGraph {
  line: number;
  waves: Wave[];
}

export interface TasksDoc extends DocumentBase {
  kind: 'tasks';
  tasks: Task[];
  graph: DependencyGraph | null;
  summary: {
    total: number;
    states: Record<TaskState, number>;
    optional: number;
    /** Required (non-optional) tasks, and how many of them are done: the card's progress. */
    required: number;
    requiredDone: number;
  };
}

const TASK_LINE = /^([ \t]*)(?:[-*+]|\d+[.)])[ \t]+\[(.)\](\*?)(?=[ \t]|$)[ \t]*(.*)$/;
const TASK_ID = /^((?:[A-Z]{1,3}-?)?\d+(?:\.\d+)*)\.?(?=\s|$)\s*/;

export function parseTasks(text: string): TasksDoc {
  const { body, index, scan, diagnostics, base } = openMarkdownDoc(text);
  const doc: TasksDoc = {
    kind: 'tasks',
    ...base,
    tasks: [],
    graph: null,
    summary: { total: 0, states: { 'not-started': 0, 'in-progress': 0, done: 0, queued: 0 }, optional: 0, required: 0, requiredDone: 0 },
  };
  if (looksBinaryText(body)) {
    diagnostics.push(diagAt('error', 'file.binary', 'This is not a text file; it cannot be read as a task list.', 1));
    return doc;
  }
  if (!body.trim()) {
    diagnostics.push(diagAt('info', 'tasks.empty', 'The task list is empty: the tasks phase has not started.', 1));
    return doc;
  }

  const tasks = doc.tasks;
  let section: string | null = null;
  /** The last task, for lazy continuation lines. */
  let current: Task | null = null;
  /** Open tasks by indentation; a detail line belongs to the deepest one indented less than it. */
  const stack: Task[] = [];
  let fenceOwner: Task | null = null;
  let inFence = false;
  const owner = (l: MdLine) => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i]!.indent < l.indent) return stack[i]!;
    return null;
  };
  const addDetail = (t: Task, l: MdLine) => {
    t.details.push({ line: l.n, text: l.text.trimStart() });
    const trace = parseTraceLine(l.text, l.start, l.n);
    if (trace) t.refs.push(...trace.refs);
  };
  for (const l of scan.lines) {
    if (l.kind === 'heading') {
      section = l.heading!.plain;
      current = fenceOwner = null;
      stack.length = 0;
      continue;
    }
    if (l.kind === 'code' || l.kind === 'fence') {
      if (l.kind === 'fence' && !inFence) fenceOwner = owner(l);
      if (fenceOwner) fenceOwner.details.push({ line: l.n, text: l.text.trimStart() });
      else current = null;
      if (l.kind === 'fence') {
        inFence = !inFence;
        if (!inFence) fenceOwner = null;
      }
      continue;
    }
    if (l.kind === 'blank') continue;
    const m = TASK_LINE.exec(l.text);
    if (m && !(m[2]! in STATE_OF)) {
      if (/[^\p{L}\p{N}\s]/u.test(m[2]!)) {
        const col = l.text.indexOf('[') + 1;
        diagnostics.push(diagAt('warning', 'tasks.unknown-state', `"[${m[2]}]" is not a task state; use [ ] not started, [-] in progress, [x] done or [~] queued. This line is not read as a task.`, l.n, col, col + 3));
      }
    } else if (m) {
      const task = readTask(l, m, tasks.length, section);
      while (stack.length && stack[stack.length - 1]!.indent >= task.indent) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) {
        task.parent = parent.index;
        task.nesting = 'indent';
        parent.children.push(task.index);
      }
      task.depth = stack.length;
      stack.push(task);
      tasks.push(task);
      current = task;
      if (m[2] === 'X') {
        const d = diagRange(index, 'info', 'tasks.uppercase-x', 'Done is written [x] in lower case; [X] is accepted.', task.stateOffset, task.stateOffset + 1);
        d.fix = { title: 'Write [x]', edits: [{ offset: task.stateOffset, length: 1, text: 'x' }] };
        diagnostics.push(d);
      }
      continue;
    }
    const t = owner(l);
    if (t) {
      addDetail(t, l);
      continue;
    }
    // At or left of every open task: a lazy continuation of the last one, unless a blank
    // line or a new block (another list, a quote, a table) ends the list.
    const prev = scan.lines[l.n - 2];
    if (current && prev?.kind !== 'blank' && !isBlockStart(l)) {
      addDetail(current, l);
      continue;
    }
    current = null;
    stack.length = 0;
  }

  // Flat files write `2.1` at the same indentation as `2.`: nest those by id.
  const byId = new Map<string, Task>();
  for (const t of tasks) {
    if (t.id === null) continue;
    if (t.parent === null && t.id.includes('.')) {
      const p = byId.get(t.id.slice(0, t.id.lastIndexOf('.')));
      if (p && p.parent === null && p.index < t.index) {
        t.parent = p.index;
        t.nesting = 'id';
        t.depth = p.depth + 1;
        p.children.push(t.index);
      }
    }
    const prev = byId.get(t.id);
    if (prev) diagnostics.push(diagRange(index, 'warning', 'tasks.duplicate-id', `Task ${t.id} appears twice (first at line ${prev.line}); it can only be addressed by its position.`, t.stateOffset - 1, t.stateOffset + 2));
    else byId.set(t.id, t);
  }
  for (const t of tasks) {
    if (t.state !== 'done') continue;
    const open = t.children.map((i) => tasks[i]!).filter((c) => c.state !== 'done' && !c.optional);
    if (open.length) {
      diagnostics.push(diagRange(index, 'warning', 'tasks.done-with-open-subtasks', `Task ${t.id ?? t.title} is marked done but sub-task${open.length > 1 ? 's' : ''} ${open.map((c) => c.id ?? c.title).join(', ')} ${open.length > 1 ? 'are' : 'is'} not.`, t.stateOffset - 1, t.stateOffset + 2));
    }
  }

  doc.graph = readGraph(scan.fences, index, diagnostics, byId);
  if (!tasks.length) diagnostics.push(diagAt('info', 'tasks.none', 'No tasks found: Kiro writes "- [ ] 1. Task title" lines.', 1));

  for (const t of tasks) {
    doc.summary.states[t.state]++;
    if (t.optional) doc.summary.optional++;
    else {
      doc.summary.required++;
      if (t.state === 'done') doc.summary.requiredDone++;
    }
  }
  doc.summary.total = tasks.length;
  sortDiagnostics(diagnostics);
  return doc;
}

function readTask(l: MdLine, m: RegExpExecArray, idx: number, section: string | null): Task {
  const indentText = m[1]!;
  const boxAt = l.text.indexOf('[', indentText.length);
  const rest = m[4]!;
  const idm = TASK_ID.exec(rest);
  return {
    index: idx,
    id: idm ? idm[1]! : null,
    title: (idm ? rest.slice(idm[0].length) : rest).trim(),
    state: STATE_OF[m[2]!]!,
    stateChar: m[2]!,
    optional: m[3] === '*',
    line: l.n,
    indent: indentWidth(indentText),
    depth: 0,
    parent: null,
    children: [],
    nesting: null,
    details: [],
    refs: [],
    section,
    stateOffset: l.start + boxAt + 1,
    markerOffset: l.start + boxAt + 3,
  };
}

const isBlockStart = (l: MdLine) => l.indent === 0 && /^(?:[-*+]\s|\d+[.)]\s|>|\||<)/.test(l.text);

function readGraph(
  fences: ReturnType<typeof scanMarkdown>['fences'],
  index: LineIndex,
  diagnostics: KiroDiagnostic[],
  byId: Map<string, Task>,
): DependencyGraph | null {
  for (const f of fences) {
    if (f.lang !== '' && f.lang !== 'json' && f.lang !== 'jsonc' && f.lang !== 'json5') continue;
    if (!/"waves"|^\s*\[\s*\[/.test(f.content)) continue;
    const json = parseLenientJson(f.content, 'dependency graph');
    const shift = (d: KiroDiagnostic) => {
      const p = index.position(f.contentStart);
      return { ...d, line: d.line + p.line - 1, endLine: d.endLine + p.line - 1 };
    };
    if (json.broken) {
      diagnostics.push(...json.diagnostics.filter((d) => d.severity === 'error').map(shift));
      return { line: f.line, waves: [] };
    }
    const raw = isObject(json.value) ? json.value.waves : json.value;
    const list: unknown[] = Array.isArray(raw) ? raw : isObject(raw) ? Object.entries(raw).map(([k, v]) => ({ id: k, tasks: v })) : [];
    if (!list.length) {
      diagnostics.push(diagAt('warning', 'tasks.graph-empty', 'The dependency graph has no waves ({"waves": [{"id": 0, "tasks": ["1.1"]}, …]}).', f.line));
      return { line: f.line, waves: [] };
    }
    const waves: Wave[] = [];
    const placed = new Map<string, number>();
    list.forEach((w, i) => {
      const ids = Array.isArray(w) ? w : isObject(w) && Array.isArray(w.tasks) ? w.tasks : null;
      const label = isObject(w) ? (w.id ?? w.wave ?? w.name ?? null) : null;
      if (!ids) {
        diagnostics.push(shift(json.diagAt(isObject(json.value) ? ['waves', i] : [i], 'error', 'tasks.graph-wave', `Wave ${i + 1} has no task list (expected {"id": ${i}, "tasks": ["…"]} or an array of task ids).`)));
        return;
      }
      const tasks = ids.map(String);
      for (const id of tasks) {
        if (placed.has(id)) diagnostics.push(diagAt('warning', 'tasks.graph-duplicate', `Task ${id} is in wave ${placed.get(id)! + 1} and again in wave ${i + 1}.`, f.line));
        else placed.set(id, i);
        if (!byId.has(id)) diagnostics.push(diagAt('warning', 'tasks.graph-unknown-task', `The dependency graph names task ${id}, which is not a task in this file.`, f.line));
      }
      waves.push({ index: i, label: label === null ? null : String(label), tasks });
    });
    return { line: f.line, waves };
  }
  return null;
}

// ── Writers ────────────────────────────────────────────────────────────────

/** Which task: its id (`"2.1"`), or its position in the file (`{ index: 3 }`), or its line. */
export type TaskTarget = string | { index: number } | { line: number };

export class TaskEditError extends Error {
  override name = 'TaskEditError';
}

export function findTask(doc: TasksDoc, target: TaskTarget): Task {
  if (typeof target === 'string') {
    const found = doc.tasks.filter((t) => t.id === target);
    if (found.length === 1) return found[0]!;
    throw new TaskEditError(found.length ? `Task ${target} appears ${found.length} times in tasks.md; address it by position.` : `There is no task ${target} in tasks.md.`);
  }
  const t = 'index' in target ? doc.tasks[target.index] : doc.tasks.find((x) => x.line === target.line);
  if (!t) throw new TaskEditError(`There is no task at ${'index' in target ? `position ${target.index}` : `line ${target.line}`} in tasks.md.`);
  return t;
}

/**
 * Sets the states of tasks. Each change rewrites one character between the brackets; every
 * other byte (BOM, CRLF, indentation, ids, text) is left as it was. A task already in the
 * wanted state is not touched (`[X]` stays `[X]`).
 */
export function setTaskStates(text: string, changes: readonly { target: TaskTarget; state: TaskState }[]): string {
  const doc = parseTasks(text);
  const edits = new Map<number, TextEdit>();
  for (const { target, state } of changes) {
    const t = findTask(doc, target);
    if (t.state === state) {
      edits.delete(t.stateOffset);
      continue;
    }
    edits.set(t.stateOffset, { offset: t.stateOffset, length: 1, text: STATE_CHAR[state] });
  }
  return applyTextEdits(text, [...edits.values()]);
}

export const setTaskState = (text: string, target: TaskTarget, state: TaskState) => setTaskStates(text, [{ target, state }]);

/** Adds or removes the optional marker (`[ ]*`): one character. */
export function setTaskOptional(text: string, target: TaskTarget, optional: boolean): string {
  const t = findTask(parseTasks(text), target);
  if (t.optional === optional) return text;
  return applyTextEdits(text, [optional ? { offset: t.markerOffset, length: 0, text: '*' } : { offset: t.markerOffset, length: 1, text: '' }]);
}

/**
 * After a crash nothing may stay queued forever: every `[~]` goes back to `to` (not started
 * by default). Returns the text unchanged when nothing is queued.
 */
export function releaseQueuedTasks(text: string, to: TaskState = 'not-started'): string {
  const doc = parseTasks(text);
  return setTaskStates(text, doc.tasks.filter((t) => t.state === 'queued').map((t) => ({ target: { index: t.index }, state: to })));
}

/** Tasks a "run all" executes: required (not optional) and not done, in file order. */
export const runnableTasks = (doc: TasksDoc) => doc.tasks.filter((t) => !t.optional && t.state !== 'done');

/**
 * The order "Run all tasks" follows: the dependency graph's waves (tasks in a wave may run
 * together, waves run in order) restricted to runnable tasks; without a graph, one task per
 * wave in file order. Runnable tasks the graph does not name run afterwards, in file order,
 * rather than being skipped silently.
 */
export function executionWaves(doc: TasksDoc): Task[][] {
  const runnable = runnableTasks(doc);
  if (!doc.graph?.waves.length) return runnable.map((t) => [t]);
  const byId = new Map(runnable.filter((t) => t.id !== null).map((t) => [t.id!, t] as const));
  const placed = new Set<Task>();
  const waves: Task[][] = [];
  for (const w of doc.graph.waves) {
    const tasks = w.tasks.map((id) => byId.get(id)).filter((t): t is Task => t !== undefined && !placed.has(t));
    tasks.forEach((t) => placed.add(t));
    if (tasks.length) waves.push(tasks);
  }
  for (const t of runnable) if (!placed.has(t)) waves.push([t]);
  return waves;
}
