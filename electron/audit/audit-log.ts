import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AuditRecord, type AuditType } from '../../shared/contract/audit';
import { redactValue } from '../../shared/policy/redact';
import { Emitter } from '../../shared/rpc/transport';
import { GENESIS, recordHash } from './chain';
import type { AuditHead } from './verify';

export interface AuditEntry {
  type: AuditType;
  summary: string;
  sessionId?: string;
  toolCallId?: string;
  actor?: string;
  data?: Record<string, unknown>;
}

export const auditFiles = (dataDir: string) => ({ log: path.join(dataDir, 'audit.jsonl'), head: path.join(dataDir, 'audit.head.json') });

/**
 * The workspace's append-only audit log: JSON lines, each carrying the previous record's
 * hash; secrets are redacted before anything reaches the disk. Appends are serialised so
 * the chain never forks. A log that is already broken is never rewritten: new records
 * continue from its last readable line and `verify` keeps reporting the break.
 */
export class AuditLog {
  readonly appended = new Emitter<AuditRecord>();
  private queue: Promise<unknown> = Promise.resolve();
  private tail: Promise<AuditHead> | null = null;
  readonly file: string;
  readonly headFile: string;

  constructor(dataDir: string) {
    const files = auditFiles(dataDir);
    this.file = files.log;
    this.headFile = files.head;
  }

  append(entry: AuditEntry): Promise<AuditRecord> {
    const next = this.queue.then(() => this.write(entry));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(entry: AuditEntry): Promise<AuditRecord> {
    this.tail ??= this.readTail();
    const last = await this.tail;
    const clean = redactValue({ ...entry, data: entry.data ?? {} });
    const body: Omit<AuditRecord, 'hash'> = {
      seq: last.seq + 1,
      ts: new Date().toISOString(),
      type: clean.type,
      ...(clean.sessionId ? { sessionId: clean.sessionId } : {}),
      ...(clean.toolCallId ? { toolCallId: clean.toolCallId } : {}),
      ...(clean.actor ? { actor: clean.actor } : {}),
      summary: clean.summary,
      data: JSON.parse(JSON.stringify(clean.data)) as Record<string, unknown>,
      prev: last.hash,
    };
    const record: AuditRecord = { ...body, hash: recordHash(body) };
    await mkdir(path.dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(record)}\n`);
    const head: AuditHead = { seq: record.seq, hash: record.hash };
    const tmp = `${this.headFile}.tmp`;
    await writeFile(tmp, JSON.stringify(head));
    await rename(tmp, this.headFile);
    this.tail = Promise.resolve(head);
    this.appended.emit(record);
    return record;
  }

  /** The last readable record, so a restarted host continues the same chain. */
  private async readTail(): Promise<AuditHead> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return { seq: 0, hash: GENESIS };
    }
    const lines = text.split('\n').filter((l) => l.trim());
    for (let i = lines.length - 1; i >= 0; i--) {
      try {
        const r = AuditRecord.parse(JSON.parse(lines[i]!));
        return { seq: r.seq, hash: r.hash };
      } catch {}
    }
    return { seq: 0, hash: GENESIS };
  }

  /** Every readable record, oldest first (unreadable lines are skipped; `verify` reports them). */
  async readAll(): Promise<AuditRecord[]> {
    await this.queue;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    const out: AuditRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(AuditRecord.parse(JSON.parse(line)));
      } catch {}
    }
    return out;
  }

  flush(): Promise<unknown> {
    return this.queue;
  }
}
