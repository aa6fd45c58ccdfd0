import { useEffect, useState } from 'react';
import { PHASE_TITLES, type SpecCard, type SpecDetail, type SpecFileView } from '../../../shared/contract/specs';
import { api } from '../../api/client';
import { notifyError } from '../../stores/notifications';
import { useSpecs } from '../../stores/specs-store';
import { phaseOrder } from './board-moves';
import { MermaidDiagrams } from './MermaidDiagrams';
import { openTaskSession } from './open-session';
import { approveFlow, reopenFlow } from './spec-actions';
import { SpecDocEditor } from './SpecDocEditor';
import { TaskList } from './TaskList';
import { TraceMatrix } from './TraceMatrix';

const STATUS: Record<string, string> = { missing: 'not written', draft: 'draft', approved: 'approved', inferred: 'accepted', skipped: 'skipped', stale: 'stale' };

function PhaseSteps({ card }: { card: SpecCard }) {
  const order = phaseOrder(card);
  const at = order.indexOf(card.phase);
  return (
    <ol className="phase-steps" aria-label="Phases">
      {order.map((p, i) => (
        <li key={p} className={i < at ? 'past' : i === at ? 'current' : 'future'} aria-current={i === at ? 'step' : undefined}>
          {PHASE_TITLES[p]}
        </li>
      ))}
    </ol>
  );
}

function Reviser({ card, file }: { card: SpecCard; file: SpecFileView }) {
  const generate = useSpecs((s) => s.generate);
  const [comments, setComments] = useState('');
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button className="button small" onClick={() => setOpen(true)}>
        Revise with the agent…
      </button>
    );
  return (
    <div className="spec-reviser">
      <label>
        <span>What should change in {file.file}?</span>
        <textarea aria-label="Comments for the agent" value={comments} onChange={(e) => setComments(e.target.value)} rows={3} placeholder="e.g. Criterion 2.3 should say how long a link is valid." />
      </label>
      <div className="spec-reviser-buttons">
        <button className="button small" onClick={() => setOpen(false)}>
          Cancel
        </button>
        <button
          className="button small primary"
          onClick={async () => {
            if (await generate(card.id, comments)) {
              setComments('');
              setOpen(false);
            }
          }}
        >
          Revise
        </button>
      </div>
    </div>
  );
}

export function SpecView({ id }: { id: string }) {
  const detail = useSpecs((s) => s.detail);
  const error = useSpecs((s) => s.detailError);
  const live = useSpecs((s) => s.cards.find((c) => c.id === id));
  const agent = useSpecs((s) => s.agent);
  const busy = useSpecs((s) => s.busy[id]);
  const { generate, stop, runAll, refreshDetail } = useSpecs.getState();
  const [tab, setTab] = useState<string | null>(null);
  const [reveal, setReveal] = useState<{ line: number; n: number } | null>(null);
  const [concurrency, setConcurrency] = useState<number | null>(null);

  const card = live ?? detail?.card;
  const current = detail && detail.card.id === id ? detail : null;
  const tabs = current ? [...current.files.map((f) => f.file), 'Traceability'] : [];
  const active = tab && tabs.includes(tab) ? tab : (current?.files.find((f) => f.key === current.card.phase)?.file ?? current?.files.find((f) => f.key === 'tasks')?.file ?? tabs[0] ?? null);

  useEffect(() => setTab(null), [id]);

  if (error && !current) return <p className="spec-board-empty" role="alert">{error}</p>;
  if (!current || !card) return <p className="side-empty">Loading…</p>;

  const file = current.files.find((f) => f.file === active) ?? null;
  const doc = file ? card.documents.find((d) => d.key === file.key) : null;
  const isCurrent = file?.key === card.phase;
  const canApprove = (card.phase === 'requirements' || card.phase === 'design' || card.phase === 'tasks') && card.documents.find((d) => d.key === card.phase)?.status !== 'missing' && !card.activity && !busy;
  const generating = card.activity?.kind === 'generating';
  const running = card.activity?.kind === 'running';
  const runnable = current.tasks.some((t) => !t.optional && t.state !== 'done');

  return (
    <div className="spec-view" role="region" aria-label={`Spec ${card.name}`}>
      <div className="spec-view-head">
        <div className="spec-view-title">
          <h2>{card.name}</h2>
          <span className={`spec-type ${card.type}`}>{card.type === 'bugfix' ? 'bugfix' : card.workflow}</span>
          <PhaseSteps card={card} />
        </div>
        <div className="spec-view-actions">
          {(generating || running) && (
            <>
              <span className="spec-activity">
                <span className="spinner" />
                {generating ? `Writing ${card.documents.find((d) => d.key === card.activity!.doc)?.file}…` : `Running ${card.activity!.tasks.join(', ')}…`}
              </span>
              {card.activity!.sessionId && (
                <button className="button small" onClick={() => openTaskSession(card.activity!.sessionId!)}>
                  Open session
                </button>
              )}
              <button className="button small danger" onClick={() => void stop(id)}>
                Stop
              </button>
            </>
          )}
          {(card.phase === 'implementation' || card.phase === 'done') && (
            <>
              {current.concurrency.max > 1 && (
                <label className="spec-concurrency" title="How many tasks of one dependency wave run at once (beyond three, a person can no longer follow them)">
                  <select aria-label="Tasks at once" value={concurrency ?? current.concurrency.default} onChange={(e) => setConcurrency(Number(e.target.value))}>
                    {Array.from({ length: current.concurrency.max }, (_, i) => i + 1).map((n) => (
                      <option key={n} value={n}>
                        {n} at once
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <button className="button small" disabled={!runnable || !!current.runBlocked || !!busy} title={current.runBlocked ?? (runnable ? 'Run every open required task, in dependency waves' : 'Every required task is done')} onClick={() => void runAll(id, concurrency ?? current.concurrency.default)}>
                Run all tasks
              </button>
            </>
          )}
          <button className="button small primary" disabled={!canApprove} onClick={() => void approveFlow(card, agent.available)} title={canApprove ? `Approve ${PHASE_TITLES[card.phase]}` : 'Nothing to approve now'}>
            Approve phase
          </button>
        </div>
      </div>
      {card.description && <p className="spec-description">{card.description}</p>}
      {card.problem && (
        <div className="banner warning spec-view-problem" role="alert">
          <span>
            {card.problem.message}
            {card.problem.rule && (
              <>
                {' '}
                — rule <code>{card.problem.rule}</code>
              </>
            )}
          </span>
        </div>
      )}
      <div className="spec-tabs" role="tablist" aria-label="Spec documents">
        {tabs.map((t) => {
          const d = current.files.find((f) => f.file === t);
          const st = d ? card.documents.find((x) => x.key === d.key) : null;
          return (
            <button key={t} role="tab" aria-selected={t === active} className={`spec-tab${t === active ? ' active' : ''}`} onClick={() => setTab(t)}>
              {t}
              {st && <span className={`spec-tab-status ${st.status}`}>{STATUS[st.status]}{st.changedSinceApproval ? ', edited' : ''}</span>}
            </button>
          );
        })}
      </div>
      <div className="spec-tab-panel" role="tabpanel" aria-label={active ?? ''}>
        {active === 'Traceability' && <TraceMatrix matrix={current.matrix} tasks={current.tasks} onTask={(t) => (setTab('tasks.md'), setReveal({ line: t.line, n: Date.now() }))} />}
        {file && doc && (
          <div className={`spec-doc-layout${file.key === 'design' || file.key === 'tasks' ? ' with-side' : ''}`}>
            <div className="spec-doc-main">
              {(doc.status === 'stale' || doc.changedSinceApproval) && (
                <p className="banner warning">
                  <span>
                    {doc.status === 'stale'
                      ? `${file.file} is stale: an earlier phase was reopened after it was written. Revise it, then approve it again.`
                      : `${file.file} changed after it was approved by ${doc.approvedBy}.`}
                  </span>
                  {doc.status !== 'stale' && (
                    <button className="button small" onClick={() => void reopenFlow(card, file.key, card.documents.slice(card.documents.indexOf(doc) + 1).filter((d) => d.status !== 'missing').map((d) => d.file))}>
                      Reopen {PHASE_TITLES[file.key]}
                    </button>
                  )}
                </p>
              )}
              {file.text === null ? (
                <MissingDoc card={card} detail={current} file={file} isCurrent={isCurrent} agent={agent.available} onGenerate={() => void generate(id)} />
              ) : (
                <>
                  {isCurrent && agent.available && !generating && <div className="spec-doc-tools"><Reviser card={card} file={file} /></div>}
                  <SpecDocEditor file={file} others={current.files} readOnly={generating && card.activity?.doc === file.key} revealLine={reveal && active === 'tasks.md' ? reveal.line : null} onSaved={() => void refreshDetail()} />
                </>
              )}
            </div>
            {file.key === 'design' && file.text !== null && (
              <aside className="spec-doc-side" aria-label="Rendered diagrams">
                <MermaidDiagrams blocks={current.mermaid} />
              </aside>
            )}
            {file.key === 'tasks' && file.text !== null && (
              <aside className="spec-doc-side" aria-label="Task runner">
                {current.runBlocked && <p className="muted spec-side-note">{current.runBlocked}</p>}
                <TaskList detail={current} onReveal={(line) => setReveal({ line, n: Date.now() })} />
              </aside>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

function MissingDoc({ card, detail, file, isCurrent, agent, onGenerate }: { card: SpecCard; detail: SpecDetail; file: SpecFileView; isCurrent: boolean; agent: boolean; onGenerate: () => void }) {
  const generating = card.activity?.kind === 'generating' && card.activity.doc === file.key;
  return (
    <div className="spec-missing">
      {generating ? (
        <p>
          <span className="spinner" /> The agent is writing {file.file}…
        </p>
      ) : (
        <>
          <p>{file.file} has not been written{isCurrent ? '' : ' — it belongs to a later phase'}.</p>
          {isCurrent && (
            <p className="spec-missing-buttons">
              {agent && (
                <button className="button primary" onClick={onGenerate}>
                  Write {file.file} with the agent
                </button>
              )}
              <button
                className="button"
                onClick={() =>
                  void api
                    .call('workspace.write', { path: file.path, text: '', encoding: 'utf8' })
                    .then(() => useSpecs.getState().refreshDetail())
                    .catch(notifyError)
                }
              >
                Write it myself
              </button>
            </p>
          )}
          {!isCurrent && <p className="muted">It is written after {PHASE_TITLES[card.phase]} is approved ({detail.card.name}).</p>}
        </>
      )}
    </div>
  );
}
