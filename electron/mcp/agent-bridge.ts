import type { ContextProvider } from '../agent/context/registry';
import { mcpTool } from '../agent/tools/mcp-tool';
import type { AgentTool } from '../agent/tools/types';
import type { McpManager, McpToolEntry } from './manager';

/** What the bridge needs of the agent (its registration points). */
export interface AgentRegistry {
  registerTool<I>(tool: AgentTool<I>): () => void;
  registerContextProvider(provider: ContextProvider): () => void;
}

/**
 * Connects a workspace's MCP servers to its agent: every tool a ready server offers (minus
 * `disabledTools`) is registered as `mcp__<server>__<tool>` — re-registered whenever the set
 * changes (a server starts, stops, crashes, or says its tools changed) — and `#mcp` offers
 * the servers' prompts and resources. Calls go through the agent's loop, so the policy
 * (with the server's `autoApprove`), checkpoints and the audit log apply as to any tool.
 */
export function bridgeMcpToAgent(agent: AgentRegistry, mcp: McpManager): () => void {
  let registered: (() => void)[] = [];
  const sync = (tools: McpToolEntry[]) => {
    for (const off of registered) off();
    registered = [];
    for (const t of tools) {
      try {
        registered.push(agent.registerTool(agentToolFor(mcp, t)));
      } catch (e) {
        // A built-in of the same name wins; the MCP tool is left out and the log says why.
        mcp.log(t.server).note(`${t.qualifiedName} is not offered to the agent: ${(e as Error).message}`);
      }
    }
  };
  sync(mcp.tools());
  const offTools = mcp.toolsChanged.on(sync);
  const offContext = agent.registerContextProvider(mcpContextProvider(mcp));
  return () => {
    offTools();
    offContext();
    for (const off of registered) off();
    registered = [];
  };
}

function agentToolFor(mcp: McpManager, t: McpToolEntry): AgentTool<Record<string, unknown>> {
  return mcpTool({
    server: t.server,
    tool: t.tool.name,
    name: t.qualifiedName,
    description: t.tool.description?.trim() || t.tool.title || t.tool.name,
    inputSchema: t.inputSchema,
    autoApproved: t.autoApproved,
    mutates: !t.readOnly,
    async call(input, signal, onProgress) {
      const r = await mcp.callTool(t.qualifiedName, input, { signal, ...(onProgress ? { onProgress } : {}) });
      return { text: r.text, isError: r.isError, summary: r.summary, media: r.media };
    },
  });
}

/** `#mcp <server>/prompt/<name> [key=value …]` and `#mcp <server>/resource/<uri>`. */
export function mcpContextProvider(mcp: McpManager): ContextProvider {
  return {
    id: 'mcp',
    label: 'mcp',
    description: "An MCP server's prompt or resource",
    argument: 'choice',
    unavailable: () => (mcp.contextItems().length ? null : 'No ready MCP server offers prompts or resources.'),
    async suggest(query) {
      const q = query.toLowerCase();
      return mcp
        .contextItems()
        .filter((i) => i.arg.toLowerCase().includes(q) || i.name.toLowerCase().includes(q))
        .slice(0, 200)
        .map((i) => ({ value: i.arg, label: `${i.server}: ${i.name}`, detail: `${i.kind}${i.description ? ` · ${i.description}` : ''}` }));
    },
    async resolve(ref, env) {
      if (!ref.arg) throw new Error('Name a prompt or resource: #mcp <server>/prompt/<name> or #mcp <server>/resource/<uri>.');
      return mcp.resolveContext(ref.arg, env.signal);
    },
  };
}
