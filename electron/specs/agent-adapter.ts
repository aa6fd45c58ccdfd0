// The spec pipeline's port to the agent: a session per document or task, started with a
// brief, an allow-list of tools and a guard over every tool call. The first time it meets a
// workspace's agent it also registers what the specs feature adds to every session: `#spec`
// and the rule that no agent writes a spec's approvals.

import type { HostContext } from '../host/host-context';
import type { AgentService } from '../agent/service';
import type { ContextProvider } from '../agent/context/registry';
import { agentFor } from '../agent/wiring';
import type { Workspace } from '../workspace/workspace';
import type { SpecAgent } from './agent-port';
import { findSpec, specContext, suggestSpecs } from './context';
import { sidecarRefusal } from './guards';
import type { SpecStore } from './store';

const wired = new WeakSet<AgentService>();

function specContextProvider(store: SpecStore): ContextProvider {
  return {
    id: 'spec',
    label: 'spec',
    description: 'A spec: its requirements (or bug analysis), design and tasks, with its phase',
    argument: 'choice',
    async suggest(query) {
      return suggestSpecs(await store.cards(), query);
    },
    async resolve(ref) {
      const found = findSpec(await store.cards(), ref.arg ?? '');
      if ('error' in found) throw new Error(found.error);
      const e = await store.fresh(found.id);
      return specContext(e, await store.card(found.id));
    },
  };
}

/** The workspace's agent, with the specs feature's registrations made once. */
export function wiredAgent(ws: Workspace, host: Pick<HostContext, 'secrets'>, store: SpecStore): AgentService {
  const agent = agentFor(ws, host);
  if (!wired.has(agent)) {
    wired.add(agent);
    agent.registerToolGuard(({ action }) => sidecarRefusal(action));
    agent.registerContextProvider(specContextProvider(store));
  }
  return agent;
}

export function specAgentFor(ws: Workspace, host: Pick<HostContext, 'secrets'>, store: SpecStore): SpecAgent {
  return {
    // Whether a model answers is the agent's to say when it is asked (no model, no credentials…): the error reaches the person.
    unavailable: () => null,
    async start(req) {
      const agent = wiredAgent(ws, host, store);
      const session = await agent.createSession({ title: req.title, kind: req.kind, origin: req.origin, ...(req.taskId ? { taskId: req.taskId } : {}) });
      const { done } = await agent.send(session.id, {
        text: req.text,
        ...(req.context ? { context: req.context } : {}),
        source: req.kind === 'task' ? 'task' : 'spec',
        actor: req.actor,
        instructions: req.instructions,
        guard: req.guard,
        ...(req.tools ? { tools: req.tools } : {}),
        ...(req.taskId ? { taskId: req.taskId } : {}),
      });
      return {
        sessionId: session.id,
        done: done.then((o) => ({ status: o.status, ...(o.message ? { message: o.message } : {}), text: o.text })),
        async stop() {
          await agent.stop(session.id);
        },
      };
    },
  };
}
