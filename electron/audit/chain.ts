import { createHash } from 'node:crypto';
import type { AuditRecord } from '../../shared/contract/audit';
import { canonicalJson } from './canonical-json';

/** The `prev` of the first record. */
export const GENESIS = '0'.repeat(64);

/** sha256 over the previous hash and the record without its own hash. */
export function recordHash(record: Omit<AuditRecord, 'hash'> | AuditRecord): string {
  const { hash: _ignored, ...rest } = record as AuditRecord;
  return createHash('sha256').update(`${rest.prev}\n${canonicalJson(rest)}`).digest('hex');
}
