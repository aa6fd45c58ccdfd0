import path from 'node:path';
import { BrowserWindow, dialog, screen } from 'electron';
import type { Host } from '../host/host';
import type { Connection } from '../rpc/router';
import { APP_ORIGIN } from './ipc-channel';
import type { createIpcHub } from './ipc-transport';
import { guardNavigation } from './navigation-guard';

export interface WindowOptions {
  host: Host;
  hub: ReturnType<typeof createIpcHub>;
  preload: string;
  workspace?: string | null;
  openFiles?: string[];
}

function initialBounds(host: Host) {
  const saved = host.appState.get().windowBounds;
  const area = screen.getPrimaryDisplay().workAreaSize;
  if (saved && saved.width <= area.width * 2 && saved.height <= area.height * 2) return saved;
  return { width: Math.min(1400, area.width), height: Math.min(900, area.height) };
}

/** A window on the renderer, wired to the host through IPC, remembering its size. */
export interface OpenedWindow {
  win: BrowserWindow;
  connection: Connection;
}

export function openWindow({ host, hub, preload, workspace, openFiles }: WindowOptions): OpenedWindow {
  const bounds = initialBounds(host);
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 640,
    minHeight: 400,
    show: false,
    title: 'Specwright',
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (bounds.maximized) win.maximize();
  guardNavigation(win.webContents);
  const connection = host.attach(hub.connect(win.webContents), { workspace: workspace ?? null, openFiles: openFiles ?? [] });
  win.once('ready-to-show', () => win.show());
  const remember = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    void host.appState.update({ windowBounds: { ...win.getNormalBounds(), maximized: win.isMaximized() } });
  };
  win.on('resize', remember);
  win.on('move', remember);
  win.on('close', remember);
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return { win, connection };
}

export async function pickFolder(parent?: BrowserWindow | null): Promise<string | null> {
  const options = { title: 'Open Folder', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled || !result.filePaths[0] ? null : path.resolve(result.filePaths[0]);
}
