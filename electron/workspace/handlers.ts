import type { workspaceContract } from '../../shared/contract/workspace';
import type { Handlers } from '../rpc/router';
import { requireWorkspace } from '../host/connection-workspace';
import type { HostContext } from '../host/host-context';

export function workspaceHandlers(host: HostContext): Handlers<typeof workspaceContract> {
  return {
    'workspace.open': async ({ path }, { connection }) => (await host.openWorkspace(connection, path)).info,
    'workspace.close': async (_i, { connection }) => {
      await host.closeWorkspace(connection);
      return {};
    },
    'workspace.list': async ({ path }, { connection }) => ({ entries: await requireWorkspace(connection).files.list(path) }),
    'workspace.files': (_i, { connection }) => requireWorkspace(connection).listFiles(),
    'workspace.read': ({ path }, { connection }) => requireWorkspace(connection).files.read(path),
    'workspace.write': ({ path, text, encoding, expectedHash }, { connection }) =>
      requireWorkspace(connection).files.write(path, text, encoding, expectedHash),
    'workspace.create': ({ path, kind }, { connection }) => requireWorkspace(connection).files.create(path, kind),
    'workspace.rename': async ({ from, to }, { connection }) => {
      await requireWorkspace(connection).files.rename(from, to);
      return {};
    },
    'workspace.delete': async ({ path }, { connection }) => {
      await requireWorkspace(connection).files.delete(path);
      return {};
    },
    'workspace.getState': (_i, { connection }) => requireWorkspace(connection).uiState,
    'workspace.setState': async (patch, { connection }) => {
      const ws = requireWorkspace(connection);
      await ws.state.update(patch);
      return ws.uiState;
    },
    'workspace.changes': (_i, emit, { connection }) => {
      const ws = requireWorkspace(connection);
      return ws.watcher.changes.on((changes) => emit({ changes }));
    },
  };
}
