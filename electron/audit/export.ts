import type { AuditRecord } from '../../shared/contract/audit';

const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The log as a spreadsheet: one row per record, the details as JSON in the last column. */
export function auditCsv(records: AuditRecord[]): string {
  const header = ['seq', 'ts', 'type', 'sessionId', 'toolCallId', 'actor', 'summary', 'data', 'prev', 'hash'];
  const rows = records.map((r) => [r.seq, r.ts, r.type, r.sessionId, r.toolCallId, r.actor, r.summary, r.data, r.prev, r.hash].map(csvCell).join(','));
  return `${header.join(',')}\n${rows.join('\n')}\n`;
}
