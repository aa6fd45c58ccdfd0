import type { Checkpoint, RestoreResult } from '../../shared/contract/checkpoints';

const files = (n: number) => `${n} ${n === 1 ? 'file' : 'files'}`;

/** The one sentence a person reads after a revert: what changed, what was left alone, and what could not be done. */
export function restoreMessage(
  target: Checkpoint,
  outcome: { written: string[]; deleted: string[]; kept: unknown[] } | null,
  conversation: RestoreResult['conversation'],
  conversationError?: string,
): string {
  const parts: string[] = [];
  if (outcome) {
    const n = outcome.written.length + outcome.deleted.length;
    parts.push(n === 0 ? `Nothing to revert: the files already match “${target.label}”.` : `Reverted ${files(n)} to “${target.label}”.`);
    if (outcome.kept.length) parts.push(`${files(outcome.kept.length)} left as ${outcome.kept.length === 1 ? 'it is' : 'they are'}: excluded or ignored now.`);
  }
  if (conversation === 'not-recorded') {
    parts.push(
      outcome
        ? 'No conversation is recorded for checkpoints yet, so only the files were restored.'
        : 'No conversation is recorded for checkpoints yet, so there is nothing to restore; no file was changed.',
    );
  } else if (conversation === 'restored') {
    parts.push('The conversation was restored to that point.');
  } else if (conversation === 'failed') {
    parts.push(`The conversation could not be restored: ${conversationError ?? 'unknown error'}.`);
  }
  return parts.join(' ');
}
