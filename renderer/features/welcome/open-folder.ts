import { create } from 'zustand';
import { isRpcError } from '../../../shared/rpc/errors';
import { api } from '../../api/client';
import { closeFile } from '../editor/documents';
import { useApp } from '../../stores/app-store';
import { useEditors } from '../../stores/editor-store';
import { notifyError } from '../../stores/notifications';

/** Whether server mode's folder browser is showing. */
export const useFolderBrowser = create<{ open: boolean; setOpen(open: boolean): void }>((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));

/** Closes every tab (asking about unsaved ones); false if the person cancelled. */
async function closeAllTabs(): Promise<boolean> {
  for (const tab of [...useEditors.getState().tabs]) if (!(await closeFile(tab.path))) return false;
  return true;
}

export async function openFolderAt(path: string): Promise<boolean> {
  if (useApp.getState().workspace?.root === path) return true;
  if (!(await closeAllTabs())) return false;
  return useApp.getState().openFolder(path);
}

/** File › Open Folder: the native dialog in the desktop app, our folder browser in a browser. */
export async function openFolderFlow(): Promise<void> {
  try {
    const { path } = await api.call('app.pickFolder', {});
    if (path) await openFolderAt(path);
  } catch (e) {
    if (isRpcError(e, 'UNSUPPORTED')) useFolderBrowser.getState().setOpen(true);
    else notifyError(e);
  }
}
