import type { hooksContract } from '../../shared/contract/hooks';
import { requireWorkspace } from '../host/connection-workspace';
import type { HostContext } from '../host/host-context';
import type { Connection, Handlers } from '../rpc/router';
import { hooksFor } from './service';

export function hooksHandlers(host: HostContext): Handlers<typeof hooksContract> {
  const hooks = (connection: Connection) => hooksFor(requireWorkspace(connection), host);
  return {
    'hooks.state': (_i, { connection }) => hooks(connection).state(),
    'hooks.events': (_i, emit, { connection }) => hooks(connection).events.on(emit),
    'hooks.setEnabled': async ({ id, enabled }, { connection }) => {
      await hooks(connection).setEnabled(id, enabled);
      return {};
    },
    'hooks.run': ({ id }, { connection }) => hooks(connection).run(id),
    'hooks.create': (input, { connection }) => hooks(connection).create(input),
    'hooks.templates': (_i, { connection }) => ({ templates: hooks(connection).templates() }),
    'hooks.addTemplate': ({ id }, { connection }) => hooks(connection).addTemplate(id),
  };
}
