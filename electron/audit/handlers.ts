import type { AuditRecord, auditContract } from '../../shared/contract/audit';
import { requireWorkspace } from '../host/connection-workspace';
import type { HostContext } from '../host/host-context';
import type { Handlers } from '../rpc/router';
import { getPolicy } from '../policy/policy-service';
import { auditCsv } from './export';
import { verifyAuditFile } from './verify';

function matches(r: AuditRecord, q: { types?: string[]; text?: string; verdict?: string; sessionId?: string }): boolean {
  if (q.types?.length && !q.types.includes(r.type)) return false;
  if (q.sessionId && r.sessionId !== q.sessionId) return false;
  if (q.verdict && !(r.type === 'decision' && r.data.verdict === q.verdict)) return false;
  if (q.text) {
    const needle = q.text.toLowerCase();
    if (!`${r.summary}\n${r.actor ?? ''}\n${r.toolCallId ?? ''}\n${JSON.stringify(r.data)}`.toLowerCase().includes(needle)) return false;
  }
  return true;
}

export function auditHandlers(_host: HostContext): Handlers<typeof auditContract> {
  const log = (connection: Parameters<typeof requireWorkspace>[0]) => getPolicy(requireWorkspace(connection)).audit;
  return {
    'audit.query': async (q, { connection }) => {
      const all = await log(connection).readAll();
      const hits = all.filter((r) => matches(r, q)).reverse();
      return { records: hits.slice(0, q.limit), total: all.length, matched: hits.length };
    },
    'audit.verify': async (_i, { connection }) => {
      const l = log(connection);
      await l.flush();
      return verifyAuditFile(l.file, l.headFile);
    },
    'audit.export': async ({ format }, { connection }) => {
      const ws = requireWorkspace(connection);
      const records = await log(connection).readAll();
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      const base = `specwright-audit-${ws.name}-${stamp}`;
      return format === 'csv'
        ? { fileName: `${base}.csv`, mime: 'text/csv', text: auditCsv(records) }
        : { fileName: `${base}.jsonl`, mime: 'application/x-ndjson', text: records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '') };
    },
    'audit.appended': (_i, emit, { connection }) => log(connection).appended.on(emit),
  };
}
