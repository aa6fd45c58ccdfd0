// The desktop app: windows, menus, native dialogs — and the host services in-process
// behind the Electron IPC transport. Only this file, preload.ts and desktop/ import electron.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain } from 'electron';
import { registerAppScheme, serveRenderer } from './desktop/app-protocol';
import { createIpcHub } from './desktop/ipc-transport';
import { installMenu } from './desktop/menu';
import { openWindow, pickFolder } from './desktop/windows';
import { defaultDataDir } from './host/data-dir';
import { uiCommands } from './host/app-handlers';
import { createHost } from './host/host';
import type { Connection } from './rpc/router';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(app.isPackaged ? 1 : 2);
const folderArg = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '--open');
const openFiles = args.flatMap((a, i) => (args[i - 1] === '--open' ? [a] : []));

registerAppScheme();
app.setPath('userData', defaultDataDir());

void app.whenReady().then(() => {
  serveRenderer(path.resolve(here, '..', 'renderer'));
  const host = createHost({
    mode: 'desktop',
    dataDir: app.getPath('userData'),
    desktop: { pickFolder: () => pickFolder(BrowserWindow.getFocusedWindow()) },
  });
  const hub = createIpcHub(ipcMain);
  const preload = path.join(here, 'preload.cjs');
  const connections = new Map<number, Connection>();
  const newWindow = (workspace?: string | null, files?: string[]) => {
    const { win, connection } = openWindow({ host, hub, preload, workspace: workspace ?? null, openFiles: files ?? [] });
    const id = win.id;
    connections.set(id, connection);
    win.on('closed', () => connections.delete(id));
    return win;
  };

  installMenu({
    newWindow: () => newWindow(),
    openFolder: async () => {
      const focused = BrowserWindow.getFocusedWindow();
      const folder = await pickFolder(focused);
      if (!folder) return;
      const connection = focused ? connections.get(focused.id) : undefined;
      if (connection) uiCommands(connection).emit({ type: 'openFolder', path: folder });
      else newWindow(folder);
    },
  });
  newWindow(folderArg ? path.resolve(folderArg) : null, openFiles);

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) newWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    hub.dispose();
    void host.dispose();
  });
});
