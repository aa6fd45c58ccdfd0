import type { terminalContract } from '../../shared/contract/terminal';
import { requireWorkspace } from '../host/connection-workspace';
import type { Handlers } from '../rpc/router';
import type { Workspace } from '../workspace/workspace';
import { TerminalService } from './terminal-service';

/** The workspace's terminal service (`ws.service('terminals', …)`), created on first use and disposed with the workspace. */
export const terminalService = (ws: Workspace): TerminalService => ws.service('terminals', (w) => new TerminalService(w));

export function terminalHandlers(): Handlers<typeof terminalContract> {
  /** Which connection each output stream belongs to, so that only its own view can acknowledge it. */
  const streamOwners = new Map<number, string>();
  const service = (connection: Parameters<typeof requireWorkspace>[0]) => terminalService(requireWorkspace(connection));

  return {
    'terminal.create': async (input, { connection }) => (await service(connection).createShell({ ...input, owner: connection })).info(),
    'terminal.list': (_i, { connection }) => ({ terminals: service(connection).list() }),
    'terminal.write': ({ id, data }, { connection }) => {
      service(connection).get(id).write(data);
      return {};
    },
    'terminal.resize': ({ id, cols, rows }, { connection }) => {
      service(connection).get(id).resize(cols, rows);
      return {};
    },
    'terminal.kill': async ({ id }, { connection }) => {
      await service(connection).kill(id);
      return {};
    },
    'terminal.rename': ({ id, name }, { connection }) => service(connection).rename(id, name),
    'terminal.setActive': ({ id }, { connection }) => {
      service(connection).setActive(id);
      return {};
    },
    'terminal.ack': ({ id, stream, chars }, { connection }) => {
      // A late acknowledgement for a terminal that was just closed is not an error: nothing waits on it.
      const svc = service(connection);
      if (streamOwners.get(stream) === connection.id && svc.has(id)) svc.get(id).output.ack(stream, chars);
      return {};
    },
    'terminal.context': ({ id, lines }, { connection }) => service(connection).context({ ...(id ? { id } : {}), lines }),
    'terminal.resolvePath': async ({ id, path }, { connection }) => ({ path: await service(connection).resolvePath(id, path) }),
    'terminal.sessions': (_i, emit, { connection }) => {
      const svc = service(connection);
      emit(svc.snapshot());
      return svc.changes.on(({ reveal }) => emit(svc.snapshot(reveal)));
    },
    'terminal.output': ({ id, since }, emit, { connection, end }) => {
      const svc = service(connection);
      const session = svc.get(id);
      const { stream, dispose } = session.output.subscribe(emit, since);
      streamOwners.set(stream, connection.id);
      // A closed terminal ends its views' subscriptions.
      const offChanges = svc.changes.on(() => {
        if (!svc.has(id)) end();
      });
      return () => {
        offChanges();
        dispose();
        streamOwners.delete(stream);
      };
    },
  };
}
