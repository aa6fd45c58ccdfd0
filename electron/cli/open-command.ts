// `specwright [folder]`: its flags and help. What it does is in ./open.ts, loaded only when it runs.

import type { Command } from 'commander';
import { collect, parsePort } from './common';
import type { ServeFlags } from './serve';

export function registerOpen(program: Command): void {
  program
    .argument('[folder]', 'folder to open as the workspace')
    .option('--open <file>', 'file to open in the editor (repeatable)', collect, [])
    .option('--data-dir <dir>', "where Specwright keeps its own data (default: the platform's app data folder)")
    .option('--port <n>', 'port for the server-mode fallback', parsePort, 0)
    .option('--host <address>', 'address for the server-mode fallback', '127.0.0.1')
    .action(async (folder: string | undefined, flags: Omit<ServeFlags, 'workspace'>) => (await import('./open')).openDesktopOrServe(folder, flags));
}
