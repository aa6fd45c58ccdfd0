import { memo, useState } from 'react';
import type { ToolCallRecord } from '../../../shared/agent/session';
import { openFile } from '../editor/documents';
import { useDiffView } from './DiffView';

const STATUS: Record<ToolCallRecord['status'], string> = {
  preparing: 'preparing',
  pending_approval: 'pending approval',
  running: 'running',
  done: 'done',
  failed: 'failed',
  denied: 'denied',
  stopped: 'stopped',
  invalid: 'invalid call',
};

/** The one argument that says what a call is about: its path, command, query or URL. */
export function callSubject(call: Pick<ToolCallRecord, 'name' | 'input'>): string {
  const i = call.input as Record<string, unknown>;
  const v = i.command ?? i.path ?? i.query ?? i.url;
  if (typeof v !== 'string') return '';
  const one = v.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 79)}…` : one;
}

/** A tool call: what it does, its status, and (expanded) its arguments, the policy's decision and its result. */
export const ToolCard = memo(function ToolCard({ call }: { call: ToolCallRecord }) {
  const [open, setOpen] = useState(false);
  const showDiff = useDiffView((s) => s.show);
  const status = STATUS[call.status];
  const subject = callSubject(call);
  const busy = call.status === 'running' || call.status === 'preparing' || call.status === 'pending_approval';
  return (
    <div className={`tool-card status-${call.status}`} role="group" aria-label={`${call.name}${subject ? ` ${subject}` : ''}: ${status}`} aria-busy={busy}>
      <button className="tool-card-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className={`tool-dot ${call.status}`} aria-hidden="true" />
        <span className="tool-name">{call.name}</span>
        {subject && <span className="tool-subject">{subject}</span>}
        <span className="spacer" />
        <span className={`tool-status ${call.status}`}>{call.summary && !busy && call.status !== 'done' ? `${status} · ${call.summary}` : call.summary && call.status === 'done' ? call.summary : status}</span>
      </button>
      {call.status === 'pending_approval' && <div className="tool-note">Waiting for your approval (see “Approval required”).</div>}
      {call.status === 'running' && call.progress && (
        <div className="tool-note tool-progress" role="status" aria-label={`Progress of ${call.name}`}>
          {call.progress.total ? <progress max={call.progress.total} value={call.progress.progress} /> : null} {call.progress.total ? `${call.progress.progress} of ${call.progress.total}` : `${call.progress.progress}`}
          {call.progress.message ? ` — ${call.progress.message}` : ''}
        </div>
      )}
      {call.media && call.media.length > 0 && (
        <div className="tool-media">
          {call.media.map((m, i) => (
            <img key={i} src={`data:${m.mimeType};base64,${m.data}`} alt={`Image ${i + 1} from ${call.name}`} />
          ))}
        </div>
      )}
      {call.file && (call.status === 'done' || open) && (
        <div className="tool-file">
          <button className="link-button" onClick={() => showDiff({ path: call.file!.path, patch: call.file!.patch ?? '', title: `${call.name} ${call.file!.path}` })} aria-label={`View diff of ${call.file.path}`}>
            View diff
          </button>
          <span className="muted">
            {call.file.change === 'create' ? 'created' : call.file.change === 'delete' ? 'deleted' : 'edited'} <span className="diff-add">+{call.file.added}</span> <span className="diff-del">−{call.file.removed}</span>
          </span>
          {call.file.change !== 'delete' && (
            <button className="link-button" onClick={() => void openFile(call.file!.path)} aria-label={`Open ${call.file.path}`}>
              Open
            </button>
          )}
        </div>
      )}
      {open && (
        <div className="tool-card-body">
          <div className="tool-section-title">Arguments</div>
          <pre className="tool-pre">{call.rawInput ?? JSON.stringify(call.input, null, 2)}</pre>
          {call.decision && (
            <div className="tool-decision">
              Policy: <strong>{call.decision.verdict}</strong>
              {call.decision.by ? ` (by ${call.decision.by})` : ''}
              {call.decision.reasons.length ? ` — ${call.decision.reasons.join('; ')}` : ''}
            </div>
          )}
          {call.checkpointId && <div className="muted">Checkpoint before this call: {call.checkpointId.slice(0, 10)}</div>}
          {call.result !== undefined && (
            <>
              <div className="tool-section-title">Result</div>
              <pre className={call.isError ? 'tool-pre error' : 'tool-pre'}>{call.result}</pre>
            </>
          )}
        </div>
      )}
    </div>
  );
});
