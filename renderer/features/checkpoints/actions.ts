import type { ChangedFile, Checkpoint, RestoreMode, RestoreResult } from '../../../shared/contract/checkpoints';
import { api } from '../../api/client';
import { useCheckpoints } from '../../stores/checkpoints-store';
import { useEditors } from '../../stores/editor-store';
import { notifyError, useNotifications } from '../../stores/notifications';
import { useUi } from '../../stores/ui-store';
import { ask, prompt } from '../../ui/dialog-store';
import { plural } from './format';

export const CHANGES_VIEW = 'checkpoints.changes';
export const TIMELINE_VIEW = 'checkpoints';

const current = () => useCheckpoints.getState().list;

/** The session the timeline shows (the current one unless another was picked). */
export function shownSession(): string | null {
  const { list, sessionId } = useCheckpoints.getState();
  return sessionId ?? list?.currentSessionId ?? null;
}

/** A session's first checkpoint: what "View all changes" and "Revert all changes" compare with. */
export function sessionStart(sessionId: string | null = shownSession()): Checkpoint | null {
  const list = current();
  if (!list || !sessionId) return null;
  const own = list.checkpoints.filter((c) => c.sessionId === sessionId);
  return own[own.length - 1] ?? null; // newest first
}

function summarize(files: ChangedFile[]): string {
  const count = (s: ChangedFile['status']) => files.filter((f) => f.status === s).length;
  const parts = [
    count('modified') && `${count('modified')} changed back`,
    count('added') && `${count('added')} brought back`,
    count('deleted') && `${count('deleted')} removed`,
  ].filter(Boolean);
  const shown = files.slice(0, 8).map((f) => `  ${f.status === 'added' ? '+' : f.status === 'deleted' ? '−' : '~'} ${f.path}`);
  if (files.length > 8) shown.push(`  … and ${files.length - 8} more`);
  return `${parts.join(', ')}:\n${shown.join('\n')}`;
}

function unsavedAmong(files: ChangedFile[]): string[] {
  const paths = new Set(files.map((f) => f.path));
  return useEditors
    .getState()
    .tabs.filter((t) => t.dirty && paths.has(t.path))
    .map((t) => t.name);
}

/** The result in one toast, with the way back when files changed. */
function announce(result: RestoreResult) {
  const canUndo = result.before !== null;
  useNotifications.getState().push(result.conversation === 'failed' ? 'warning' : 'info', result.message, canUndo ? [{ label: 'Undo', run: () => void undoRevert() }] : undefined);
}

/**
 * Reverts the files (and, for an agent's checkpoint, optionally the conversation) to a
 * checkpoint, after a confirmation that names how many files will change.
 */
export async function revertTo(checkpoint: Checkpoint, options: { title?: string; sessionWide?: boolean } = {}): Promise<void> {
  let preview;
  try {
    preview = await api.call('checkpoints.preview', { id: checkpoint.id });
  } catch (e) {
    notifyError(e);
    return;
  }
  const isAgent = current()?.sessions.find((s) => s.id === checkpoint.sessionId)?.kind === 'agent';
  const n = preview.files.length;
  if (n === 0 && !isAgent) {
    useNotifications.getState().push('info', `Nothing to revert: the files already match “${checkpoint.label}”.`);
    return;
  }
  const unsaved = unsavedAmong(preview.files);
  const lines = [
    n ? `${plural(n, 'file')} will change — ${summarize(preview.files)}` : 'No file differs from this checkpoint.',
    preview.kept.length ? `${plural(preview.kept.length, 'file')} excluded or ignored now will be left alone.` : '',
    unsaved.length ? `Unsaved edits in ${unsaved.join(', ')} stay in the editor, shown as a conflict with the disk.` : '',
    'The current state is checkpointed first, so you can undo this.',
  ].filter(Boolean);
  const buttons = isAgent
    ? [
        { label: 'Cancel', value: 'cancel' as const },
        { label: 'Conversation only', value: 'conversation' as const },
        { label: `Files only (${plural(n, 'file')})`, value: 'files' as const },
        { label: 'Files and conversation', value: 'both' as const, primary: true, danger: true },
      ]
    : [
        { label: 'Cancel', value: 'cancel' as const },
        { label: `Revert ${plural(n, 'file')}`, value: 'files' as const, primary: true, danger: true },
      ];
  const choice = await ask(options.title ?? `Revert to “${checkpoint.label}”?`, lines.join('\n\n'), buttons);
  if (!choice || choice === 'cancel') return;
  await runRestore(() => api.call('checkpoints.restore', { id: checkpoint.id, mode: choice as RestoreMode }));
}

async function runRestore(call: () => Promise<RestoreResult>): Promise<void> {
  try {
    announce(await call());
  } catch (e) {
    notifyError(e);
  } finally {
    await useCheckpoints.getState().load();
    if (useCheckpoints.getState().changes) await useCheckpoints.getState().refreshChanges();
  }
}

/** Back to the first checkpoint of the shown session. */
export async function revertAll(): Promise<void> {
  const start = sessionStart();
  if (!start) {
    useNotifications.getState().push('info', 'This session has no checkpoint yet.');
    return;
  }
  await revertTo(start, { title: 'Revert all changes since the session began?' });
}

export async function undoRevert(): Promise<void> {
  const undo = current()?.undo;
  if (!undo) {
    useNotifications.getState().push('info', 'There is no revert to undo.');
    return;
  }
  let n: number;
  try {
    n = (await api.call('checkpoints.preview', { id: undo.beforeId })).files.length;
  } catch (e) {
    notifyError(e);
    return;
  }
  const choice = await ask(
    'Undo the revert?',
    `This brings back the files as they were before the revert to “${undo.label}”: ${plural(n, 'file')} will change. The current state is checkpointed first.`,
    [
      { label: 'Cancel', value: 'cancel' },
      { label: `Undo revert (${plural(n, 'file')})`, value: 'undo', primary: true },
    ],
  );
  if (choice !== 'undo') return;
  await runRestore(() => api.call('checkpoints.undoRevert', {}));
}

/** Reverts one file to its version at the "before" side of the open Changes view. */
export async function revertFile(path: string): Promise<void> {
  const view = useCheckpoints.getState().changes;
  const from = view && current()?.checkpoints.find((c) => c.id === view.from);
  if (!view || !from) return;
  const choice = await ask(`Revert ${path}?`, `1 file will change: it goes back to its version in “${from.label}”. The current state is checkpointed first, so you can undo this.`, [
    { label: 'Cancel', value: 'cancel' },
    { label: 'Revert 1 file', value: 'revert', primary: true, danger: true },
  ]);
  if (choice !== 'revert') return;
  await runRestore(() => api.call('checkpoints.revertFile', { id: from.id, path }));
}

function openChangesPanel() {
  const ui = useUi.getState();
  ui.setPanelView(CHANGES_VIEW);
  // A diff needs room: make the panel at least half the window.
  if (ui.panelHeight < window.innerHeight * 0.5) ui.resize('panel', Math.round(window.innerHeight * 0.55));
}

/** Every change since the shown session began, in the Changes view. */
export async function viewAllChanges(select?: string): Promise<void> {
  if (!current()) await useCheckpoints.getState().load();
  const start = sessionStart();
  if (!start) {
    useNotifications.getState().push('info', 'This session has no checkpoint yet.');
    return;
  }
  openChangesPanel();
  await useCheckpoints.getState().showChanges({ from: start.id, to: 'working', title: `Changes since the session began (“${start.label}”)`, sessionId: start.sessionId }, select);
}

/** What one checkpoint changed (from the one before it), in the Changes view. */
export async function viewCheckpointChanges(checkpoint: Checkpoint, select?: string): Promise<void> {
  const list = current();
  const i = list?.checkpoints.findIndex((c) => c.id === checkpoint.id) ?? -1;
  const previous = i >= 0 ? list!.checkpoints[i + 1] : undefined;
  if (!previous) {
    // The store's first checkpoint: compare it with the disk now instead.
    openChangesPanel();
    await useCheckpoints.getState().showChanges({ from: checkpoint.id, to: 'working', title: `Changes since “${checkpoint.label}”`, sessionId: null }, select);
    return;
  }
  openChangesPanel();
  await useCheckpoints.getState().showChanges({ from: previous.id, to: checkpoint.id, title: `Changes in “${checkpoint.label}”`, sessionId: null }, select);
}

export async function createCheckpoint(): Promise<void> {
  const label = await prompt('Create checkpoint', 'Label (optional)', '', 'Create');
  if (label === null) return;
  try {
    const previousHead = current()?.checkpoints[0]?.id;
    const cp = await api.call('checkpoints.create', { label });
    await useCheckpoints.getState().load();
    useNotifications.getState().push('info', cp.id === previousHead ? `Nothing changed since “${cp.label}”: no new checkpoint was needed.` : `Checkpoint “${cp.label}” created (${plural(cp.counts.added + cp.counts.modified + cp.counts.deleted, 'file')} changed).`);
  } catch (e) {
    notifyError(e);
  }
}

export async function verifyCheckpoints(): Promise<void> {
  try {
    const { missed } = await api.call('checkpoints.verify', {});
    if (!missed) useNotifications.getState().push('info', 'Checkpoints match the disk: nothing was missed.');
  } catch (e) {
    notifyError(e);
  }
}

export async function pruneCheckpoints(): Promise<void> {
  try {
    const { removedSessions, freedBytes } = await api.call('checkpoints.prune', {});
    await useCheckpoints.getState().load();
    useNotifications.getState().push('info', removedSessions ? `Removed ${plural(removedSessions, 'old session')}, freeing ${(freedBytes / 1024 / 1024).toFixed(1)} MB.` : 'Nothing is older than the retention settings keep.');
  } catch (e) {
    notifyError(e);
  }
}
