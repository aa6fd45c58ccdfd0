import { readFile } from 'node:fs/promises';
import { AuditRecord, type AuditVerifyResult } from '../../shared/contract/audit';
import { GENESIS, recordHash } from './chain';

/** What the log's head file says was written last; catches records cut off the end. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * Checks a log's hash chain line by line and reports the first record that breaks it:
 * a changed byte (its hash no longer matches), a deleted or moved line (its `prev` no
 * longer names the record before it), or lines cut off the end (the head file remembers
 * the last record written).
 */
export function verifyAuditText(text: string, file: string, head: AuditHead | null): AuditVerifyResult {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let prev = GENESIS;
  let expectedSeq = 1;
  const broken = (line: number, seq: number | null, reason: string): AuditVerifyResult => ({ ok: false, records: line - 1, file, firstBroken: { line, seq, reason } });
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let raw: unknown;
    try {
      raw = JSON.parse(lines[i]!);
    } catch {
      return broken(lineNo, null, `line ${lineNo} is not valid JSON (it was edited or truncated).`);
    }
    const parsed = AuditRecord.safeParse(raw);
    if (!parsed.success) return broken(lineNo, null, `line ${lineNo} is not an audit record (a field is missing or has the wrong type).`);
    const record = parsed.data;
    if (recordHash(record) !== record.hash || canonicalMismatch(raw, record)) {
      return broken(lineNo, record.seq, `record ${record.seq} (line ${lineNo}) was modified: its content no longer matches its hash.`);
    }
    if (record.prev !== prev || record.seq !== expectedSeq) {
      return broken(
        lineNo,
        record.seq,
        record.seq > expectedSeq
          ? `record ${expectedSeq} is missing before line ${lineNo} (found record ${record.seq}): a record was deleted or moved.`
          : `record ${record.seq} (line ${lineNo}) is out of place (expected record ${expectedSeq}): records were moved or duplicated.`,
      );
    }
    prev = record.hash;
    expectedSeq++;
  }
  if (head && (head.seq !== expectedSeq - 1 || (head.seq > 0 && head.hash !== prev))) {
    return broken(lines.length + 1, head.seq, `the log ends at record ${expectedSeq - 1}, but record ${head.seq} was written: records were removed from the end.`);
  }
  return { ok: true, records: lines.length, file, firstBroken: null };
}

/** Fields the schema would silently drop (an added key) also count as tampering. */
function canonicalMismatch(raw: unknown, record: AuditRecord): boolean {
  return Object.keys(raw as object).length !== Object.keys(record).length;
}

export async function verifyAuditFile(file: string, headFile?: string): Promise<AuditVerifyResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, records: 0, file, firstBroken: { line: 0, seq: null, reason: code === 'ENOENT' ? `${file} does not exist.` : `${file} cannot be read (${code}).` } };
  }
  let head: AuditHead | null = null;
  if (headFile) {
    try {
      head = JSON.parse(await readFile(headFile, 'utf8')) as AuditHead;
    } catch {
      head = null; // no head file yet (an old log, or a copied one): chain checks only
    }
  }
  return verifyAuditText(text, file, head);
}
