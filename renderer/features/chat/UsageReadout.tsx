import { useState } from 'react';
import { formatCost, formatTokens } from '../../../shared/agent/cost';
import type { UsageView } from '../../../shared/contract/agent';
import { useChat } from '../../stores/chat-store';

const tokens = (t: UsageView['session']) =>
  `${formatTokens(t.usage.inputTokens)} in · ${formatTokens(t.usage.outputTokens)} out${t.usage.cacheReadTokens || t.usage.cacheWriteTokens ? ` · ${formatTokens(t.usage.cacheReadTokens)} cache read · ${formatTokens(t.usage.cacheWriteTokens)} cache write` : ''}`;

/** The last days' cost as bars (a day without calls is an empty slot). */
function DayChart({ days, display }: { days: UsageView['days']; display: UsageView['display'] }) {
  const max = Math.max(...days.map((d) => d.cost), 0.0001);
  const w = 14;
  const h = 48;
  return (
    <svg className="usage-chart" width={days.length * (w + 3)} height={h + 14} role="img" aria-label={`Cost per day, last ${days.length} days`}>
      {days.map((d, i) => {
        const bh = d.cost > 0 ? Math.max(2, (d.cost / max) * h) : 0;
        return (
          <g key={d.date}>
            <title>{`${d.date}: ${formatCost(d.cost, display)} (${d.calls} calls)`}</title>
            <rect x={i * (w + 3)} y={h - bh} width={w} height={bh} rx={2} className="usage-bar" />
            <rect x={i * (w + 3)} y={h} width={w} height={1} className="usage-base" />
            {(i === 0 || i === days.length - 1) && (
              <text x={i === 0 ? 0 : i * (w + 3) + w} y={h + 12} textAnchor={i === 0 ? 'start' : 'end'} className="usage-label">
                {d.date.slice(5)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

const budgetLine = (spent: number, limit: number | null, display: UsageView['display']) => (limit === null ? null : `${formatCost(spent, display)} of ${formatCost(limit, display)}`);

/** "Usage: $0.03 this session · $0.41 today" — click for tokens, the month, budgets and the chart. */
export function UsageReadout() {
  const usage = useChat((s) => s.usage);
  const [open, setOpen] = useState(false);
  if (!usage) return <div className="usage" role="status" aria-label="Usage: not loaded yet" />;
  const d = usage.display;
  const summary = `Usage: ${formatCost(usage.session.cost, d)} this session · ${formatCost(usage.day.cost, d)} today · ${formatCost(usage.month.cost, d)} this month`;
  return (
    <div className="usage" role="status" aria-label={summary}>
      <button className="usage-toggle" aria-expanded={open} onClick={() => setOpen(!open)} title="Usage and budgets">
        <span>{formatCost(usage.session.cost, d)}</span>
        <span className="muted">session</span>
        <span>{formatCost(usage.day.cost, d)}</span>
        <span className="muted">today</span>
        <span className="muted">· {formatTokens(usage.session.usage.inputTokens + usage.session.usage.cacheReadTokens)} in / {formatTokens(usage.session.usage.outputTokens)} out</span>
      </button>
      {open && (
        <div className="usage-details">
          <table>
            <tbody>
              <tr>
                <th>Session</th>
                <td>{formatCost(usage.session.cost, d)}</td>
                <td className="muted">{tokens(usage.session)} · {usage.session.calls} {usage.session.calls === 1 ? 'call' : 'calls'}</td>
              </tr>
              <tr>
                <th>Today</th>
                <td>{formatCost(usage.day.cost, d)}</td>
                <td className="muted">{tokens(usage.day)}</td>
              </tr>
              <tr>
                <th>This month</th>
                <td>{formatCost(usage.month.cost, d)}</td>
                <td className="muted">{tokens(usage.month)}</td>
              </tr>
            </tbody>
          </table>
          <DayChart days={usage.days} display={d} />
          <div className="muted usage-notes">
            {[budgetLine(usage.session.cost, usage.budgets.session, d) && `Session budget: ${budgetLine(usage.session.cost, usage.budgets.session, d)}`, budgetLine(usage.day.cost, usage.budgets.day, d) && `Day budget: ${budgetLine(usage.day.cost, usage.budgets.day, d)}`, budgetLine(usage.month.cost, usage.budgets.month, d) && `Month budget: ${budgetLine(usage.month.cost, usage.budgets.month, d)}`]
              .filter(Boolean)
              .join(' · ') || 'No budget is set (agent.budgets in settings).'}
            <br />
            Costs are estimates from each model’s price table (agent.models[].price); where a server reports no token counts they are counted approximately.
          </div>
        </div>
      )}
    </div>
  );
}
