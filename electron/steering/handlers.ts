import type { steeringContract } from '../../shared/contract/steering';
import { requireWorkspace } from '../host/connection-workspace';
import type { HostContext } from '../host/host-context';
import type { Connection, Handlers } from '../rpc/router';
import { steeringFor } from './service';

export function steeringHandlers(host: HostContext): Handlers<typeof steeringContract> {
  const steering = (connection: Connection) => steeringFor(requireWorkspace(connection), host);
  return {
    'steering.state': (_i, { connection }) => steering(connection).state(),
    'steering.changes': (_i, emit, { connection }) => steering(connection).changes.on(() => emit({ type: 'changed' })),
    'steering.createFromTemplate': ({ id }, { connection }) => steering(connection).createFromTemplate(id),
    'steering.generate': ({ only }, { connection }) => steering(connection).generate(only),
  };
}
