import { checkpointsFor } from '../checkpoints/checkpoint-service';
import type { HostContext } from '../host/host-context';
import { userKiroDir } from '../kiro/home';
import { bridgeMcpToAgent } from '../mcp/agent-bridge';
import { getMcp } from '../mcp/manager';
import { getPolicy } from '../policy/policy-service';
import { SteeringLoader } from '../steering/loader';
import { terminalService } from '../terminal';
import type { Workspace } from '../workspace/workspace';
import { specProvider, steeringProvider, steeringSource } from './context/kiro-providers';
import { policyGate } from './policy-gate';
import { ProviderRegistry } from './providers/registry';
import { AgentService } from './service';
import { serviceCheckpointer, terminalRunner, terminalText } from './service-adapters';
import { usageLedgerFor } from './usage/service';

/**
 * The agent of a workspace, with the real services wired in: the providers (keys from
 * the secret store), the usage ledger, the policy gate (issue 4), the checkpoints
 * (issue 3), the terminal's command runner and `#terminal` (issue 8), and the steering
 * loader. Other features (the spec runner, the hooks dispatcher, the MCP manager) reach it
 * here:
 *
 *   const agent = agentFor(ws, host);
 *   const { id } = await agent.createSession({ title: 'Task 2.1', kind: 'task', origin: '.kiro/specs/login', taskId: '2.1' });
 *   const { done } = await agent.send(id, { text, source: 'task', actor: 'spec-runner', taskId: '2.1' });
 *   agent.registerTool(mcpTool({ server, tool, description, inputSchema, call }));
 *   agent.registerContextProvider({ id: 'spec', … });
 */
export function agentFor(ws: Workspace, host: Pick<HostContext, 'secrets'>): AgentService {
  return ws.service('agent', (w) => {
    const steering = new SteeringLoader({ root: w.root, userKiroDir: userKiroDir() });
    const terminals = terminalService(w);
    const agent = new AgentService(w, {
      providers: new ProviderRegistry({ secrets: host.secrets }),
      ledger: usageLedgerFor(w),
      gate: policyGate(getPolicy(w)),
      checkpoints: serviceCheckpointer(checkpointsFor(w)),
      runner: terminalRunner(terminals),
      steering: steeringSource(steering),
      terminal: terminalText(terminals),
    });
    // Defaults the specs and steering features may replace by registering the same ids.
    agent.registerContextProvider(specProvider(w.root));
    agent.registerContextProvider(steeringProvider(steering));
    // MCP servers' tools (mcp__<server>__<tool>) and #mcp prompts and resources, kept in step with the servers.
    bridgeMcpToAgent(agent, getMcp(w));
    return agent;
  });
}
