import type { policyContract } from '../../shared/contract/policy';
import { requireWorkspace } from '../host/connection-workspace';
import type { HostContext } from '../host/host-context';
import type { Handlers } from '../rpc/router';
import { getPolicy } from './policy-service';

export function policyHandlers(_host: HostContext): Handlers<typeof policyContract> {
  return {
    'policy.approvals': (_i, emit, { connection }) => {
      const policy = getPolicy(requireWorkspace(connection));
      emit({ pending: policy.pending() });
      return policy.approvalsChanged.on((pending) => emit({ pending }));
    },
    'policy.respond': ({ id, answer, trust }, { connection }) => getPolicy(requireWorkspace(connection)).respond(id, answer, trust),
    'policy.check': ({ command, cwd, trust, mode }, { connection }) =>
      getPolicy(requireWorkspace(connection)).evaluate({ kind: 'command', command, ...(cwd !== undefined ? { cwd } : {}) }, { ...(trust ? { trust } : {}), ...(mode ? { mode } : {}) }),
    'policy.evaluate': ({ action }, { connection }) => getPolicy(requireWorkspace(connection)).evaluate(action),
    'policy.status': (_i, { connection }) => getPolicy(requireWorkspace(connection)).status(),
    'policy.statusChanges': async (_i, emit, { connection }) => {
      const policy = getPolicy(requireWorkspace(connection));
      emit(await policy.status());
      return policy.statusChanges.on(emit);
    },
  };
}
