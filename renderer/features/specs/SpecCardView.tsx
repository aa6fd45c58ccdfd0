import { useDraggable } from '@dnd-kit/core';
import { memo, type CSSProperties, type ReactNode } from 'react';
import { PHASE_TITLES, type SpecCard, type SpecDocState } from '../../../shared/contract/specs';

const DOC_LETTER = { requirements: 'R', design: 'D', tasks: 'T' } as const;
const STATUS_WORD: Record<SpecDocState['status'], string> = {
  missing: 'not written',
  draft: 'waiting for approval',
  approved: 'approved',
  inferred: 'accepted before Specwright',
  skipped: 'skipped',
  stale: 'stale',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What a screen reader (and an end-to-end test) reads for a card: it starts with the folder name. */
export function cardLabel(card: SpecCard): string {
  const parts = [card.name, card.type === 'bugfix' ? 'bugfix' : card.workflow === 'design-first' ? 'feature, design first' : 'feature', `${PHASE_TITLES[card.phase]} phase`];
  if (card.progress.total) parts.push(`${card.progress.requiredDone} of ${plural(card.progress.required, 'required task')} done`);
  if (card.ears.warnings) parts.push(plural(card.ears.warnings, 'EARS warning'));
  if (card.trace.uncovered) parts.push(plural(card.trace.uncovered, 'criterion', 'criteria') + ' without a task');
  if (card.trace.dangling) parts.push(plural(card.trace.dangling, 'unknown reference'));
  if (card.activity) parts.push(card.activity.kind === 'generating' ? `writing ${card.documents.find((d) => d.key === card.activity!.doc)?.file ?? 'a document'}` : 'tasks running');
  if (card.problem) parts.push(`problem: ${card.problem.message}`);
  return parts.join(', ');
}

/** The card's content; memoised, since dnd-kit re-renders every draggable on each move of a drag. */
export const CardBody = memo(function CardBody({ card, busy }: { card: SpecCard; busy?: string | undefined }) {
  const p = card.progress;
  const pct = p.required ? Math.round((p.requiredDone / p.required) * 100) : 0;
  const chips: ReactNode[] = [];
  if (card.ears.warnings) chips.push(<span key="ears" className="spec-chip warn" title="Acceptance criteria with EARS warnings (missing SHALL, two behaviours, vague words)">{plural(card.ears.warnings, 'EARS note')}</span>);
  if (card.trace.uncovered) chips.push(<span key="unc" className="spec-chip warn" title="Acceptance criteria no task references">{card.trace.uncovered} uncovered</span>);
  if (card.trace.dangling) chips.push(<span key="dang" className="spec-chip error" title="Task references to criteria that do not exist">{plural(card.trace.dangling, 'bad ref')}</span>);
  if (card.diagnostics.error && !card.trace.dangling) chips.push(<span key="err" className="spec-chip error">{plural(card.diagnostics.error, 'error')}</span>);
  return (
    <>
      <div className="spec-card-head">
        <span className="spec-card-name">{card.name}</span>
        <span className={`spec-type ${card.type}`}>{card.type === 'bugfix' ? 'bugfix' : card.workflow === 'design-first' ? 'design-first' : 'feature'}</span>
      </div>
      {card.owner && <div className="spec-card-owner">{card.owner}</div>}
      <div className="spec-docs" aria-hidden="true">
        {card.documents.map((d) => (
          <span key={d.key} className={`spec-doc ${d.status}${d.key === card.phase ? ' current' : ''}${d.changedSinceApproval ? ' changed' : ''}`} title={`${d.file}: ${STATUS_WORD[d.status]}${d.changedSinceApproval ? ', changed since it was approved' : ''}`}>
            {DOC_LETTER[d.key]}
          </span>
        ))}
        {p.total > 0 && (
          <span className="spec-progress" title={`${p.requiredDone} of ${p.required} required tasks done (${p.done}/${p.total} in all)`}>
            <span className="spec-progress-bar">
              <span style={{ width: `${pct}%` }} />
            </span>
            <span className="spec-progress-text">
              {p.requiredDone}/{p.required}
            </span>
          </span>
        )}
      </div>
      {chips.length > 0 && <div className="spec-chips">{chips}</div>}
      {(card.activity || busy) && (
        <div className="spec-activity">
          <span className="spinner" />
          {busy && !card.activity
            ? `${busy[0]!.toUpperCase()}${busy.slice(1)}…`
            : card.activity!.kind === 'generating'
              ? `Writing ${card.documents.find((d) => d.key === card.activity!.doc)?.file ?? 'document'}…`
              : `Running ${card.activity!.tasks.length === 1 ? `task ${card.activity!.tasks[0]}` : `${card.activity!.tasks.length} tasks`}…`}
        </div>
      )}
      {card.problem && (
        <div className="spec-problem" title={card.problem.rule ?? undefined}>
          {card.problem.message}
          {card.problem.rule && <code>{card.problem.rule}</code>}
        </div>
      )}
    </>
  );
});

export function DraggableCard({ card, busy, onOpen }: { card: SpecCard; busy: string | undefined; onOpen: () => void }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: card.id });
  const style: CSSProperties = isDragging ? { opacity: 0.35 } : {};
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      role="listitem"
      aria-label={cardLabel(card)}
      aria-roledescription="spec card"
      className={`spec-card phase-${card.phase}${card.problem ? ' has-problem' : ''}`}
      style={style}
      onClick={onOpen}
      onKeyDown={(e) => {
        listeners?.onKeyDown?.(e);
        if (!e.defaultPrevented && e.key === 'Enter') onOpen();
      }}
    >
      <CardBody card={card} busy={busy} />
    </div>
  );
}
