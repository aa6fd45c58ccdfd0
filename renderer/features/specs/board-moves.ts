import { PHASE_TITLES, type SpecCard, type SpecDocKey, type SpecPhase } from '../../../shared/contract/specs';

/** The board's columns, left to right. */
export const COLUMNS: SpecPhase[] = ['requirements', 'design', 'tasks', 'implementation', 'done'];

/** The phases in the order this spec goes through them (a design-first spec writes its design first). */
export function phaseOrder(card: Pick<SpecCard, 'documents'>): SpecPhase[] {
  return [...card.documents.map((d) => d.key), 'implementation', 'done'];
}

export type BoardMove =
  | { kind: 'none' }
  | { kind: 'approve'; phase: SpecDocKey; next: SpecPhase }
  | { kind: 'reopen'; phase: SpecDocKey; stale: string[] }
  | { kind: 'refuse'; message: string };

/**
 * What dropping a card on a column means. Forward and backward follow the spec's own
 * workflow, not the columns' order: one step forward approves the current phase; any step
 * back reopens that phase. Nothing else moves a spec: "Done" follows the task list.
 */
export function moveFor(card: SpecCard, target: SpecPhase): BoardMove {
  const order = phaseOrder(card);
  const from = order.indexOf(card.phase);
  const to = order.indexOf(target);
  if (to === from) return { kind: 'none' };
  if (to > from) {
    if (card.phase === 'implementation') return { kind: 'refuse', message: `${card.name} moves to Done by itself when its required tasks are done (${card.progress.requiredDone}/${card.progress.required}).` };
    if (to > from + 1) return { kind: 'refuse', message: `One phase at a time: approve ${PHASE_TITLES[card.phase]} first (drop ${card.name} on ${PHASE_TITLES[order[from + 1]!]}).` };
    const doc = card.documents.find((d) => d.key === card.phase)!;
    if (doc.status === 'missing') return { kind: 'refuse', message: `${doc.file} does not exist yet: there is nothing to approve in ${PHASE_TITLES[card.phase]}.` };
    if (card.activity?.kind === 'generating') return { kind: 'refuse', message: `${doc.file} is still being written; wait for it, or stop it.` };
    return { kind: 'approve', phase: card.phase as SpecDocKey, next: target };
  }
  if (target === 'implementation') return { kind: 'refuse', message: `${card.name} is done because its required tasks are; to reopen work, mark a task as not done in tasks.md, or reopen Tasks.` };
  if (card.activity?.kind === 'running') return { kind: 'refuse', message: `Tasks of ${card.name} are running; stop them before reopening a phase.` };
  const at = card.documents.findIndex((d) => d.key === target);
  const stale = card.documents.slice(at + 1).filter((d) => d.status !== 'missing' && d.status !== 'skipped').map((d) => d.file);
  return { kind: 'reopen', phase: target as SpecDocKey, stale };
}
