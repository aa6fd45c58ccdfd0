import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { findElectronBinary } from '../host/electron-binary';
import { collect, MAIN_ENTRY, parsePort } from './common';
import { serve, type ServeFlags } from './serve';

/** `specwright [folder]`: the desktop app where Electron is installed, else server mode with a notice. */
function openDesktopOrServe(folder: string | undefined, flags: Omit<ServeFlags, 'workspace'>) {
  const electron = findElectronBinary();
  if (!electron) {
    console.log('Specwright: the Electron desktop runtime is not installed here, so the IDE starts in server mode instead — open the URL below in a browser.');
    return serve({ ...flags, ...(folder ? { workspace: folder } : {}) });
  }
  const args = [MAIN_ENTRY, ...(folder ? [path.resolve(folder)] : []), ...flags.open.flatMap((f) => ['--open', f])];
  const child = spawn(electron, args, {
    stdio: 'inherit',
    env: { ...process.env, ...(flags.dataDir ? { SPECWRIGHT_DATA_DIR: path.resolve(flags.dataDir) } : {}) },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}

export function registerOpen(program: Command): void {
  program
    .argument('[folder]', 'folder to open as the workspace')
    .option('--open <file>', 'file to open in the editor (repeatable)', collect, [])
    .option('--data-dir <dir>', "where Specwright keeps its own data (default: the platform's app data folder)")
    .option('--port <n>', 'port for the server-mode fallback', parsePort, 0)
    .option('--host <address>', 'address for the server-mode fallback', '127.0.0.1')
    .action((folder: string | undefined, flags: Omit<ServeFlags, 'workspace'>) => openDesktopOrServe(folder, flags));
}
