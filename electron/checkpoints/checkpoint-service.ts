import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type {
  Checkpoint,
  CheckpointEvent,
  CheckpointList,
  CheckpointReason,
  DiffResult,
  DiffSide,
  FileDiff,
  RestoreMode,
  RestorePreview,
  RestoreResult,
  UndoState,
} from '../../shared/contract/checkpoints';
import type { CheckpointSettings } from '../../shared/settings/checkpoints';
import { RpcError } from '../../shared/rpc/errors';
import { Emitter } from '../../shared/rpc/transport';
import type { HostWrite } from '../workspace/files';
import type { Workspace } from '../workspace/workspace';
import { CheckpointStore } from './checkpoint-store';
import { plannedFiles } from './restore-plan';
import { PartialRestoreError } from './restore-apply';
import { restoreMessage } from './restore-message';
import { moveAside } from './recovery';
import { labelForWrites, SaveCoalescer } from './save-coalescer';
import { StoreDamagedError } from './shadow-repo';
import { acquireStoreLock, type StoreLock } from './store-lock';
import { diffTrees } from './tree-diff';

/** What the agent (or anything else) passes to make a checkpoint. */
export interface CreateCheckpointInput {
  reason: CheckpointReason;
  label: string;
  /** The agent's session; omitted, the checkpoint joins the IDE's current editor session. */
  sessionId?: string;
  turn?: number;
  toolCallId?: string;
  taskId?: string;
  /** Compare the whole workspace with the store instead of only what was reported changed. */
  verify?: boolean;
}

/** Restores the agent's conversation to a checkpoint; registered by the agent. */
export type ConversationRestorer = (checkpoint: Checkpoint) => Promise<void>;

/** The parts of a workspace the checkpoints use. */
export type CheckpointWorkspace = Pick<Workspace, 'root' | 'dataDir' | 'files' | 'watcher' | 'settings'>;

const newEditorSession = () => `editor-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
const INDEX_SAVE_DELAY_MS = 5000;

/**
 * The checkpoints of one open workspace. Every operation runs in one queue, so snapshots,
 * restores and retention never interleave. The store learns what changed from the host's
 * own writes and the watcher, and a full verification (at start, periodically, on demand)
 * catches anything they missed. A damaged store is moved aside and rebuilt, never trusted.
 */
export class CheckpointService {
  readonly events = new Emitter<CheckpointEvent>();
  /** Resolves once the store is open (the first snapshot may still be running). */
  readonly opened: Promise<void>;
  private store: CheckpointStore | null = null;
  private unavailable: string | null = null;
  private lock: StoreLock | null = null;
  private editorSessionId = newEditorSession();
  private queue: Promise<unknown> = Promise.resolve();
  private pendingOps = 0;
  private busy: string | null = null;
  private conversationRestorers = new Set<ConversationRestorer>();
  private pauses = 0;
  private coalescer: SaveCoalescer;
  private offs: (() => void)[] = [];
  private verifyTimer: NodeJS.Timeout | undefined;
  private indexTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private closing = new AbortController();
  private settings: CheckpointSettings;
  readonly dir: string;

  constructor(
    private readonly ws: CheckpointWorkspace,
    options: { quietMs?: number; maxWaitMs?: number } = {},
  ) {
    this.dir = path.join(ws.dataDir, 'checkpoints');
    this.settings = ws.settings.settings.checkpoints;
    this.coalescer = new SaveCoalescer((writes) => this.checkpointSaves(writes), options.quietMs, options.maxWaitMs);
    this.offs.push(
      ws.files.writes.on((w) => this.onHostWrite(w)),
      ws.watcher.changes.on((changes) => {
        for (const c of changes) this.noteChange(c.path, c.kind, c.isDir);
      }),
      ws.settings.changes.on((s) => this.onSettings(s.settings.checkpoints)),
    );
    this.opened = this.open();
    // The session's first checkpoint: what "View all changes" and "Revert all changes" compare with.
    void this.enqueue('Taking the first snapshot of this folder', (store) =>
      store.create({ reason: 'session-start', label: 'Session start', sessionId: this.editorSessionId, sessionKind: 'editor', force: true }),
    )
      .then(() => this.emit({ type: 'changed' }))
      .then(() => this.applyRetention())
      .catch((e) => this.reportBackground('The first checkpoint of this session failed', e));
    this.scheduleVerify();
  }

  // ── the agent's interface ──────────────────────────────────────────────────────────

  /** A checkpoint of the workspace now, with the files changed since the previous one; no change returns the previous one. */
  async create(input: CreateCheckpointInput): Promise<Checkpoint> {
    const sessionId = input.sessionId ?? this.editorSessionId;
    const make = (store: CheckpointStore) => {
      if (input.verify) store.dirty.markFull();
      this.coalescer.cancel(); // pending saves are in this checkpoint
      return store.create({
        reason: input.reason,
        label: input.label,
        sessionId,
        sessionKind: input.sessionId ? 'agent' : 'editor',
        ...(input.turn !== undefined ? { turn: input.turn } : {}),
        ...(input.toolCallId !== undefined ? { toolCallId: input.toolCallId } : {}),
        ...(input.taskId !== undefined ? { taskId: input.taskId } : {}),
      });
    };
    const result = await this.enqueue(null, make, { retryAfterRecovery: true });
    if (result.created) this.emit({ type: 'changed' });
    return result.checkpoint;
  }

  /**
   * Restores checkpoint `id`: its files ('files'), the agent's conversation ('conversation'),
   * or both. Files are restored after the present is checkpointed, so "Undo revert" works.
   */
  async restore(id: string, mode: RestoreMode = 'files', options: { sessionId?: string } = {}): Promise<RestoreResult> {
    return this.restoreInternal(id, mode, { sessionId: options.sessionId });
  }

  /** Registers the agent's conversation restore; returns its unregistration. */
  onConversationRestore(restorer: ConversationRestorer): () => void {
    this.conversationRestorers.add(restorer);
    return () => this.conversationRestorers.delete(restorer);
  }

  /**
   * Stops editor saves from making their own checkpoints until released — for the agent
   * during a turn, since it checkpoints before each tool call itself and its writes would
   * otherwise be labelled as saves.
   */
  pauseAutoCheckpoints(): () => void {
    this.pauses++;
    let released = false;
    return () => {
      if (!released) this.pauses--;
      released = true;
    };
  }

  async list(): Promise<CheckpointList> {
    await this.opened;
    const store = this.store;
    const settings = this.settings;
    const base = { currentSessionId: this.editorSessionId, busy: this.busy, unavailable: this.unavailable };
    if (!store) {
      return {
        ...base,
        sessions: [],
        checkpoints: [],
        undo: null,
        store: { sizeBytes: 0, checkpoints: 0, sessions: 0, location: this.dir, lastVerifiedAt: null, keepSessions: settings.keepSessions, keepDays: settings.keepDays, maxFileSizeMB: settings.maxFileSizeMB },
      };
    }
    const checkpoints = store.log.checkpoints();
    const sessions = store.log.sessionList();
    return {
      ...base,
      sessions,
      checkpoints,
      undo: undoState(checkpoints),
      store: {
        sizeBytes: await store.sizeBytes(),
        checkpoints: checkpoints.length,
        sessions: sessions.length,
        location: store.repo.gitdir,
        lastVerifiedAt: store.lastVerifiedAt,
        keepSessions: settings.keepSessions,
        keepDays: settings.keepDays,
        maxFileSizeMB: settings.maxFileSizeMB,
      },
    };
  }

  async diff(from: string, to: DiffSide): Promise<DiffResult> {
    const files = await this.enqueue(null, (store) => store.diff(from, to));
    return { from, to, files };
  }

  fileDiff(from: string, to: DiffSide, rel: string): Promise<FileDiff> {
    return this.enqueue(null, (store) => store.fileDiff(from, to, rel));
  }

  /** What reverting to `id` (or one path) would change, for a confirmation that names the count. */
  preview(id: string, under?: string): Promise<RestorePreview> {
    return this.enqueue(null, async (store) => {
      const { target, plan } = await store.preview(id, under);
      return { target: target.checkpoint, files: plannedFiles(plan), kept: plan.kept };
    });
  }

  /** Back to the first checkpoint of a session (the current editor session unless given). */
  async revertAll(sessionId?: string): Promise<RestoreResult> {
    await this.opened;
    const sid = sessionId ?? this.editorSessionId;
    const first = this.store?.log.firstOf(sid);
    if (!first) throw new RpcError('NOT_FOUND', 'This session has no checkpoint to go back to yet.');
    return this.restoreInternal(first.checkpoint.id, 'files', {});
  }

  /** Goes back to the state just before the last revert. */
  async undoRevert(): Promise<RestoreResult> {
    await this.opened;
    const undo = this.store ? undoState(this.store.log.checkpoints()) : null;
    if (!undo) throw new RpcError('NOT_FOUND', 'There is no revert to undo.');
    const result = await this.restoreInternal(undo.beforeId, 'files', { undoOf: undo.beforeId, label: `Before undoing the revert to “${undo.label}”` });
    const n = result.written.length + result.deleted.length;
    const kept = result.message.includes('left as') ? ` ${result.message.slice(result.message.indexOf('.') + 2)}` : '';
    return { ...result, message: n ? `Undid the revert to “${undo.label}”: ${n} ${n === 1 ? 'file' : 'files'} changed back.${kept}` : `Nothing to undo: the files already match the state before the revert to “${undo.label}”.` };
  }

  /** Restores one file (or folder) as it was at checkpoint `id`; the present is checkpointed first. */
  async revertFile(id: string, rel: string): Promise<RestoreResult> {
    if (rel === '') throw new RpcError('BAD_REQUEST', 'Name the file to revert; to revert everything, use "Revert to checkpoint".');
    return this.restoreInternal(id, 'files', { under: rel });
  }

  /** Compares the whole disk with the store; returns how many files the incremental view had missed. */
  verify(): Promise<{ missed: number }> {
    return this.enqueue('Verifying checkpoints against the disk', async (store) => {
      const incremental = (await store.buildPresent()).tree;
      store.dirty.markFull();
      const full = (await store.buildPresent()).tree;
      const missed = incremental === full ? 0 : (await diffTrees(store.repo, incremental, full)).length;
      if (missed) this.emit({ type: 'notice', level: 'warning', message: `Verification found ${missed} changed ${missed === 1 ? 'file' : 'files'} the file watcher had not reported; the next checkpoint includes them.` });
      return { missed };
    });
  }

  /** Applies retention (last N sessions / D days) and collects what only pruned sessions held. */
  prune(): Promise<{ removedSessions: number; freedBytes: number }> {
    return this.applyRetention();
  }

  // ── internals ──────────────────────────────────────────────────────────────────────

  private async restoreInternal(
    id: string,
    mode: RestoreMode,
    options: { sessionId?: string | undefined; under?: string; undoOf?: string; label?: string },
  ): Promise<RestoreResult> {
    const result = await this.enqueue(mode === 'conversation' ? null : 'Reverting files', async (store) => {
      const target = store.get(id).checkpoint;
      if (mode === 'conversation') return { target, outcome: null };
      this.coalescer.cancel(); // the snapshot before the revert holds those saves
      const sessionId = options.sessionId ?? this.editorSessionId;
      const label = options.label ?? (options.under ? `Before reverting ${options.under}` : `Before revert to “${target.label}”`);
      try {
        const outcome = await store.restore(
          id,
          {
            reason: 'before-restore',
            label,
            sessionId,
            sessionKind: options.sessionId ? 'agent' : 'editor',
            restoreOf: { id, label: target.label, ...(options.under ? { path: options.under } : {}) },
            ...(options.undoOf ? { undoOf: options.undoOf } : {}),
          },
          options.under,
        );
        return { target, outcome };
      } catch (e) {
        if (e instanceof PartialRestoreError) this.emit({ type: 'changed' });
        throw e;
      }
    });
    const { target, outcome } = result;
    let conversation: RestoreResult['conversation'] = 'not-requested';
    let conversationError: string | undefined;
    if (mode !== 'files') {
      if (this.conversationRestorers.size === 0) conversation = 'not-recorded';
      else {
        try {
          for (const restorer of this.conversationRestorers) await restorer(target);
          conversation = 'restored';
        } catch (e) {
          conversation = 'failed';
          conversationError = (e as Error).message;
        }
      }
    }
    if (outcome?.before) this.emit({ type: 'changed' });
    return {
      target,
      before: outcome?.before ?? null,
      written: outcome?.applied.written ?? [],
      deleted: outcome?.applied.deleted ?? [],
      kept: outcome?.kept ?? [],
      conversation,
      message: restoreMessage(target, outcome ? { ...outcome.applied, kept: outcome.kept } : null, conversation, conversationError),
    };
  }

  private async open(): Promise<void> {
    try {
      this.lock = await acquireStoreLock(this.dir);
    } catch (e) {
      this.unavailable = `Checkpoints are unavailable: ${(e as Error).message}`;
      return;
    }
    try {
      this.store = await this.openStore();
    } catch (e) {
      if (e instanceof StoreDamagedError) {
        await this.recover(e, false).catch(() => {}); // on failure, `unavailable` says why
        return;
      }
      this.unavailable = `Checkpoints are unavailable: cannot open the store in '${this.dir}': ${(e as Error).message}`;
    }
  }

  private async openStore(): Promise<CheckpointStore> {
    const appDataDir = path.resolve(this.ws.dataDir, '..', '..');
    const store = await CheckpointStore.open({ root: this.ws.root, dir: this.dir, settings: this.settings, privateDirs: [appDataDir] });
    store.signal = this.closing.signal;
    return store;
  }

  /** Moves a damaged store aside, starts a new one from the present files, and tells the person. */
  private async recover(damage: StoreDamagedError, firstCheckpoint = true): Promise<string> {
    this.store = null;
    let aside: string;
    try {
      aside = await moveAside(this.dir);
      this.store = await this.openStore();
    } catch (e) {
      this.unavailable = `Checkpoints are unavailable: the store was damaged and could not be replaced (${(e as Error).message}).`;
      this.emit({ type: 'notice', level: 'error', message: this.unavailable });
      throw new RpcError('INTERNAL', this.unavailable);
    }
    this.editorSessionId = newEditorSession();
    if (firstCheckpoint) {
      await this.store.create({ reason: 'recovered', label: 'Store rebuilt after damage', sessionId: this.editorSessionId, sessionKind: 'editor', force: true });
    }
    this.emit({
      type: 'notice',
      level: 'error',
      message: `${damage.message} It was moved aside to '${aside}' and a new store was started from the files as they are now; earlier checkpoints cannot be restored. No file in the workspace was changed.`,
    });
    this.emit({ type: 'changed' });
    return aside;
  }

  /** Runs `op` after every earlier operation, with the store open; recovers from a damaged store. */
  private enqueue<T>(busy: string | null, op: (store: CheckpointStore) => Promise<T>, options: { retryAfterRecovery?: boolean } = {}): Promise<T> {
    this.pendingOps++;
    const run = async (): Promise<T> => {
      await this.opened;
      if (this.disposed) throw new RpcError('NO_WORKSPACE', 'The folder was closed.');
      if (!this.store) throw new RpcError('UNSUPPORTED', this.unavailable ?? 'Checkpoints are unavailable.');
      this.setBusy(busy);
      try {
        try {
          return await op(this.store);
        } catch (e) {
          if (!(e instanceof StoreDamagedError)) throw e;
          const aside = await this.recover(e);
          if (options.retryAfterRecovery) return await op(this.store!);
          throw new RpcError('INTERNAL', `${e.message} It was moved aside to '${aside}' and a new store was started; that checkpoint can no longer be restored. No file in the workspace was changed.`);
        }
      } finally {
        this.setBusy(null);
        this.scheduleIndexSave();
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {}).finally(() => this.pendingOps--);
    return result;
  }

  private setBusy(busy: string | null) {
    if (this.busy === busy) return;
    this.busy = busy;
    this.emit({ type: 'busy', busy });
  }

  private emit(event: CheckpointEvent) {
    if (!this.disposed) this.events.emit(event);
  }

  private reportBackground(what: string, e: unknown) {
    if (this.disposed) return;
    this.emit({ type: 'notice', level: 'error', message: `${what}: ${(e as Error).message}` });
  }

  private onHostWrite(w: HostWrite) {
    this.noteChange(w.path, w.kind, w.isDir);
    if (this.settings.onSave && this.pauses === 0 && !this.disposed) this.coalescer.add(w);
  }

  private checkpointSaves(writes: HostWrite[]) {
    void this.create({ reason: 'editor-save', label: labelForWrites(writes) }).catch((e) => this.reportBackground('Could not checkpoint the save', e));
  }

  /** Tells the store a path may have changed (a folder that came or went is rescanned whole). */
  private noteChange(rel: string, kind: 'added' | 'changed' | 'removed', isDir: boolean) {
    this.store?.dirty.add(rel, isDir && kind !== 'changed');
  }

  private onSettings(next: CheckpointSettings) {
    const before = this.settings;
    this.settings = next;
    if (before.maxFileSizeMB !== next.maxFileSizeMB || JSON.stringify(before.exclude) !== JSON.stringify(next.exclude)) {
      void this.enqueue(null, async (store) => store.setExclusions(next)).catch(() => {});
    }
    if (before.verifyEveryMinutes !== next.verifyEveryMinutes) this.scheduleVerify();
  }

  private scheduleVerify() {
    clearInterval(this.verifyTimer);
    const minutes = this.settings.verifyEveryMinutes;
    if (minutes <= 0) return;
    this.verifyTimer = setInterval(() => {
      // Only when idle: a verification is a background safety net, not something to wait for.
      if (this.pendingOps === 0 && this.store) void this.verify().catch((e) => this.reportBackground('Background verification failed', e));
    }, minutes * 60_000);
    this.verifyTimer.unref();
  }

  private scheduleIndexSave() {
    if (this.indexTimer || this.disposed) return;
    this.indexTimer = setTimeout(() => {
      this.indexTimer = undefined;
      const store = this.store;
      if (store) void this.enqueue(null, () => store.saveIndex()).catch(() => {});
    }, INDEX_SAVE_DELAY_MS);
    this.indexTimer.unref();
  }

  private async applyRetention(): Promise<{ removedSessions: number; freedBytes: number }> {
    const { keepSessions, keepDays } = this.settings;
    const current = this.editorSessionId;
    const result = await this.enqueue('Applying retention', (store) => {
      const sessions = store.log.sessionList();
      const recent = new Set(
        [...sessions]
          .sort((a, b) => b.lastAt - a.lastAt)
          .slice(0, keepSessions)
          .map((s) => s.id),
      );
      const cutoff = Date.now() - keepDays * 24 * 60 * 60 * 1000;
      return store.prune((s) => s.id === current || recent.has(s.id) || s.lastAt >= cutoff);
    });
    if (result.removedSessions) this.emit({ type: 'changed' });
    return result;
  }

  async dispose(): Promise<void> {
    this.disposed = true; // operations not yet started are refused; a long scan stops at the next folder
    this.closing.abort();
    this.coalescer.dispose();
    clearInterval(this.verifyTimer);
    clearTimeout(this.indexTimer);
    for (const off of this.offs) off();
    await this.queue;
    this.events.clear();
    try {
      await this.store?.saveIndex();
    } catch {
      // the index is a cache: losing it costs a rehash, not data
    }
    await this.lock?.release();
  }
}

/** The latest revert, unless it was undone already. */
export function undoState(newestFirst: Checkpoint[]): UndoState | null {
  const latest = newestFirst.find((c) => c.reason === 'before-restore');
  if (!latest || latest.undoOf || newestFirst.some((c) => c.undoOf === latest.id)) return null;
  return { beforeId: latest.id, label: latest.restoreOf?.label ?? latest.label };
}

/** This workspace's checkpoint service, started with the workspace. */
export function checkpointsFor(ws: Workspace): CheckpointService {
  return ws.service('checkpoints', (w) => new CheckpointService(w));
}
