import path from 'node:path';
import { app, Menu, shell, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openFolder(): void;
  openRecent(folder: string): void;
  newWindow(): void;
  clearRecent(): void;
}

/** The usual application menu: Electron's roles for Edit/View/Window, plus File › Open Folder and Open Recent. */
export function installMenu(actions: MenuActions, recent: string[]): void {
  const isMac = process.platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? [
        ...recent.map((folder) => ({ label: `${path.basename(folder)} — ${folder}`, click: () => actions.openRecent(folder) })),
        { type: 'separator' as const },
        { label: 'Clear Recently Opened', click: () => actions.clearRecent() },
      ]
    : [{ label: 'No recent folders', enabled: false }];
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Window', accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.newWindow() },
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFolder() },
        { label: 'Open Recent', submenu: recentItems },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Open Crash Reports Folder', click: () => void shell.openPath(app.getPath('crashDumps')) },
        { label: 'Open Data Folder', click: () => void shell.openPath(app.getPath('userData')) },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
