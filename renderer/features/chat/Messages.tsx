import { memo, useEffect, useState } from 'react';
import { formatCost, formatTokens, type CostDisplay } from '../../../shared/agent/cost';
import type { AssistantEntry, NoticeEntry, SessionEntry, SummaryEntry, UserEntry } from '../../../shared/agent/session';
import { addUsage, type Usage } from '../../../shared/agent/stream';
import type { RunState } from '../../../shared/contract/agent';
import { api } from '../../api/client';
import { useChat } from '../../stores/chat-store';
import { notifyError } from '../../stores/notifications';
import { Markdown } from './Markdown';
import { useEntryText } from './stream-text';
import { ToolCard } from './ToolCard';

export const DEFAULT_DISPLAY: CostDisplay = { display: 'currency', currency: 'USD', currencyPerCredit: 0.01 };

export const UserMessage = memo(function UserMessage({ entry }: { entry: UserEntry }) {
  return (
    <article className="msg user" aria-label="You">
      {entry.context.length > 0 && (
        <ul className="msg-context" aria-label="Attached context">
          {entry.context.map((c, i) => {
            const r = entry.resolved[i];
            return (
              <li key={i} className={r?.error ? 'chip error' : 'chip'} title={r ? (r.error ? `Could not be added: ${r.error}` : `${r.title} · about ${r.tokens} tokens`) : c.label}>
                {c.label}
                {r?.error ? ' ⚠' : ''}
              </li>
            );
          })}
        </ul>
      )}
      <div className="msg-text">{entry.text}</div>
      {entry.model && (
        <div className="msg-meta">
          {entry.model && <span>{entry.model.auto ? `auto → ${entry.model.label} · ${entry.model.reason}` : entry.model.label}</span>}
          {entry.steering && entry.steering !== 'Steering: none' && <span className="steering-line">{entry.steering}</span>}
        </div>
      )}
    </article>
  );
});

/** Usage of one request (all its model calls), shown under its last answer: "3.4K in · 194 out · $0.01 · 7 calls". */
export function requestUsageLines(entries: readonly SessionEntry[], display: CostDisplay): Map<string, string> {
  const byRequest = new Map<string, { last: string; usage: Usage; cost: number; calls: number }>();
  for (const e of entries) {
    if (e.type !== 'assistant' || !e.usage) continue;
    const t = byRequest.get(e.requestId) ?? { last: e.id, usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, estimated: false }, cost: 0, calls: 0 };
    t.last = e.id;
    t.usage = addUsage(t.usage, e.usage);
    t.cost += e.cost ?? 0;
    t.calls++;
    byRequest.set(e.requestId, t);
  }
  const out = new Map<string, string>();
  for (const t of byRequest.values()) {
    const u = t.usage;
    const parts = [`${formatTokens(u.inputTokens)} in`, `${formatTokens(u.outputTokens)} out`];
    if (u.cacheReadTokens) parts.push(`${formatTokens(u.cacheReadTokens)} cache read`);
    if (u.cacheWriteTokens) parts.push(`${formatTokens(u.cacheWriteTokens)} cache write`);
    parts.push(formatCost(t.cost, display));
    if (t.calls > 1) parts.push(`${t.calls} model calls`);
    out.set(t.last, `${parts.join(' · ')}${u.estimated ? ' (partly estimated)' : ''}`);
  }
  return out;
}

export const AssistantMessage = memo(function AssistantMessage({ entry, usage, last }: { entry: AssistantEntry; usage: string | null; last: boolean }) {
  const text = useEntryText(entry.id);
  const running = useChat((s) => s.run !== null);
  const retrying = useChat((s) => !!s.run?.retry);
  const retry = useChat((s) => s.retry);
  const streaming = entry.status === 'streaming';
  return (
    <article className={`msg assistant ${entry.status}`} aria-label="Agent" aria-busy={streaming}>
      {text && <Markdown text={text} />}
      {streaming && !text && entry.toolCalls.length === 0 && !retrying && <span className="typing" aria-label="The agent is answering" />}
      {entry.toolCalls.map((c) => (
        <ToolCard key={c.id} call={c} />
      ))}
      {entry.status === 'partial' && <div className="msg-mark">{entry.error?.message.startsWith('The answer was cut off') ? entry.error.message : `Answer cut off: ${entry.error?.message ?? 'the stream ended early.'}`}</div>}
      {entry.status === 'interrupted' && <div className="msg-mark">Interrupted: the IDE stopped while this answer was being written.</div>}
      {entry.status === 'stopped' && <div className="msg-mark muted">Stopped.</div>}
      {entry.status === 'failed' && (
        <div className="msg-error" role="alert">
          {entry.error?.message ?? 'The model call failed.'}
        </div>
      )}
      {last && !running && (entry.status === 'partial' || entry.status === 'failed' || entry.status === 'interrupted') && (
        <button className="button small" onClick={() => void retry()}>
          {entry.status === 'failed' ? 'Retry' : 'Retry (continue)'}
        </button>
      )}
      {usage && <div className="msg-usage">{usage}</div>}
    </article>
  );
});

export const NoticeMessage = memo(function NoticeMessage({ entry, last }: { entry: NoticeEntry; last: boolean }) {
  const running = useChat((s) => s.run !== null);
  const retry = useChat((s) => s.retry);
  return (
    <div className={`notice ${entry.level} kind-${entry.kind}`} role={entry.level === 'error' ? 'alert' : undefined}>
      <span>{entry.message}</span>
      {entry.retryable && last && !running && (
        <button className="button small" onClick={() => void retry()}>
          {entry.kind === 'limit' || entry.kind === 'stopped' ? 'Continue' : 'Retry'}
        </button>
      )}
    </div>
  );
});

export const SummaryMessage = memo(function SummaryMessage({ entry, sessionId }: { entry: SummaryEntry; sessionId: string }) {
  const [open, setOpen] = useState(false);
  const undo = () => api.call('agent.uncompact', { sessionId, summaryId: entry.id }).catch((e) => notifyError(e));
  return (
    <div className="summary">
      <button className="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Summary of the {entry.covered} messages above (the model reads this instead of them)
      </button>
      <button className="link-button" onClick={() => void undo()}>
        Undo summary
      </button>
      {open && <Markdown text={entry.text} />}
    </div>
  );
});

const PHASE: Record<RunState['phase'], string> = {
  context: 'Gathering context…',
  compacting: 'Summarising earlier messages to fit the window…',
  waiting: 'Waiting for the model…',
  streaming: 'Answering…',
  tool: 'Running a tool…',
  approval: 'Waiting for your approval…',
  retrying: 'Retrying…',
  stopping: 'Stopping…',
};

/** "Retrying in 4 s — attempt 2 of 5", counting down. */
export function RetryCountdown({ retry }: { retry: NonNullable<RunState['retry']> }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  const seconds = Math.max(0, Math.ceil((retry.retryAt - now) / 1000));
  return (
    <div className="retry-countdown" role="status">
      <strong>
        Retrying in {seconds} s — attempt {retry.attempt + 1} of {retry.maxAttempts}
      </strong>
      <span className="muted">{retry.message}</span>
    </div>
  );
}

export function RunStatus({ run, stopping }: { run: RunState; stopping: boolean }) {
  if (run.retry && !stopping) return <RetryCountdown retry={run.retry} />;
  return (
    <div className="run-status">
      <span className="spinner" aria-hidden="true" />
      {stopping ? 'Stopping…' : PHASE[run.phase]}
      {run.model && !stopping && <span className="muted"> · {run.model.label}</span>}
    </div>
  );
}
