// The desktop app: windows, menus, native dialogs — and the host services in-process
// behind the Electron IPC transport. Only this file, preload.ts and desktop/ import electron.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, crashReporter, ipcMain } from 'electron';
import { registerAppScheme, serveRenderer } from './desktop/app-protocol';
import { DISABLED_CHROMIUM_FEATURES } from './desktop/chromium-features';
import { createIpcHub } from './desktop/ipc-transport';
import { parseLaunchArgs } from './desktop/launch-args';
import { SafeStorageSecretStore } from './desktop/safe-storage-store';
import { installMenu } from './desktop/menu';
import { showNotification } from './desktop/notifications';
import { openWindow, pickFolder } from './desktop/windows';
import { uiCommands } from './host/app-handlers';
import { defaultDataDir } from './host/data-dir';
import { createHost } from './host/host';
import type { Connection } from './rpc/router';

const here = path.dirname(fileURLToPath(import.meta.url));

registerAppScheme();
// Before the app is ready, or Chromium has read its switches already.
app.commandLine.appendSwitch('disable-features', DISABLED_CHROMIUM_FEATURES.join(','));
app.setPath('userData', defaultDataDir());
// Crash reports stay on this machine (Help › Open Crash Reports Folder); nothing is uploaded.
crashReporter.start({ uploadToServer: false });

// One process per user: a second `specwright DIR` opens a window in the running app.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

function start() {
  serveRenderer(path.resolve(here, '..', 'renderer'));
  const connections = new Map<number, Connection>();
  const windowOf = (connection: Connection) => BrowserWindow.getAllWindows().find((w) => connections.get(w.id) === connection);
  const host = createHost({
    mode: 'desktop',
    dataDir: app.getPath('userData'),
    desktop: {
      pickFolder: () => pickFolder(BrowserWindow.getFocusedWindow()),
      notify: (connection, title, body) => showNotification(windowOf(connection), title, body),
    },
    // The OS keychain where there is one; otherwise the encrypted file store (as in server mode).
    ...(SafeStorageSecretStore.available() ? { secretStore: new SafeStorageSecretStore(app.getPath('userData')) } : {}),
  });
  const hub = createIpcHub(ipcMain);
  const preload = path.join(here, 'preload.cjs');

  const newWindow = (workspace?: string | null, files?: string[]) => {
    const { win, connection } = openWindow({ host, hub, preload, workspace: workspace ?? null, openFiles: files ?? [] });
    const id = win.id;
    connections.set(id, connection);
    win.on('closed', () => connections.delete(id));
    return win;
  };

  /** Opens a folder in the focused window, or a new one when there is none. */
  const openFolderHere = (folder: string) => {
    const focused = BrowserWindow.getFocusedWindow();
    const connection = focused ? connections.get(focused.id) : undefined;
    if (connection) uiCommands(connection).emit({ type: 'openFolder', path: folder });
    else newWindow(folder);
    app.addRecentDocument(folder);
  };

  const refreshMenu = () =>
    installMenu(
      {
        newWindow: () => newWindow(),
        openFolder: async () => {
          const folder = await pickFolder(BrowserWindow.getFocusedWindow());
          if (folder) openFolderHere(folder);
        },
        openRecent: openFolderHere,
        clearRecent: () => {
          app.clearRecentDocuments();
          void host.appState.update({ recent: [] });
        },
      },
      host.appState.get().recent,
    );
  refreshMenu();
  // The recent list changes whenever any window opens a folder.
  let lastRecent = host.appState.get().recent.join('\n');
  host.appState.changes.on((state) => {
    if (state.recent.join('\n') === lastRecent) return;
    lastRecent = state.recent.join('\n');
    refreshMenu();
  });

  const launch = parseLaunchArgs(process.argv, app.isPackaged, process.cwd());
  newWindow(launch.folder, launch.openFiles);

  app.on('second-instance', (_event, argv, workingDirectory) => {
    const second = parseLaunchArgs(argv, app.isPackaged, workingDirectory);
    newWindow(second.folder, second.openFiles).focus();
  });
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
}
