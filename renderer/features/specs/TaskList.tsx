import type { SpecDetail, TaskView } from '../../../shared/contract/specs';
import { useSpecs } from '../../stores/specs-store';
import { openTaskSession } from './open-session';

const BOX: Record<TaskView['state'], string> = { 'not-started': '[ ]', 'in-progress': '[-]', done: '[x]', queued: '[~]' };
const STATE_WORD: Record<TaskView['state'], string> = { 'not-started': 'not started', 'in-progress': 'in progress', done: 'done', queued: 'queued' };
const RUN_WORD: Record<string, string> = {
  queued: 'Queued',
  running: 'Running',
  verifying: 'Verifying',
  done: 'Done',
  failed: 'Failed',
  'verification-failed': 'Verification failed',
  stopped: 'Stopped',
  blocked: 'Blocked',
};

/** tasks.md as a list with "Start task" beside each open task and what its last run said. */
export function TaskList({ detail, onReveal }: { detail: SpecDetail; onReveal?: (line: number) => void }) {
  const busy = useSpecs((s) => s.busy[detail.card.id]);
  const startTask = useSpecs((s) => s.startTask);
  const blocked = detail.runBlocked;
  if (!detail.tasks.length) return <p className="muted spec-side-empty">No tasks yet.</p>;
  return (
    <ul className="task-list" aria-label="Task list">
      {detail.tasks.map((t) => {
        const label = `${t.id ? `${t.id} ` : ''}${t.title}`;
        const run = t.lastRun;
        return (
          <li key={t.index} className={`task-item state-${t.state}${t.optional ? ' optional' : ''}`} style={{ paddingLeft: 8 + t.depth * 14 }} aria-label={`${label}, ${STATE_WORD[t.state]}${t.optional ? ', optional' : ''}`}>
            <div className="task-row">
              <code className="task-box" aria-hidden="true">
                {BOX[t.state]}
              </code>
              <button className="link-button task-title" onClick={() => onReveal?.(t.line)} title={`tasks.md line ${t.line}`}>
                {t.id && <span className="task-id">{t.id}</span>} {t.title}
                {t.optional && <span className="muted"> (optional)</span>}
              </button>
              {t.state !== 'done' && (
                <button
                  className="button small"
                  disabled={!!blocked || !!busy}
                  title={blocked ?? `Run task ${t.id ?? t.title} with the agent${t.verify ? `, verified by ${t.verify}` : ''}`}
                  aria-describedby={undefined}
                  onClick={async () => {
                    const session = await startTask(detail.card.id, t.index);
                    if (session) openTaskSession(session);
                  }}
                >
                  Start task
                </button>
              )}
            </div>
            {t.verify && <div className="task-verify muted">verify: <code>{t.verify}</code></div>}
            {run && run.status !== 'done' && (
              <div className={`task-run run-${run.status}`}>
                <strong>{RUN_WORD[run.status] ?? run.status}</strong>
                {run.message && <span> — {run.message}</span>}
                {run.sessionId && (
                  <button className="link-button task-session" onClick={() => openTaskSession(run.sessionId!)}>
                    open session
                  </button>
                )}
                {run.output && (
                  <details>
                    <summary>Output{run.command ? ` of ${run.command}` : ''}</summary>
                    <pre>{run.output}</pre>
                  </details>
                )}
              </div>
            )}
            {run?.status === 'done' && run.message && <div className="task-run run-done muted">{run.message}</div>}
          </li>
        );
      })}
    </ul>
  );
}
