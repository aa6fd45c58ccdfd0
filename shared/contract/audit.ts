import { z } from 'zod';
import { method, stream } from '../rpc/define';
import { Empty } from './common';

export const AuditType = z.enum(['proposal', 'decision', 'approval', 'result', 'trust', 'guardrails']);
export type AuditType = z.infer<typeof AuditType>;

/** One line of the audit log. `prev` is the previous record's hash; `hash` covers everything else. */
export const AuditRecord = z.object({
  seq: z.number().int(),
  ts: z.string(),
  type: AuditType,
  sessionId: z.string().optional(),
  toolCallId: z.string().optional(),
  actor: z.string().optional(),
  /** One line for lists: the command, the path, the tool. */
  summary: z.string(),
  data: z.record(z.string(), z.unknown()),
  prev: z.string(),
  hash: z.string(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  records: z.number(),
  file: z.string(),
  /** The first record that breaks the chain: its line number and why. */
  firstBroken: z.object({ line: z.number(), seq: z.number().nullable(), reason: z.string() }).nullable(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;

export const AuditQuery = z.object({
  types: z.array(AuditType).optional(),
  /** Case-insensitive text anywhere in the record. */
  text: z.string().max(1000).optional(),
  verdict: z.enum(['allow', 'ask', 'deny']).optional(),
  sessionId: z.string().optional(),
  limit: z.number().int().min(1).max(5000).default(500),
});

export const auditContract = {
  /** Newest first. */
  'audit.query': method(AuditQuery, z.object({ records: z.array(AuditRecord), total: z.number(), matched: z.number() })),
  'audit.verify': method(Empty, AuditVerifyResult),
  'audit.export': method(z.object({ format: z.enum(['jsonl', 'csv']).default('jsonl') }), z.object({ fileName: z.string(), mime: z.string(), text: z.string() })),
  /** Every record as it is appended. */
  'audit.appended': stream(Empty, AuditRecord),
};
