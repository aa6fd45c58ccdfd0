import { spawn } from 'node:child_process';
import path from 'node:path';
import { findElectronBinary } from '../host/electron-binary';
import { MAIN_ENTRY } from './common';
import { serve, type ServeFlags } from './serve';

/** `specwright [folder]`: the desktop app where Electron is installed, else server mode with a notice. */
export function openDesktopOrServe(folder: string | undefined, flags: Omit<ServeFlags, 'workspace'>) {
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
