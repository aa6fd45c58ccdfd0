import type { secretsContract } from '../../shared/contract/secrets';
import type { Handlers } from '../rpc/router';
import type { HostContext } from '../host/host-context';

export function secretsHandlers(host: HostContext): Handlers<typeof secretsContract> {
  return {
    'secrets.list': async ({ names }) => {
      const all = new Set([...(await host.secretStore.names()), ...names]);
      const secrets = [];
      for (const name of [...all].sort()) {
        const source = await host.secrets.sourceOf(name);
        if (source) secrets.push({ name, source });
      }
      return { store: host.secretStore.kind, secrets };
    },
    'secrets.set': async ({ name, value }) => {
      await host.secretStore.set(name, value);
      return {};
    },
    'secrets.delete': async ({ name }) => {
      await host.secretStore.delete(name);
      return {};
    },
  };
}
