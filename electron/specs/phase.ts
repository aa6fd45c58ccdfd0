// A spec's phase, derived — never stored: from the files present in its folder and the
// approvals recorded in `.specwright.json`. The board re-derives it on every change on disk,
// so it always tells the truth about the files.

import type { DocStatus, SpecDocKey, SpecDocState, SpecPhase } from '../../shared/contract/specs';
import type { SpecTexts } from '../../shared/kiro/spec';
import type { TasksDoc } from '../../shared/kiro/tasks';
import { sha256, type Sidecar } from './sidecar';

export type Workflow = 'requirements-first' | 'design-first';

export interface PhaseInput {
  type: 'feature' | 'bugfix';
  workflow: Workflow;
  texts: SpecTexts;
  tasks: TasksDoc | null;
  /** Null: Specwright has never managed this folder (approvals are inferred from the files). */
  sidecar: Sidecar | null;
}

export interface DerivedPhase {
  phase: SpecPhase;
  order: SpecDocKey[];
  documents: SpecDocState[];
}

/** The documents in the order a person approves them. Bugfix specs start with the bug analysis. */
export function docOrder(type: 'feature' | 'bugfix', workflow: Workflow): SpecDocKey[] {
  return type === 'feature' && workflow === 'design-first' ? ['design', 'requirements', 'tasks'] : ['requirements', 'design', 'tasks'];
}

/** Which file holds a document: a bugfix spec's analysis is `bugfix.md` (or `requirements.md` where only that exists). */
export function docFile(key: SpecDocKey, type: 'feature' | 'bugfix', texts: SpecTexts): 'requirements.md' | 'bugfix.md' | 'design.md' | 'tasks.md' {
  if (key === 'design') return 'design.md';
  if (key === 'tasks') return 'tasks.md';
  if (type === 'bugfix') return typeof texts['bugfix.md'] !== 'string' && typeof texts['requirements.md'] === 'string' ? 'requirements.md' : 'bugfix.md';
  return typeof texts['requirements.md'] !== 'string' && typeof texts['bugfix.md'] === 'string' ? 'bugfix.md' : 'requirements.md';
}

const written = (t: string | null | undefined): t is string => typeof t === 'string' && t.trim().length > 0;

/** A document counts as settled (the phase moves past it) when approved, inferred or skipped. */
export const isSettled = (s: DocStatus) => s === 'approved' || s === 'inferred' || s === 'skipped';

export function derivePhase(input: PhaseInput): DerivedPhase {
  const order = docOrder(input.type, input.workflow);
  const managed = input.sidecar !== null;
  const textOf = (k: SpecDocKey) => input.texts[docFile(k, input.type, input.texts)];
  const exists = order.map((k) => written(textOf(k)));
  const tasksStarted = !!input.tasks?.tasks.some((t) => t.state !== 'not-started');

  const documents: SpecDocState[] = order.map((key, i) => {
    const file = docFile(key, input.type, input.texts);
    const text = textOf(key);
    const laterExists = exists.slice(i + 1).some(Boolean);
    const approval = input.sidecar?.approvals[key];
    let status: DocStatus;
    // An approval with an empty hash approves the document's absence (a spec without a design).
    if (!exists[i]) status = approval?.sha256 === '' || (!managed && laterExists) ? 'skipped' : 'missing';
    else if (input.sidecar?.stale[key]) status = 'stale';
    else if (approval) status = 'approved';
    else if (!managed && (laterExists || (key === 'tasks' && tasksStarted))) status = 'inferred';
    else status = 'draft';
    return {
      key,
      file,
      status,
      changedSinceApproval: status === 'approved' && written(text) && sha256(text) !== approval!.sha256,
      approvedBy: status === 'approved' ? approval!.by : null,
      approvedAt: status === 'approved' ? approval!.at : null,
    };
  });

  const open = documents.find((d) => !isSettled(d.status));
  let phase: SpecPhase;
  if (open) phase = open.key;
  else {
    const s = input.tasks?.summary;
    phase = s && s.total > 0 && s.requiredDone === s.required ? 'done' : 'implementation';
  }
  return { phase, order, documents };
}

/** The phase that follows approving `key`'s document, in this workflow (null after tasks: implementation). */
export function nextDoc(order: SpecDocKey[], key: SpecDocKey): SpecDocKey | null {
  return order[order.indexOf(key) + 1] ?? null;
}
