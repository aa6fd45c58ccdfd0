import type { FileChange } from '../../shared/contract/workspace';
import { api } from '../api/client';
import { useApp } from '../stores/app-store';
import { useEditors } from '../stores/editor-store';
import { parentOf, useExplorer } from '../stores/explorer-store';
import { applyDiskChanges, openFile, resetDocuments } from './editor/documents';
import { invalidateWorkspaceFiles } from './quickopen/file-list';

/** Keeps the tree, quick open and open tabs in step with the disk, for the open workspace. */
export function followWorkspaceChanges(): () => void {
  return api.subscribe('workspace.changes', {}, {
    event: ({ changes }) => void onChanges(changes),
    end: () => {},
  });
}

async function onChanges(changes: FileChange[]) {
  if (changes.some((c) => c.kind !== 'changed')) invalidateWorkspaceFiles();
  const dirs = new Set<string>();
  for (const c of changes) if (c.kind !== 'changed') dirs.add(parentOf(c.path));
  await useExplorer.getState().refresh(dirs);
  await applyDiskChanges(changes);
}

/** On opening a workspace: a fresh tree, and the editors that were open last time. */
export async function restoreWorkspace(extraFiles: string[]): Promise<void> {
  const generation = useApp.getState().generation;
  try {
    await reopenEditors(extraFiles);
  } finally {
    performance.mark('specwright:editors-restored');
    useApp.setState({ restored: generation });
  }
}

async function reopenEditors(extraFiles: string[]): Promise<void> {
  resetDocuments();
  useExplorer.getState().reset();
  invalidateWorkspaceFiles();
  if (!useApp.getState().workspace) return;
  void useExplorer.getState().load('');
  const state = await api.call('workspace.getState', {});
  const files = [...state.openEditors, ...extraFiles.filter((f) => !state.openEditors.includes(f))];
  const active = extraFiles[extraFiles.length - 1] ?? state.activeEditor;
  // The file that will be shown first, then the rest in the background.
  if (active) await openFile(active);
  await Promise.all(files.filter((f) => f !== active).map((f) => openFile(f, { activate: false })));
  if (active) useEditors.getState().activate(active);
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Remembers the open editors per workspace, so the next start shows them again. */
export function persistOpenEditors(): () => void {
  return useEditors.subscribe((s, prev) => {
    if (s.tabs === prev.tabs && s.active === prev.active) return;
    if (!useApp.getState().workspace) return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      const files = s.tabs.filter((t) => t.kind !== 'error' && t.kind !== 'view');
      const active = files.some((t) => t.path === s.active) ? s.active : null;
      void api.call('workspace.setState', { openEditors: files.map((t) => t.path), activeEditor: active }).catch(() => {});
    }, 300);
  });
}
