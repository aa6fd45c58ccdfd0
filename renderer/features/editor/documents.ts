import type { editor as MonacoEditorNs } from 'monaco-editor';
import type { FileChange, ReadResult } from '../../../shared/contract/workspace';
import { isRpcError } from '../../../shared/rpc/errors';
import { api } from '../../api/client';
import { useEditors, type Tab } from '../../stores/editor-store';
import { baseName } from '../../stores/explorer-store';
import { notifyError, useNotifications } from '../../stores/notifications';
import { ask } from '../../ui/dialog-store';
import { isViewPath, openEditorView, saveEditorView, viewIdOf } from './editor-views';
import { languageFor } from './languages';
import { loadMonaco } from './monaco-loader';

type Model = MonacoEditorNs.ITextModel;

/** What the renderer knows about an open file beyond its tab. */
interface Doc {
  model: Model | null;
  /** Monaco's alternative version id at the last load or save: equal means clean. */
  savedVersion: number;
  /** Hash of the bytes on disk as last seen, sent with saves to detect edits behind our back. */
  hash: string;
  encoding: 'utf8' | 'utf8bom';
  viewState: MonacoEditorNs.ICodeEditorViewState | null;
}

const docs = new Map<string, Doc>();
const opening = new Map<string, Promise<void>>();

export const getDoc = (path: string) => docs.get(path);
export const getModel = (path: string) => docs.get(path)?.model ?? null;

const tabOf = (path: string) => useEditors.getState().tabs.find((t) => t.path === path);

function tabFromRead(path: string, read: ReadResult, model: Model | null): Tab {
  const tab: Tab = {
    path,
    name: baseName(path),
    kind: read.kind,
    dirty: false,
    readOnly: read.kind !== 'text' || read.readOnly,
    deleted: false,
    conflict: false,
  };
  if (read.notice) tab.notice = read.notice;
  if (read.kind === 'text') tab.encoding = read.encoding;
  if (model) {
    tab.language = model.getLanguageId();
    tab.eol = model.getEOL() === '\r\n' ? 'CRLF' : 'LF';
  }
  return tab;
}

/** Opens a file in a tab (or focuses its tab). */
export function openFile(path: string, { activate = true }: { activate?: boolean } = {}): Promise<void> {
  if (isViewPath(path)) {
    openEditorView(viewIdOf(path));
    return Promise.resolve();
  }
  const store = useEditors.getState();
  if (tabOf(path)) {
    if (activate) store.activate(path);
    return opening.get(path) ?? Promise.resolve();
  }
  const pending = (async () => {
    const monacoPromise = loadMonaco();
    let read: ReadResult;
    try {
      read = await api.call('workspace.read', { path });
    } catch (e) {
      notifyError(e);
      return;
    }
    let model: Model | null = null;
    if (read.kind === 'text') {
      const monaco = await monacoPromise;
      const uri = monaco.Uri.from({ scheme: 'workspace', path: `/${path}` });
      monaco.editor.getModel(uri)?.dispose();
      model = monaco.editor.createModel(read.text, languageFor(monaco, path), uri);
      watchDirty(path, model);
    }
    docs.set(path, {
      model,
      savedVersion: model?.getAlternativeVersionId() ?? 0,
      hash: read.hash,
      encoding: read.kind === 'text' ? read.encoding : 'utf8',
      viewState: null,
    });
    useEditors.getState().upsert(tabFromRead(path, read, model));
    if (activate) useEditors.getState().activate(path);
  })().finally(() => opening.delete(path));
  opening.set(path, pending);
  return pending;
}

function watchDirty(path: string, model: Model) {
  model.onDidChangeContent(() => {
    const doc = docs.get(path);
    if (!doc || doc.model !== model) return;
    const dirty = model.getAlternativeVersionId() !== doc.savedVersion;
    if (tabOf(path)?.dirty !== dirty) useEditors.getState().patch(path, { dirty });
  });
}

/** Saves a tab. `overwrite` skips the check for changes made on disk behind the editor. */
export async function saveFile(path: string, { overwrite = false }: { overwrite?: boolean } = {}): Promise<boolean> {
  if (isViewPath(path)) return saveEditorView(path);
  const doc = docs.get(path);
  const tab = tabOf(path);
  if (!doc?.model || !tab) return false;
  if (tab.readOnly) {
    useNotifications.getState().push('warning', `'${tab.name}' is read-only: ${tab.notice ?? 'it cannot be saved.'}`);
    return false;
  }
  const version = doc.model.getAlternativeVersionId();
  try {
    const result = await api.call('workspace.write', {
      path,
      text: doc.model.getValue(),
      encoding: doc.encoding,
      ...(overwrite || tab.deleted ? {} : { expectedHash: doc.hash }),
    });
    doc.hash = result.hash;
    doc.savedVersion = version;
    useEditors.getState().patch(path, { dirty: doc.model.getAlternativeVersionId() !== version, deleted: false, conflict: false });
    return true;
  } catch (e) {
    if (isRpcError(e, 'CONFLICT')) {
      useEditors.getState().patch(path, { conflict: true });
      useNotifications.getState().push('warning', `'${tab.name}' changed on disk since you opened it. Compare, overwrite it, or load the disk version.`, [
        { label: 'Compare', run: () => useEditors.getState().setCompare(path) },
        { label: 'Overwrite', run: () => void saveFile(path, { overwrite: true }) },
      ]);
    } else {
      notifyError(e);
    }
    return false;
  }
}

export async function saveAll(): Promise<void> {
  for (const t of useEditors.getState().tabs) if (t.dirty) await saveFile(t.path);
}

/** Closes a tab, asking first when it has unsaved changes. Returns false if the person cancelled. */
export async function closeFile(path: string): Promise<boolean> {
  const tab = tabOf(path);
  if (!tab) return true;
  if (tab.dirty) {
    const choice = await ask('Unsaved changes', `Do you want to save the changes you made to ${tab.name}?`, [
      { label: 'Cancel', value: 'cancel' },
      { label: "Don't Save", value: 'discard', danger: true },
      { label: 'Save', value: 'save', primary: true },
    ]);
    if (choice === null || choice === 'cancel') return false;
    if (choice === 'save' && !(await saveFile(path))) return false;
  }
  docs.get(path)?.model?.dispose();
  docs.delete(path);
  useEditors.getState().remove(path);
  return true;
}

export async function reopenClosed(): Promise<void> {
  const { closed, tabs } = useEditors.getState();
  const path = closed.find((p) => !tabs.some((t) => t.path === p));
  if (path) await openFile(path);
}

/** Replaces the buffer with the disk's bytes, keeping undo (the reload is one undoable step). */
export async function reloadFromDisk(path: string): Promise<void> {
  const doc = docs.get(path);
  if (!doc?.model) return;
  let read: ReadResult;
  try {
    read = await api.call('workspace.read', { path });
  } catch (e) {
    if (isRpcError(e, 'NOT_FOUND')) useEditors.getState().patch(path, { deleted: true });
    else notifyError(e);
    return;
  }
  if (read.kind !== 'text') return;
  const model = doc.model;
  if (model.getValue() !== read.text) {
    model.pushStackElement();
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: read.text }], () => null);
    model.pushStackElement();
  }
  doc.hash = read.hash;
  doc.encoding = read.encoding;
  doc.savedVersion = model.getAlternativeVersionId();
  useEditors.getState().patch(path, { dirty: false, deleted: false, conflict: false, readOnly: read.readOnly, ...(read.notice ? { notice: read.notice } : {}) });
}

export const rememberViewState = (path: string, state: MonacoEditorNs.ICodeEditorViewState | null) => {
  const doc = docs.get(path);
  if (doc) doc.viewState = state;
};

/** Keeps open tabs true to the disk as other programs change it. */
export async function applyDiskChanges(changes: FileChange[]): Promise<void> {
  for (const change of changes) {
    if (change.self) continue;
    const affected = useEditors.getState().tabs.filter((t) => t.path === change.path || (change.isDir && t.path.startsWith(`${change.path}/`)));
    for (const tab of affected) {
      if (change.kind === 'removed') {
        useEditors.getState().patch(tab.path, { deleted: true });
      } else if (tab.kind === 'text') {
        if (!tab.dirty) await reloadFromDisk(tab.path);
        else {
          // Only a real difference is a conflict (an editor may touch a file without changing it).
          const disk = await api.call('workspace.read', { path: tab.path }).catch(() => null);
          if (disk && disk.hash !== docs.get(tab.path)?.hash) useEditors.getState().patch(tab.path, { conflict: true, deleted: false });
          else useEditors.getState().patch(tab.path, { deleted: false });
        }
      }
    }
  }
}

/** After a rename in the explorer, tabs follow their files. */
export function renameOpenFiles(from: string, to: string): void {
  for (const tab of useEditors.getState().tabs) {
    if (tab.path !== from && !tab.path.startsWith(`${from}/`)) continue;
    const next = to + tab.path.slice(from.length);
    const doc = docs.get(tab.path);
    docs.delete(tab.path);
    if (doc) docs.set(next, doc);
    useEditors.getState().rename(tab.path, next);
  }
}

export function resetDocuments(): void {
  for (const doc of docs.values()) doc.model?.dispose();
  docs.clear();
  useEditors.getState().reset();
}
