import { z } from 'zod';
import { method, stream } from '../rpc/define';
import { Empty, RelPath } from './common';

/** What made a checkpoint. */
export const CheckpointReason = z.enum([
  /** The first checkpoint of a session: the state everything after it is compared with. */
  'session-start',
  /** Editor saves (and explorer create/rename/delete), coalesced per burst. */
  'editor-save',
  /** The "Create checkpoint" command. */
  'manual',
  /** The agent, before a mutating tool call. */
  'tool-call',
  /** The agent, at the start of a turn. */
  'turn',
  /** The agent, when a spec task starts. */
  'task',
  /** The state just before a revert (or a per-file revert), which "Undo revert" goes back to. */
  'before-restore',
  /** The first checkpoint of a store rebuilt after the old one was found damaged. */
  'recovered',
]);
export type CheckpointReason = z.infer<typeof CheckpointReason>;

export const FileStatus = z.enum(['added', 'modified', 'deleted']);
export type FileStatus = z.infer<typeof FileStatus>;

export const ChangedFile = z.object({ path: z.string(), status: FileStatus });
export type ChangedFile = z.infer<typeof ChangedFile>;

/** A file the snapshot left out or could not read, and why (shown so nothing is excluded silently). */
export const SkippedFile = z.object({
  path: z.string(),
  why: z.enum(['too-large', 'built-in', 'kiroignore', 'setting', 'unreadable', 'unstable', 'special']),
  detail: z.string().optional(),
});
export type SkippedFile = z.infer<typeof SkippedFile>;

export const Checkpoint = z.object({
  /** The shadow commit's id: stable for the checkpoint's whole life. */
  id: z.string(),
  sessionId: z.string(),
  /** 1-based position in its session. */
  seq: z.number().int(),
  label: z.string(),
  reason: CheckpointReason,
  /** Milliseconds since the epoch. */
  time: z.number(),
  turn: z.number().int().optional(),
  toolCallId: z.string().optional(),
  taskId: z.string().optional(),
  /** Counts of files added, modified and deleted since the previous checkpoint. */
  counts: z.object({ added: z.number().int(), modified: z.number().int(), deleted: z.number().int() }),
  /** The changed files themselves (capped; `moreFiles` says how many were left out). */
  files: z.array(ChangedFile),
  moreFiles: z.number().int(),
  /** Excluded or unreadable files met by this snapshot (capped). */
  skipped: z.array(SkippedFile),
  /** Things the person should know about this snapshot (a file that kept changing, …). */
  warnings: z.array(z.string()),
  /** For 'before-restore': the checkpoint the revert went to (and the one file, for a per-file revert). */
  restoreOf: z.object({ id: z.string(), label: z.string(), path: z.string().optional() }).optional(),
  /** Set on the snapshot taken before an "Undo revert": the 'before-restore' checkpoint it went back to. */
  undoOf: z.string().optional(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

export const Session = z.object({
  id: z.string(),
  /** Editor sessions are opened by the IDE; agent sessions by the agent. */
  kind: z.enum(['editor', 'agent']),
  startedAt: z.number(),
  lastAt: z.number(),
  count: z.number().int(),
});
export type Session = z.infer<typeof Session>;

export const StoreInfo = z.object({
  /** Bytes on disk used by the shadow repository. */
  sizeBytes: z.number(),
  checkpoints: z.number().int(),
  sessions: z.number().int(),
  /** Where the shadow repository lives (under the app's data folder, never in the workspace). */
  location: z.string(),
  lastVerifiedAt: z.number().nullable(),
  keepSessions: z.number().int(),
  keepDays: z.number().int(),
  maxFileSizeMB: z.number(),
});
export type StoreInfo = z.infer<typeof StoreInfo>;

export const UndoState = z.object({
  /** The 'before-restore' checkpoint that "Undo revert" goes back to. */
  beforeId: z.string(),
  /** What was reverted to, for the button's description. */
  label: z.string(),
});
export type UndoState = z.infer<typeof UndoState>;

export const CheckpointList = z.object({
  /** Oldest first. */
  sessions: z.array(Session),
  /** Newest first. */
  checkpoints: z.array(Checkpoint),
  /** The session editor saves and manual checkpoints go to. */
  currentSessionId: z.string().nullable(),
  undo: UndoState.nullable(),
  store: StoreInfo,
  /** What the store is doing (first snapshot, verifying, …), or null when idle. */
  busy: z.string().nullable(),
  /** Why checkpoints are unavailable (another Specwright holds the store, the data folder is not writable). */
  unavailable: z.string().nullable(),
});
export type CheckpointList = z.infer<typeof CheckpointList>;

export const RestoreMode = z.enum(['files', 'conversation', 'both']);
export type RestoreMode = z.infer<typeof RestoreMode>;

export const RestoreResult = z.object({
  /** The checkpoint restored to. */
  target: Checkpoint,
  /** The snapshot of the present taken first (what "Undo revert" returns to); null when no file was to change. */
  before: Checkpoint.nullable(),
  written: z.array(z.string()),
  deleted: z.array(z.string()),
  /** Paths left alone because they are excluded or ignored now (a restore never touches those). */
  kept: z.array(z.object({ path: z.string(), why: z.string() })),
  conversation: z.enum(['restored', 'not-recorded', 'not-requested', 'failed']),
  /** One sentence for the person: what happened, including what did not. */
  message: z.string(),
});
export type RestoreResult = z.infer<typeof RestoreResult>;

/** `working` is the files on disk now. */
export const DiffSide = z.union([z.string().regex(/^[0-9a-f]{40}$/), z.literal('working')]);
export type DiffSide = z.infer<typeof DiffSide>;

export const DiffFile = z.object({
  path: z.string(),
  status: FileStatus,
  binary: z.boolean(),
  /** Line counts; null for binary files and files too large to count. */
  additions: z.number().int().nullable(),
  deletions: z.number().int().nullable(),
  /** Git modes when they differ (e.g. the executable bit). */
  oldMode: z.string().optional(),
  newMode: z.string().optional(),
});
export type DiffFile = z.infer<typeof DiffFile>;

export const DiffResult = z.object({ from: z.string(), to: DiffSide, files: z.array(DiffFile) });
export type DiffResult = z.infer<typeof DiffResult>;

export const FileSide = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('absent') }),
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('binary'), size: z.number() }),
  z.object({ kind: z.literal('tooLarge'), size: z.number() }),
]);
export type FileSide = z.infer<typeof FileSide>;

export const FileDiff = z.object({ path: z.string(), before: FileSide, after: FileSide });
export type FileDiff = z.infer<typeof FileDiff>;

/** How many files a revert would change, for the confirmation that names the number. */
export const RestorePreview = z.object({
  target: Checkpoint,
  files: z.array(ChangedFile),
  kept: z.array(z.object({ path: z.string(), why: z.string() })),
});
export type RestorePreview = z.infer<typeof RestorePreview>;

export const CheckpointId = z.string().regex(/^[0-9a-f]{40}$/, 'a checkpoint id is 40 hexadecimal digits');

export const CheckpointEvent = z.discriminatedUnion('type', [
  /** The list changed: reload it. */
  z.object({ type: z.literal('changed') }),
  z.object({ type: z.literal('busy'), busy: z.string().nullable() }),
  /** Something the person must know (a damaged store moved aside, a verification that found missed changes). */
  z.object({ type: z.literal('notice'), level: z.enum(['info', 'warning', 'error']), message: z.string() }),
]);
export type CheckpointEvent = z.infer<typeof CheckpointEvent>;

export const checkpointsContract = {
  'checkpoints.list': method(Empty, CheckpointList),
  /** A manual checkpoint of the workspace as it is now (no change: the latest one is returned). */
  'checkpoints.create': method(z.object({ label: z.string().max(200).optional() }), Checkpoint),
  'checkpoints.preview': method(z.object({ id: CheckpointId, path: RelPath.optional() }), RestorePreview),
  'checkpoints.restore': method(z.object({ id: CheckpointId, mode: RestoreMode.default('files') }), RestoreResult),
  /** Back to the first checkpoint of a session (the current one unless given). */
  'checkpoints.revertAll': method(z.object({ sessionId: z.string().optional() }), RestoreResult),
  'checkpoints.undoRevert': method(Empty, RestoreResult),
  'checkpoints.revertFile': method(z.object({ id: CheckpointId, path: RelPath }), RestoreResult),
  'checkpoints.diff': method(z.object({ from: CheckpointId, to: DiffSide }), DiffResult),
  'checkpoints.fileDiff': method(z.object({ from: CheckpointId, to: DiffSide, path: RelPath }), FileDiff),
  /** A full comparison of the disk with the store, catching anything the watcher missed; `missed` counts the files it found. */
  'checkpoints.verify': method(Empty, z.object({ missed: z.number().int() })),
  /** Applies retention now and collects unreachable objects. */
  'checkpoints.prune': method(Empty, z.object({ removedSessions: z.number().int(), freedBytes: z.number() })),
  'checkpoints.events': stream(Empty, CheckpointEvent),
};
