import { randomBytes } from 'node:crypto';
import type { AgentSession, AssistantEntry, NoticeEntry, SessionEntry, ToolCallRecord } from '../../../shared/agent/session';
import type { AgentEvent, RunState } from '../../../shared/contract/agent';
import { Emitter } from '../../../shared/rpc/transport';
import type { SessionStore } from './store';

export const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

const SAVE_DELAY_MS = 1000;

/**
 * A session while it is loaded: its data, its running request, and the events the chat
 * follows. Every change goes through here, so the chat and the file on disk see the same
 * thing; saves are coalesced while text streams and forced at the end of each step.
 */
export class LiveSession {
  readonly events = new Emitter<AgentEvent>();
  run: RunState | null = null;
  controller: AbortController | null = null;
  /** Resolves when the running request has completely finished. */
  running: Promise<unknown> | null = null;
  private saveTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    public data: AgentSession,
    private readonly store: SessionStore,
    private readonly onChange: () => void,
  ) {}

  get id() {
    return this.data.id;
  }

  entry(id: string): SessionEntry | undefined {
    return this.data.entries.find((e) => e.id === id);
  }

  /** Adds an entry, or replaces the one with the same id. */
  upsert(entry: SessionEntry): void {
    const i = this.data.entries.findIndex((e) => e.id === entry.id);
    if (i >= 0) this.data.entries[i] = entry;
    else this.data.entries.push(entry);
    this.touch();
    this.events.emit({ type: 'entry', entry });
    this.scheduleSave();
  }

  notice(level: NoticeEntry['level'], kind: NoticeEntry['kind'], message: string, retryable = false): NoticeEntry {
    const n: NoticeEntry = { type: 'notice', id: newId('n'), at: Date.now(), level, kind, message, retryable };
    this.upsert(n);
    return n;
  }

  /** Streamed text of an assistant entry (the entry object is updated in place). */
  delta(entry: AssistantEntry, text: string): void {
    entry.text += text;
    this.events.emit({ type: 'delta', entryId: entry.id, text, at: Date.now() });
    this.scheduleSave();
  }

  tool(entry: AssistantEntry, call: ToolCallRecord): void {
    const i = entry.toolCalls.findIndex((c) => c.id === call.id);
    if (i >= 0) entry.toolCalls[i] = call;
    else entry.toolCalls.push(call);
    this.events.emit({ type: 'tool', entryId: entry.id, call });
    this.scheduleSave();
  }

  setRun(run: RunState | null): void {
    const wasRunning = this.run !== null;
    this.run = run;
    this.events.emit({ type: 'run', run });
    if (wasRunning !== (run !== null)) this.onChange();
  }

  patchRun(patch: Partial<RunState>): void {
    if (!this.run) return;
    const next = { ...this.run, ...patch };
    for (const k of Object.keys(patch) as (keyof RunState)[]) if (patch[k] === undefined) delete next[k];
    this.setRun(next);
  }

  /** Replaces the entries wholesale (a restore) and tells the chat with a snapshot. */
  replaceEntries(entries: SessionEntry[]): void {
    this.data.entries = entries;
    this.touch();
    this.events.emit({ type: 'snapshot', session: this.data, run: this.run });
    this.scheduleSave();
  }

  snapshot(): AgentEvent {
    return { type: 'snapshot', session: this.data, run: this.run };
  }

  private touch() {
    this.data.updatedAt = Date.now();
  }

  scheduleSave(): void {
    if (this.disposed || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.save().catch(() => {});
    }, SAVE_DELAY_MS);
  }

  async save(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    await this.store.save(this.data);
  }

  async dispose(): Promise<void> {
    this.controller?.abort();
    await this.running?.catch(() => {});
    await this.save().catch(() => {});
    this.disposed = true;
    this.events.clear();
  }
}
