import type { HostContext } from '../host/host-context';
import type { Workspace } from '../workspace/workspace';
import { getPolicy } from '../policy/policy-service';
import { userKiroDir } from '../kiro/home';
import { SteeringLoader } from '../steering/loader';
import { specProvider, steeringProvider, steeringSource } from './context/kiro-providers';
import { noCheckpointsForTests } from './ports';
import { policyGate } from './policy-gate';
import { ProviderRegistry } from './providers/registry';
import { AgentService } from './service';
import { ChildProcessRunner } from './tools/child-process-runner';
import { usageLedgerFor } from './usage/service';

/**
 * The agent of a workspace, with the real services wired in. Other features (the spec
 * runner, the hooks dispatcher, the MCP manager) reach it here:
 *
 *   const agent = agentFor(ws, host);
 *   const { id } = await agent.createSession({ title: 'Task 2.1', kind: 'task', origin: 'specs/login', taskId: '2.1' });
 *   const { done } = await agent.send(id, { text, source: 'task', actor: 'spec-runner', taskId: '2.1' });
 *   agent.registerTool({ name: 'mcp__docs__search', category: 'mcp', … });
 *   agent.registerContextProvider({ id: 'spec', … });
 */
export function agentFor(ws: Workspace, host: Pick<HostContext, 'secrets'>): AgentService {
  return ws.service('agent', (w) => {
    // TRANSITIONAL until the checkpoint and terminal services are on main:
    // these stand-ins are replaced by the real services as each lands.
    const steering = new SteeringLoader({ root: w.root, userKiroDir: userKiroDir() });
    const agent = new AgentService(w, {
      providers: new ProviderRegistry({ secrets: host.secrets }),
      ledger: usageLedgerFor(w),
      gate: policyGate(getPolicy(w)),
      checkpoints: noCheckpointsForTests,
      runner: new ChildProcessRunner(w.root),
      steering: steeringSource(steering),
      terminal: null,
    });
    // Defaults the specs and steering features may replace by registering the same ids.
    agent.registerContextProvider(specProvider(w.root));
    agent.registerContextProvider(steeringProvider(steering));
    return agent;
  });
}
