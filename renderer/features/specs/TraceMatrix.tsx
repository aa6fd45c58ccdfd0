import type { MatrixView, TaskView } from '../../../shared/contract/specs';

const VIA: Record<string, string> = { criterion: 'names this criterion', requirement: 'names the whole requirement', range: 'names a range that includes it', all: 'says “All”' };
const EARS: Record<string, string> = { ubiquitous: 'THE … SHALL', event: 'WHEN', state: 'WHILE', unwanted: 'IF … THEN', optional: 'WHERE', complex: 'complex', 'not-ears': 'not EARS' };

/**
 * Requirements × tasks as a grid to look at: a filled cell where a task implements a
 * criterion (lighter when it only names the whole requirement or a range; green once the
 * task is done), a red row where no task does, a faded column for a task that references
 * nothing. Row and column totals at the edges.
 */
export function TraceMatrix({ matrix, tasks, onTask }: { matrix: MatrixView; tasks: TaskView[]; onTask?: (t: TaskView) => void }) {
  const criteria = matrix.rows.flatMap((r) => r.criteria.map((c, i) => ({ ...c, requirement: r, first: i === 0, span: r.criteria.length })));
  if (!criteria.length) return <p className="muted spec-side-empty">No acceptance criteria to trace yet.</p>;
  const columns = matrix.columns;
  const cell = new Map(matrix.cells.map((c) => [`${c.criterionId}|${c.taskIndex}`, c.via] as const));
  const uncovered = new Set(matrix.uncovered);
  const untraced = columns.filter((c) => !c.traced).length;
  const rowCount = (id: string) => columns.filter((t) => cell.has(`${id}|${t.taskIndex}`)).length;
  const colCount = (i: number) => criteria.filter((c) => cell.has(`${c.id}|${i}`)).length;
  const covered = criteria.filter((c) => rowCount(c.id) > 0).length;
  const byIndex = new Map(tasks.map((t) => [t.index, t] as const));
  const pct = Math.round((covered / criteria.length) * 100);
  return (
    <div className="trace">
      <div className="trace-head">
        <div className="trace-meter" aria-hidden="true">
          <span style={{ width: `${pct}%` }} />
        </div>
        <p className="trace-summary" role="status">
          <strong>
            {covered} of {criteria.length}
          </strong>{' '}
          criteria have a task{uncovered.size ? ` · ${uncovered.size} without one` : ''}
          {columns.length ? ` · ${columns.length} tasks` : ''}
          {untraced ? ` · ${untraced} reference no requirement` : ''}
        </p>
      </div>
      <div className="trace-scroll">
        <table className="trace-table" aria-label="Traceability matrix">
          <thead>
            <tr>
              <th scope="col" className="trace-corner" colSpan={3}>
                <span>requirement · criterion</span>
                <span className="trace-corner-tasks">tasks →</span>
              </th>
              {columns.map((c) => (
                <th key={c.taskIndex} scope="col" className={`trace-task state-${c.state}${c.traced ? '' : ' untraced'}${c.optional ? ' optional' : ''}`} title={`${c.taskId ?? ''} ${c.title}${c.optional ? ' (optional)' : ''}${c.traced ? '' : ' — references no requirement'}`}>
                  <button className="link-button" tabIndex={-1} onClick={() => byIndex.get(c.taskIndex) && onTask?.(byIndex.get(c.taskIndex)!)}>
                    <span className="trace-task-dot" />
                    <span>{c.taskId ?? `#${c.taskIndex + 1}`}</span>
                  </button>
                </th>
              ))}
              <th scope="col" className="trace-total-head" title="Tasks per criterion">
                Σ
              </th>
            </tr>
          </thead>
          <tbody>
            {criteria.map((c) => (
              <tr key={c.id} className={`${uncovered.has(c.id) ? 'uncovered' : ''}${c.first ? ' first' : ''}`}>
                {c.first && (
                  <th scope="rowgroup" rowSpan={c.span} className="trace-req" title={c.requirement.title ?? undefined}>
                    <span className="trace-req-id">{c.requirement.requirementId}</span>
                    {c.requirement.title && <span className="trace-req-title">{c.requirement.title}</span>}
                  </th>
                )}
                <th scope="row" className="trace-crit">
                  {c.id}
                </th>
                <td className="trace-text" title={`${c.text} (${EARS[c.ears] ?? c.ears})`}>
                  {c.text}
                </td>
                {columns.map((t) => {
                  const via = cell.get(`${c.id}|${t.taskIndex}`);
                  return via ? (
                    <td key={t.taskIndex} className={`hit via-${via} state-${t.state}`} title={`Task ${t.taskId ?? t.title} ${VIA[via] ?? 'covers it'} (${c.id})`} aria-label={`${c.id}: task ${t.taskId ?? t.title}`}>
                      <span />
                    </td>
                  ) : (
                    <td key={t.taskIndex} className="miss" />
                  );
                })}
                <td className="trace-total">{rowCount(c.id) || '—'}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3} className="trace-total-label">
                criteria per task
              </th>
              {columns.map((t) => (
                <td key={t.taskIndex} className="trace-total">
                  {colCount(t.taskIndex) || '·'}
                </td>
              ))}
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      <p className="trace-legend muted" aria-hidden="true">
        <span className="swatch via-criterion" /> task names the criterion <span className="swatch via-requirement" /> names the requirement or a range <span className="swatch state-done" /> task done <span className="swatch uncovered" /> no task
      </p>
    </div>
  );
}
