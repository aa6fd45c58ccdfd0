import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openFolder(): void;
  newWindow(): void;
}

/** The usual application menu: Electron's roles for Edit/View/Window, plus File › Open Folder. */
export function installMenu(actions: MenuActions): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Window', accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.newWindow() },
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFolder() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Specwright on GitHub', click: () => void import('electron').then(({ shell }) => shell.openExternal('https://github.com/specwright-ide/specwright')) }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
