import { RpcError } from '../../shared/rpc/errors';
import type { Connection } from '../rpc/router';
import type { Workspace } from '../workspace/workspace';

const KEY = 'workspace';

/** The workspace this window or socket has open, if any. */
export function currentWorkspace(connection: Connection): Workspace | undefined {
  return connection.state.get(KEY) as Workspace | undefined;
}

/** The connection's workspace, or a NO_WORKSPACE error that tells the person what to do. */
export function requireWorkspace(connection: Connection): Workspace {
  const ws = currentWorkspace(connection);
  if (!ws) throw new RpcError('NO_WORKSPACE', 'No folder is open. Open a folder first (File › Open Folder).');
  return ws;
}

export function setConnectionWorkspace(connection: Connection, ws: Workspace | undefined): Workspace | undefined {
  const previous = currentWorkspace(connection);
  if (ws) connection.state.set(KEY, ws);
  else connection.state.delete(KEY);
  return previous;
}
