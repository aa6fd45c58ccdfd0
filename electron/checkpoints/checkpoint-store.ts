import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChangedFile, Checkpoint, CheckpointReason, DiffFile, FileDiff, Session } from '../../shared/contract/checkpoints';
import { RpcError } from '../../shared/rpc/errors';
import { CheckpointLog, HEAD_REF, sessionRef, type StoredCheckpoint } from './checkpoint-log';
import { collectGarbage, folderSize } from './collect-garbage';
import { DirtyPaths } from './dirty-paths';
import { Exclusions, type ExclusionSettings } from './exclusions';
import { fileSide, lineStats } from './line-stats';
import { encodeMessage } from './metadata';
import { applyRestore, preflight, type AppliedRestore } from './restore-apply';
import { planRestore, type RestorePlan } from './restore-plan';
import { ShadowRepo } from './shadow-repo';
import { StatIndex } from './stat-index';
import { TreeBuilder, type BuildResult } from './tree-builder';
import { diffTrees } from './tree-diff';
import { findEntry } from './tree-lookup';

/** Changed files listed in a checkpoint's metadata; the rest are counted (a diff lists them all). */
const MAX_LISTED_FILES = 500;
/** Line counts are computed for this many files of a diff; the rest are listed without. */
const MAX_COUNTED_FILES = 2000;

export interface CreateInput {
  reason: CheckpointReason;
  label: string;
  sessionId: string;
  sessionKind: Session['kind'];
  turn?: number;
  toolCallId?: string;
  taskId?: string;
  restoreOf?: Checkpoint['restoreOf'];
  undoOf?: string;
  /** Store it even when nothing changed (a session's first checkpoint, the state before a revert). */
  force?: boolean;
}

export interface StoreOptions {
  /** The workspace's real path. */
  root: string;
  /** The folder for this workspace's checkpoints, under the app's data folder. */
  dir: string;
  settings: ExclusionSettings;
  privateDirs?: string[];
}

export interface RestoreOutcome {
  target: Checkpoint;
  before: Checkpoint | null;
  applied: AppliedRestore;
  kept: RestorePlan['kept'];
}

export const shadowDir = (dir: string) => path.join(dir, 'shadow.git');

/**
 * The checkpoints of one workspace: snapshots as commits in a shadow repository, restores,
 * diffs and retention. Single-threaded by contract — the service runs one operation at a
 * time — and free of timers and events, so tests drive it directly.
 */
export class CheckpointStore {
  readonly dirty = new DirtyPaths();
  exclusions: Exclusions;
  /** The last tree built from the disk, committed or not: the base the next incremental build starts from. */
  private present: string | null;
  private sizeKnown: number | null = null;
  lastVerifiedAt: number | null = null;
  /** Aborts long scans (set by the service, fired when the folder closes). */
  signal: AbortSignal | undefined;

  private constructor(
    readonly options: StoreOptions,
    readonly repo: ShadowRepo,
    readonly log: CheckpointLog,
    readonly index: StatIndex,
  ) {
    this.exclusions = new Exclusions(options.root, options.settings, options.privateDirs);
    this.present = log.head?.tree ?? null;
    // Whatever happened while no one was watching is unknown: the first build verifies everything.
    this.dirty.markFull();
  }

  /** Opens (or creates) the store; throws StoreDamagedError when what is there cannot be trusted. */
  static async open(options: StoreOptions): Promise<CheckpointStore> {
    const repo = await ShadowRepo.open(shadowDir(options.dir), options.root);
    const log = await CheckpointLog.load(repo);
    const index = new StatIndex();
    await index.load(indexFile(options.dir));
    return new CheckpointStore(options, repo, log, index);
  }

  get root(): string {
    return this.options.root;
  }

  setExclusions(settings: ExclusionSettings): void {
    this.exclusions = new Exclusions(this.root, settings, this.options.privateDirs);
    this.dirty.markFull();
  }

  private assertWorkspace(): void {
    try {
      if (statSync(this.root).isDirectory()) return;
    } catch {
      // reported below
    }
    throw new RpcError('NOT_FOUND', `The workspace folder '${this.root}' no longer exists (it was deleted or moved); no checkpoint was made and nothing was changed.`);
  }

  /** Brings the present tree up to date with the disk: incrementally from the dirty paths, or fully. */
  async buildPresent(): Promise<BuildResult> {
    this.assertWorkspace();
    const dirty = this.dirty.take();
    // Ignore rules may have changed: a full build re-reads them all; a changed ignore file
    // re-decides everything in its folder.
    if (dirty.full) this.exclusions.invalidate();
    for (const rel of [...dirty.paths.keys()]) {
      if (!this.exclusions.isRuleFile(rel)) continue;
      this.exclusions.invalidate();
      const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
      if (dir === '') {
        dirty.full = true;
        break;
      }
      dirty.paths.set(dir, 'subtree');
    }
    let result: BuildResult;
    try {
      result = await new TreeBuilder(this.root, this.repo, this.exclusions, this.index, this.present, this.signal).build(dirty);
    } catch (e) {
      this.dirty.giveBack(dirty);
      throw e;
    }
    for (const rel of result.retry) this.dirty.add(rel);
    if (dirty.full) this.lastVerifiedAt = Date.now();
    this.present = result.tree;
    return result;
  }

  /** A checkpoint of the workspace as it is now, or the latest one when nothing changed (unless `force`). */
  async create(input: CreateInput): Promise<{ checkpoint: Checkpoint; created: boolean; changed: number }> {
    const built = await this.buildPresent();
    return this.commit(built, input);
  }

  private async commit(built: BuildResult, input: CreateInput): Promise<{ checkpoint: Checkpoint; created: boolean; changed: number }> {
    const head = this.log.head;
    const sessionLast = this.log.lastOf(input.sessionId);
    if (!input.force && head && sessionLast && (head.tree ?? null) === built.tree) return { checkpoint: head.checkpoint, created: false, changed: 0 };

    const counts = { added: 0, modified: 0, deleted: 0 };
    const files: ChangedFile[] = [];
    await diffTrees(this.repo, head?.tree ?? null, built.tree, {
      onChange: (c) => {
        counts[c.status]++;
        if (files.length < MAX_LISTED_FILES) files.push({ path: c.path, status: c.status });
      },
    });
    const changed = counts.added + counts.modified + counts.deleted;
    const time = Math.max(Date.now(), (head?.checkpoint.time ?? 0) + 1); // strictly increasing, even within one millisecond
    const meta = {
      format: 1 as const,
      sessionKind: input.sessionKind,
      sessionId: input.sessionId,
      seq: this.log.sessionIds(input.sessionId).length + 1,
      label: input.label,
      reason: input.reason,
      time,
      ...(input.turn !== undefined ? { turn: input.turn } : {}),
      ...(input.toolCallId !== undefined ? { toolCallId: input.toolCallId } : {}),
      ...(input.taskId !== undefined ? { taskId: input.taskId } : {}),
      counts,
      files,
      moreFiles: changed - files.length,
      skipped: built.skipped,
      warnings: built.moreSkipped ? [...built.warnings, `${built.moreSkipped} more excluded files are not listed.`] : built.warnings,
      ...(input.restoreOf ? { restoreOf: input.restoreOf } : {}),
      ...(input.undoOf ? { undoOf: input.undoOf } : {}),
    };
    const tree = built.tree ?? (await this.repo.writeTree([]));
    const id = await this.repo.writeCommit(tree, sessionLast ? [sessionLast.checkpoint.id] : [], encodeMessage(meta), time);
    // Objects first, then the session's ref, then the head: a process killed in between leaves
    // at worst unreferenced objects (collected later), never a ref to something missing.
    await this.repo.writeRef(sessionRef(input.sessionId), id);
    await this.repo.writeRef(HEAD_REF, id);
    const { format: _f, sessionKind, ...rest } = meta;
    const stored = this.log.add({ checkpoint: { id, ...rest }, tree: built.tree, parent: sessionLast?.checkpoint.id ?? null, sessionKind });
    this.log.headId = id;
    return { checkpoint: stored.checkpoint, created: true, changed };
  }

  get(id: string): StoredCheckpoint {
    const stored = this.log.get(id);
    if (!stored) throw new RpcError('NOT_FOUND', `There is no checkpoint ${id.slice(0, 10)} in this workspace's store (it may have been pruned by retention).`, { id });
    return stored;
  }

  /** What restoring `id` (or just `under`) would change, from the present. */
  async preview(id: string, under?: string): Promise<{ target: StoredCheckpoint; plan: RestorePlan; present: BuildResult }> {
    const target = this.get(id);
    const present = await this.buildPresent();
    const plan = await planRestore(this.repo, this.root, this.exclusions, present.tree, target.tree, under);
    return { target, plan, present };
  }

  /**
   * Makes the files match checkpoint `id` (all of them, or those at and under `under`).
   * The present is checkpointed first — that checkpoint is what "Undo revert" returns to —
   * and nothing is written unless every blob needed is intact and no file in the way is
   * read-only.
   */
  async restore(id: string, before: Omit<CreateInput, 'force'>, under?: string): Promise<RestoreOutcome> {
    const { target, plan, present } = await this.preview(id, under);
    if (plan.writes.length === 0 && plan.deletes.length === 0) {
      return { target: target.checkpoint, before: null, applied: { written: [], deleted: [] }, kept: plan.kept };
    }
    const preloaded = await preflight(this.repo, this.root, plan);
    const saved = await this.commit(present, { ...before, force: true });
    try {
      const applied = await applyRestore(this.repo, this.root, plan, preloaded);
      return { target: target.checkpoint, before: saved.checkpoint, applied, kept: plan.kept };
    } finally {
      for (const w of plan.writes) this.dirty.add(w.path);
      for (const d of plan.deletes) this.dirty.add(d);
    }
  }

  private async treeOf(side: string): Promise<string | null> {
    if (side === 'working') return (await this.buildPresent()).tree;
    return this.get(side).tree;
  }

  async diff(from: string, to: string): Promise<DiffFile[]> {
    const a = this.get(from).tree;
    const b = await this.treeOf(to);
    const changes = await diffTrees(this.repo, a, b);
    const out: DiffFile[] = [];
    for (const [i, c] of changes.entries()) {
      const file: DiffFile = { path: c.path, status: c.status, binary: false, additions: null, deletions: null };
      if (i < MAX_COUNTED_FILES) {
        const before = c.before && c.before.mode !== '120000' ? await this.repo.readBlob(c.before.oid) : null;
        const after = c.after && c.after.mode !== '120000' ? await this.repo.readBlob(c.after.oid) : null;
        Object.assign(file, lineStats(before, after));
      }
      if (c.before && c.after && c.before.mode !== c.after.mode) Object.assign(file, { oldMode: c.before.mode, newMode: c.after.mode });
      out.push(file);
    }
    return out;
  }

  /** Both versions of one file, for the diff editor. 'working' reads the disk as it is now. */
  async fileDiff(from: string, to: string, rel: string): Promise<FileDiff> {
    const a = await findEntry(this.repo, this.get(from).tree, rel);
    const before = a && a.mode !== '040000' ? await this.repo.readBlob(a.oid) : null;
    let after: Uint8Array | null;
    if (to === 'working') {
      after = await readFile(path.join(this.root, ...rel.split('/'))).catch(() => null);
    } else {
      const b = await findEntry(this.repo, this.get(to).tree, rel);
      after = b && b.mode !== '040000' ? await this.repo.readBlob(b.oid) : null;
    }
    return { path: rel, before: fileSide(before), after: fileSide(after) };
  }

  /** Drops whole sessions that fall outside retention and collects what only they held. */
  async prune(keep: (session: Session) => boolean): Promise<{ removedSessions: number; freedBytes: number }> {
    const doomed = this.log.sessionList().filter((s) => !keep(s));
    for (const s of doomed) {
      await this.repo.deleteRef(sessionRef(s.id));
      this.log.removeSession(s.id);
    }
    const tips = this.log.sessionList().map((s) => this.log.lastOf(s.id)!.checkpoint.id);
    if (this.log.headId === null && tips.length) {
      this.log.headId = this.log.checkpoints()[0]!.id;
      await this.repo.writeRef(HEAD_REF, this.log.headId);
    }
    const { freedBytes } = await collectGarbage(this.repo, tips, this.present ? [this.present] : [], this.index.oids());
    this.sizeKnown = null;
    return { removedSessions: doomed.length, freedBytes };
  }

  /** Bytes the shadow repository uses on disk. */
  async sizeBytes(): Promise<number> {
    if (this.sizeKnown === null) {
      this.repo.bytesWritten = 0;
      this.sizeKnown = await folderSize(this.repo.gitdir);
    }
    return this.sizeKnown + this.repo.bytesWritten;
  }

  async saveIndex(): Promise<void> {
    if (this.index.dirty) await this.index.save(indexFile(this.options.dir));
  }
}

const indexFile = (dir: string) => path.join(shadowDir(dir), 'specwright-stat-index.json');
