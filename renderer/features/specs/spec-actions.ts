import { PHASE_TITLES, type SpecCard, type SpecDocKey } from '../../../shared/contract/specs';
import { notifyInfo } from '../../stores/notifications';
import { useSpecs } from '../../stores/specs-store';
import { ask } from '../../ui/dialog-store';

/**
 * Approving the current phase, from a drag or from "Approve phase": the person confirms,
 * and chooses whether the agent writes the next document now.
 */
export async function approveFlow(card: SpecCard, agent: boolean): Promise<boolean> {
  if (card.phase === 'implementation' || card.phase === 'done') return false;
  const phase: SpecDocKey = card.phase;
  const order = card.documents.map((d) => d.key);
  const file = card.documents.find((d) => d.key === phase)!.file;
  const next = order[order.indexOf(phase) + 1];
  const nextFile = next ? card.documents.find((d) => d.key === next)!.file : null;
  const canGenerate = agent && !!nextFile;
  const choice = await ask(
    `Approve ${PHASE_TITLES[phase]} of ${card.name}?`,
    `${file} will be recorded as approved by you in .specwright.json, where teammates see it.${canGenerate ? ` Then the agent writes ${nextFile}, and stops for your review.` : !next ? ' Its tasks can then be run.' : ''}`,
    canGenerate
      ? [
          { label: 'Cancel', value: 'cancel' },
          { label: 'Approve only', value: 'approve' },
          { label: `Approve and write ${nextFile}`, value: 'generate', primary: true },
        ]
      : [
          { label: 'Cancel', value: 'cancel' },
          { label: 'Approve', value: 'approve', primary: true },
        ],
  );
  if (choice !== 'approve' && choice !== 'generate') return false;
  const ok = await useSpecs.getState().approve(card.id, phase, choice === 'generate');
  if (ok) notifyInfo(`${PHASE_TITLES[phase]} of ${card.name} approved.`);
  return ok;
}

/** Reopening an earlier phase: later documents are marked stale, never deleted. */
export async function reopenFlow(card: SpecCard, phase: SpecDocKey, stale: string[]): Promise<boolean> {
  const choice = await ask(
    `Reopen ${PHASE_TITLES[phase]} of ${card.name}?`,
    `Its approval${stale.length ? ' and the later ones are' : ' is'} withdrawn.${stale.length ? ` ${stale.join(' and ')} will be marked stale — kept, not deleted — to be revised and approved again.` : ''}`,
    [
      { label: 'Cancel', value: 'cancel' },
      { label: 'Reopen', value: 'reopen', primary: true },
    ],
  );
  if (choice !== 'reopen') return false;
  const ok = await useSpecs.getState().reopen(card.id, phase);
  if (ok) notifyInfo(`${PHASE_TITLES[phase]} of ${card.name} reopened.`);
  return ok;
}
