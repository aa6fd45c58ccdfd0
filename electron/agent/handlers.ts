import type { agentContract } from '../../shared/contract/agent';
import { requireWorkspace } from '../host/connection-workspace';
import type { HostContext } from '../host/host-context';
import type { Connection, Handlers } from '../rpc/router';
import { agentFor } from './wiring';

export function agentHandlers(host: HostContext): Handlers<typeof agentContract> {
  const agent = (connection: Connection) => agentFor(requireWorkspace(connection), host);
  return {
    'agent.sessions': async (_i, { connection }) => ({ sessions: await agent(connection).list() }),
    'agent.sessionList': async (_i, emit, { connection }) => {
      const a = agent(connection);
      emit({ sessions: await a.list() });
      return a.listChanged.on((sessions) => emit({ sessions }));
    },
    'agent.session': async ({ id }, { connection }) => {
      const s = await agent(connection).get(id);
      return { session: s.data, run: s.run };
    },
    'agent.createSession': ({ title, model }, { connection }) => agent(connection).createSession({ ...(title ? { title } : {}), ...(model ? { model } : {}) }),
    'agent.renameSession': ({ id, title }, { connection }) => agent(connection).rename(id, title),
    'agent.deleteSession': async ({ id }, { connection }) => {
      await agent(connection).delete(id);
      return {};
    },
    'agent.exportSession': ({ id }, { connection }) => agent(connection).exportMarkdown(id),
    'agent.setModel': async ({ id, model }, { connection }) => {
      await agent(connection).setModel(id, model);
      return {};
    },
    'agent.send': async ({ sessionId, text, context, model }, { connection }) => {
      const { requestId } = await agent(connection).send(sessionId, { text, context, ...(model ? { model } : {}), source: 'chat' });
      return { requestId };
    },
    'agent.stop': async ({ sessionId }, { connection }) => ({ stopped: await agent(connection).stop(sessionId) }),
    'agent.retry': async ({ sessionId }, { connection }) => {
      const { requestId } = await agent(connection).retry(sessionId);
      return { requestId };
    },
    'agent.uncompact': async ({ sessionId, summaryId }, { connection }) => {
      await agent(connection).uncompact(sessionId, summaryId);
      return {};
    },
    'agent.events': async ({ sessionId }, emit, { connection }) => {
      const s = await agent(connection).get(sessionId);
      emit(s.snapshot());
      return s.events.on(emit);
    },
    'agent.models': (_i, { connection }) => agent(connection).models(),
    'agent.usage': ({ sessionId }, { connection }) => agent(connection).usage(sessionId),
    'agent.contextProviders': (_i, { connection }) => ({ providers: agent(connection).contextProviders() }),
    'agent.contextSuggest': async ({ provider, query }, { connection }) => ({ items: await agent(connection).suggest(provider, query) }),
    'agent.tools': (_i, { connection }) => ({ tools: agent(connection).tools.list().map((t) => ({ name: t.name, category: t.category, description: t.description })) }),
  };
}
