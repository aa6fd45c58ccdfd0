import { useCallback, useEffect, useState } from 'react';
import type { AuditRecord, AuditType, AuditVerifyResult } from '../../../shared/contract/audit';
import { api } from '../../api/client';
import { useApp } from '../../stores/app-store';
import { notifyError } from '../../stores/notifications';
import './audit.css';

const TYPES: AuditType[] = ['proposal', 'decision', 'approval', 'result', 'trust', 'guardrails'];
type Verdict = '' | 'allow' | 'ask' | 'deny';

function download(fileName: string, mime: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Badge text for a record: the verdict of a decision, the answer of an approval. */
function outcome(r: AuditRecord): string | null {
  if (r.type === 'decision') return String(r.data.verdict ?? '');
  if (r.type === 'approval') return String(r.data.answer ?? '');
  if (r.type === 'result') return r.data.ok ? 'ok' : 'failed';
  return null;
}

/** Every proposal, decision, approval and result of this workspace, newest first. */
export function AuditLogView() {
  const generation = useApp((s) => s.generation);
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [counts, setCounts] = useState({ total: 0, matched: 0 });
  const [type, setType] = useState<'' | AuditType>('');
  const [verdict, setVerdict] = useState<Verdict>('');
  const [text, setText] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  const [verify, setVerify] = useState<AuditVerifyResult | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await api.call('audit.query', { ...(type ? { types: [type] } : {}), ...(verdict ? { verdict } : {}), ...(text.trim() ? { text: text.trim() } : {}), limit: 500 });
      setRecords(r.records);
      setCounts({ total: r.total, matched: r.matched });
    } catch (e) {
      notifyError(e);
    }
  }, [type, verdict, text]);

  useEffect(() => {
    void load();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = api.subscribe('audit.appended', {}, {
      event: () => {
        clearTimeout(timer);
        timer = setTimeout(() => void load(), 150);
      },
      end: () => {},
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [load, generation]);

  const runVerify = async () => {
    try {
      setVerify(await api.call('audit.verify', {}));
    } catch (e) {
      notifyError(e);
    }
  };
  const runExport = async (format: 'jsonl' | 'csv') => {
    try {
      const { fileName, mime, text: body } = await api.call('audit.export', { format });
      download(fileName, mime, body);
    } catch (e) {
      notifyError(e);
    }
  };

  return (
    <section className="audit" role="region" aria-label="Audit log">
      <div className="audit-toolbar">
        <label>
          <span className="visually-hidden">Record type</span>
          <select aria-label="Record type" value={type} onChange={(e) => setType(e.target.value as AuditType | '')}>
            <option value="">All records</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t[0]!.toUpperCase() + t.slice(1)}s
              </option>
            ))}
          </select>
        </label>
        <select aria-label="Verdict" value={verdict} onChange={(e) => setVerdict(e.target.value as Verdict)}>
          <option value="">Any verdict</option>
          <option value="allow">Allowed</option>
          <option value="ask">Asked</option>
          <option value="deny">Denied</option>
        </select>
        <input className="audit-search" type="search" aria-label="Filter audit log" placeholder="Filter: command, path, tool, rule…" value={text} onChange={(e) => setText(e.target.value)} />
        <span className="audit-count muted" role="status">
          {counts.matched === counts.total ? `${counts.total} records` : `${counts.matched} of ${counts.total} records`}
        </span>
        <span className="spacer" />
        <button className="button small" onClick={() => void runVerify()}>
          Verify chain
        </button>
        <button className="button small" onClick={() => void runExport('jsonl')}>
          Export JSONL
        </button>
        <button className="button small" onClick={() => void runExport('csv')}>
          Export CSV
        </button>
      </div>
      {verify &&
        (verify.firstBroken?.line === 0 ? (
          // No log file yet: nothing to check, nothing broken.
          <p className="audit-verify" role="status">
            No audit log has been written for this workspace yet.
          </p>
        ) : (
          <p className={verify.ok ? 'audit-verify ok' : 'audit-verify broken'} role={verify.ok ? 'status' : 'alert'}>
            {verify.ok ? `Hash chain intact: ${verify.records} records.` : `Hash chain broken: ${verify.firstBroken?.reason}`}
          </p>
        ))}
      {records.length === 0 ? (
        <p className="panel-empty">{counts.total === 0 ? 'Nothing has been recorded yet: proposals, decisions, approvals and results appear here.' : 'No record matches the filters.'}</p>
      ) : (
        <table className="audit-table" aria-label="Audit records">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time</th>
              <th scope="col">Type</th>
              <th scope="col">Outcome</th>
              <th scope="col">Proposed by</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => {
              const o = outcome(r);
              const expanded = open === r.seq;
              return (
                <tr key={r.seq} className={expanded ? 'expanded' : undefined}>
                  <td className="muted">{r.seq}</td>
                  <td className="muted" title={r.ts}>
                    {new Date(r.ts).toLocaleTimeString()}
                  </td>
                  <td>{r.type}</td>
                  <td>{o && <span className={`outcome outcome-${o}`}>{o}</span>}</td>
                  <td className="muted">{r.actor ?? ''}</td>
                  <td className="audit-what">
                    <button className="link-button" aria-expanded={expanded} onClick={() => setOpen(expanded ? null : r.seq)}>
                      {r.summary}
                    </button>
                    {expanded && <pre className="audit-data">{JSON.stringify({ sessionId: r.sessionId, toolCallId: r.toolCallId, ...r.data, hash: r.hash }, null, 2)}</pre>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
