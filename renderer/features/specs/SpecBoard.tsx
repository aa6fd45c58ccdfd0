import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, useDroppable, useSensor, useSensors, type DragEndEvent, type DragOverEvent, type DragStartEvent } from '@dnd-kit/core';
import { useMemo, useState } from 'react';
import { PHASE_TITLES, type SpecCard, type SpecPhase } from '../../../shared/contract/specs';
import { useNotifications } from '../../stores/notifications';
import { useSpecs } from '../../stores/specs-store';
import { COLUMNS, moveFor, phaseOrder } from './board-moves';
import { columnKeyboardCoordinates } from './keyboard-columns';
import { CardBody, DraggableCard } from './SpecCardView';
import { approveFlow, reopenFlow } from './spec-actions';

const HINTS: Record<SpecPhase, string> = {
  requirements: 'What and why',
  design: 'How',
  tasks: 'Steps',
  implementation: 'Being built',
  done: 'Every required task done',
};

function Column({ phase, cards, busy, verdict, onOpen }: { phase: SpecPhase; cards: SpecCard[]; busy: Record<string, string>; verdict: 'ok' | 'no' | null; onOpen: (id: string) => void }) {
  const { setNodeRef, isOver } = useDroppable({ id: phase });
  const title = PHASE_TITLES[phase];
  return (
    <div ref={setNodeRef} className={`spec-column${isOver && verdict ? ` drop-${verdict}` : ''}`}>
      <h3 className="spec-column-title" title={HINTS[phase]}>
        <span>{title}</span>
        <span className="spec-column-count">{cards.length}</span>
      </h3>
      <div role="list" aria-label={title} className="spec-column-list">
        {cards.map((c) => (
          <DraggableCard key={c.id} card={c} busy={busy[c.id]} onOpen={() => onOpen(c.id)} />
        ))}
      </div>
    </div>
  );
}

/** The result of a drop, carried out after the person confirmed it. */
async function applyDrop(card: SpecCard, target: SpecPhase, agent: boolean) {
  const move = moveFor(card, target);
  if (move.kind === 'none') return;
  if (move.kind === 'refuse') {
    useNotifications.getState().push('warning', move.message);
    return;
  }
  if (move.kind === 'approve') await approveFlow(card, agent);
  else await reopenFlow(card, move.phase, move.stale);
}

const announcements = (cards: () => SpecCard[]) => {
  const name = (id: string | number) => cards().find((c) => c.id === id)?.name ?? String(id);
  const col = (id: string | number | undefined) => (id ? PHASE_TITLES[id as SpecPhase] : 'no column');
  return {
    onDragStart: ({ active }: { active: { id: string | number } }) => `Picked up ${name(active.id)}. Left and right arrows move it between columns; Space drops it, Escape cancels.`,
    onDragOver: ({ active, over }: { active: { id: string | number }; over: { id: string | number } | null }) => `${name(active.id)} is over ${col(over?.id)}.`,
    onDragEnd: ({ active, over }: { active: { id: string | number }; over: { id: string | number } | null }) => `${name(active.id)} was dropped on ${col(over?.id)}.`,
    onDragCancel: ({ active }: { active: { id: string | number } }) => `Moving ${name(active.id)} was cancelled.`,
  };
};

export function SpecBoard() {
  const cards = useSpecs((s) => s.cards);
  const loaded = useSpecs((s) => s.loaded);
  const busy = useSpecs((s) => s.busy);
  const agent = useSpecs((s) => s.agent);
  const open = useSpecs((s) => s.open);
  const [dragging, setDragging] = useState<SpecCard | null>(null);
  const [over, setOver] = useState<SpecPhase | null>(null);
  const sensors = useSensors(
    // A click opens the card; a drag needs a few pixels of movement.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeyboardCoordinates, keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space'] } }),
  );
  const byPhase = useMemo(() => {
    const m = new Map<SpecPhase, SpecCard[]>(COLUMNS.map((c) => [c, []]));
    for (const c of cards) m.get(c.phase)!.push(c);
    return m;
  }, [cards]);
  const verdict = dragging && over ? (['approve', 'reopen'].includes(moveFor(dragging, over).kind) ? 'ok' : over === dragging.phase ? null : 'no') : null;

  const onStart = (e: DragStartEvent) => setDragging(cards.find((c) => c.id === e.active.id) ?? null);
  const onOver = (e: DragOverEvent) => setOver((e.over?.id as SpecPhase | undefined) ?? null);
  const onEnd = (e: DragEndEvent) => {
    const card = cards.find((c) => c.id === e.active.id);
    setDragging(null);
    setOver(null);
    if (card && e.over) void applyDrop(card, e.over.id as SpecPhase, agent.available);
  };

  return (
    <section className="spec-board" role="region" aria-label="Spec board">
      {!agent.available && agent.reason && loaded && (
        <p className="banner info spec-board-notice">
          <span>{agent.reason}</span>
        </p>
      )}
      {loaded && cards.length === 0 && (
        <div className="spec-board-empty">
          <p>No specs yet. A spec turns a feature idea into requirements, a design and a task list — each approved by you before the next is written.</p>
          <p className="muted">Specs live in .kiro/specs/ (Kiro’s layout), so Kiro users’ specs show up here as they are.</p>
        </div>
      )}
      <DndContext
        sensors={sensors}
        onDragStart={onStart}
        onDragOver={onOver}
        onDragEnd={onEnd}
        onDragCancel={() => (setDragging(null), setOver(null))}
        accessibility={{ announcements: announcements(() => useSpecs.getState().cards), screenReaderInstructions: { draggable: 'To move a spec card to another phase, press Space to pick it up, the left and right arrows to move it, and Space again to drop it. Press Enter to open it.' } }}
      >
        <div className="spec-columns">
          {COLUMNS.map((phase) => (
            <Column key={phase} phase={phase} cards={byPhase.get(phase)!} busy={busy} verdict={dragging && over === phase ? verdict : null} onOpen={(id) => void open(id)} />
          ))}
        </div>
        <DragOverlay dropAnimation={null}>
          {dragging && (
            <div className="spec-card overlay">
              <CardBody card={dragging} />
              {over && over !== dragging.phase && <div className={`spec-drop-hint ${verdict}`}>{dropHint(dragging, over)}</div>}
            </div>
          )}
        </DragOverlay>
      </DndContext>
    </section>
  );
}

function dropHint(card: SpecCard, target: SpecPhase): string {
  const move = moveFor(card, target);
  if (move.kind === 'approve') return `Approve ${PHASE_TITLES[move.phase]}`;
  if (move.kind === 'reopen') return `Reopen ${PHASE_TITLES[move.phase]}`;
  if (move.kind === 'refuse') return phaseOrder(card).indexOf(target) > phaseOrder(card).indexOf(card.phase) ? 'One phase at a time' : 'Not possible';
  return '';
}
