import { api } from '../../api/client';
import { useEditors } from '../../stores/editor-store';
import { baseName, parentOf, useExplorer } from '../../stores/explorer-store';
import { notifyError } from '../../stores/notifications';
import { useUi } from '../../stores/ui-store';
import { ask } from '../../ui/dialog-store';
import { closeFile, openFile, renameOpenFiles } from '../editor/documents';
import { invalidateWorkspaceFiles } from '../quickopen/file-list';

/** The folder a new entry goes into: the selected folder, or the selected file's folder. */
function targetFolder(): string {
  const { selected, children } = useExplorer.getState();
  if (selected === null) return '';
  const parent = parentOf(selected);
  const isDir = children[parent]?.find((e) => e.path === selected)?.kind === 'dir';
  return isDir ? selected : parent;
}

/** Shows an inline name input in the tree for a new file or folder. */
export async function startNewEntry(mode: 'newFile' | 'newFolder', parent = targetFolder()) {
  useUi.getState().setSideView('explorer');
  const explorer = useExplorer.getState();
  if (parent !== '') await explorer.reveal(`${parent}/x`);
  useExplorer.setState((s) => ({ expanded: { ...s.expanded, [parent]: true } }));
  if (!useExplorer.getState().children[parent]) await explorer.load(parent);
  explorer.setEditing({ mode, parent });
}

export async function createEntry(parent: string, name: string, kind: 'file' | 'dir') {
  const path = parent ? `${parent}/${name}` : name;
  try {
    await api.call('workspace.create', { path, kind });
  } catch (e) {
    notifyError(e);
    return;
  }
  invalidateWorkspaceFiles();
  await useExplorer.getState().refresh([parent]);
  await useExplorer.getState().reveal(path);
  if (kind === 'file') await openFile(path);
}

export async function renameEntry(from: string, name: string) {
  const to = parentOf(from) ? `${parentOf(from)}/${name}` : name;
  if (to === from) return;
  try {
    await api.call('workspace.rename', { from, to });
  } catch (e) {
    notifyError(e);
    return;
  }
  renameOpenFiles(from, to);
  invalidateWorkspaceFiles();
  await useExplorer.getState().refresh([parentOf(from), parentOf(to)]);
  useExplorer.getState().select(to);
}

export async function deleteEntry(path: string, isDir: boolean) {
  const choice = await ask(
    isDir ? 'Delete folder' : 'Delete file',
    isDir ? `Delete the folder '${baseName(path)}' and everything in it?` : `Delete '${baseName(path)}'?`,
    [
      { label: 'Cancel', value: 'cancel' },
      { label: 'Delete', value: 'delete', danger: true, primary: true },
    ],
  );
  if (choice !== 'delete') return;
  try {
    await api.call('workspace.delete', { path });
  } catch (e) {
    notifyError(e);
    return;
  }
  // Clean tabs of deleted files close; tabs with unsaved text stay, marked deleted.
  for (const tab of useEditors.getState().tabs) {
    if (tab.path !== path && !tab.path.startsWith(`${path}/`)) continue;
    if (tab.dirty) useEditors.getState().patch(tab.path, { deleted: true });
    else await closeFile(tab.path);
  }
  invalidateWorkspaceFiles();
  await useExplorer.getState().refresh([parentOf(path)]);
}
