import type { mcpContract } from '../../shared/contract/mcp';
import { requireWorkspace } from '../host/connection-workspace';
import type { HostContext } from '../host/host-context';
import type { Handlers } from '../rpc/router';
import { getMcp } from './manager';

/** Log appends are batched: a server flooding stderr sends a few messages a second, not thousands. */
const LOG_BATCH_MS = 150;

export function mcpHandlers(_host: HostContext): Handlers<typeof mcpContract> {
  const mcp = (connection: Parameters<typeof requireWorkspace>[0]) => getMcp(requireWorkspace(connection));
  return {
    'mcp.state': (_i, { connection }) => mcp(connection).state(),
    'mcp.changes': (_i, emit, { connection }) => {
      const m = mcp(connection);
      emit(m.state());
      return m.changes.on(emit);
    },
    'mcp.setEnabled': ({ server, enabled }, { connection }) => mcp(connection).setEnabled(server, enabled),
    'mcp.restart': async ({ server }, { connection }) => {
      await mcp(connection).restart(server);
      return {};
    },
    'mcp.log': ({ server }, emit, { connection }) => {
      const log = mcp(connection).log(server);
      emit({ text: log.text(), reset: true, dropped: log.dropped });
      let pending = '';
      let timer: ReturnType<typeof setTimeout> | null = null;
      const off = log.appended.on((t) => {
        pending += t;
        // Never queue more than the log itself keeps.
        if (pending.length > log.length) pending = log.text();
        timer ??= setTimeout(() => {
          timer = null;
          const text = pending;
          pending = '';
          emit({ text, reset: false, dropped: log.dropped });
        }, LOG_BATCH_MS);
      });
      return () => {
        off();
        if (timer) clearTimeout(timer);
      };
    },
    'mcp.answerVariable': async ({ key, approve }, { connection }) => {
      await mcp(connection).answerVariable(key, approve);
      return {};
    },
    'mcp.dismissToolWarning': async (_i, { connection }) => {
      await mcp(connection).dismissToolWarning();
      return {};
    },
    'mcp.readConfig': ({ scope }, { connection }) => mcp(connection).readConfig(scope),
  };
}
