import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { appContract, UiCommand } from '../../shared/contract/app';
import { Emitter } from '../../shared/rpc/transport';
import { RpcError } from '../../shared/rpc/errors';
import type { Connection, Handlers } from '../rpc/router';
import { currentWorkspace } from './connection-workspace';
import type { HostContext } from './host-context';

export interface ConnectionStart {
  /** A folder this window was opened for (desktop windows, `specwright DIR`). */
  workspace?: string | null;
  openFiles?: string[];
}
export const START_KEY = 'start';
const COMMANDS_KEY = 'uiCommands';

/** The channel on which the host asks one window to do something. */
export function uiCommands(connection: Connection): Emitter<UiCommand> {
  let emitter = connection.state.get(COMMANDS_KEY) as Emitter<UiCommand> | undefined;
  if (!emitter) {
    emitter = new Emitter<UiCommand>();
    connection.state.set(COMMANDS_KEY, emitter);
  }
  return emitter;
}

export function appHandlers(host: HostContext): Handlers<typeof appContract> {
  return {
    'app.bootstrap': async (_i, { connection }) => {
      const start = (connection.state.get(START_KEY) as ConnectionStart | undefined) ?? {};
      let notice: string | null = null;
      let ws = currentWorkspace(connection);
      const wanted = start.workspace ?? host.appState.get().lastWorkspace;
      if (!ws && wanted) {
        try {
          ws = await host.openWorkspace(connection, wanted);
        } catch (e) {
          notice = e instanceof RpcError ? e.message : `Cannot open '${wanted}'.`;
        }
      }
      connection.state.delete(START_KEY); // files to open apply to the first load only
      return {
        mode: host.mode,
        version: host.version,
        platform: process.platform,
        homeDir: os.homedir(),
        workspace: ws?.info ?? null,
        openFiles: ws ? (start.openFiles ?? []) : [],
        recent: host.appState.get().recent,
        notice,
      };
    },
    'app.pickFolder': async () => {
      if (!host.desktop) {
        throw new RpcError('UNSUPPORTED', 'There is no native folder dialog in server mode; use the folder browser.');
      }
      return { path: await host.desktop.pickFolder() };
    },
    'app.notify': ({ title, body }, { connection }) => {
      if (!host.desktop) throw new RpcError('UNSUPPORTED', 'Server mode has no native notifications; the browser shows its own.');
      return { shown: host.desktop.notify(connection, title, body) };
    },
    'app.listFolders': async ({ path: requested }) => {
      const dir = path.resolve(requested ?? os.homedir());
      let dirents;
      try {
        dirents = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new RpcError(code === 'ENOENT' ? 'NOT_FOUND' : code === 'EACCES' ? 'PERMISSION_DENIED' : 'INTERNAL', `Cannot list '${dir}': ${code ?? (e as Error).message}`);
      }
      const folders = dirents
        .filter((d) => d.isDirectory())
        .map((d) => ({ name: d.name, path: path.join(dir, d.name) }))
        .sort((a, b) => Number(a.name.startsWith('.')) - Number(b.name.startsWith('.')) || a.name.localeCompare(b.name))
        .slice(0, 5000);
      const parent = path.dirname(dir);
      return { path: dir, parent: parent === dir ? null : parent, folders };
    },
    'app.forgetRecent': async ({ path: root }) => ({ recent: (await host.appState.forget(root)).recent }),
    'app.commands': (_i, emit, { connection }) => uiCommands(connection).on(emit),
  };
}
