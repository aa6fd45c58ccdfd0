import { z } from 'zod';
import type { ToolMedia, ToolProgress } from '../../../shared/agent/session';
import { ToolInputError, type AgentTool } from './types';

export interface McpToolSpec {
  /** The server's name in mcp.json. */
  server: string;
  /** The tool's name on that server. */
  tool: string;
  description: string;
  /** The tool's JSON schema, as the server declares it. */
  inputSchema: Record<string, unknown>;
  /** The server's `autoApprove` lists this tool (or `*`). */
  autoApproved?: boolean;
  /** The name the model sees, when the caller has made its own unique one; default `mcpToolName(server, tool)`. */
  name?: string;
  /** False when the server marks the tool read-only: no checkpoint before it. Default true. */
  mutates?: boolean;
  /** Calls the tool; returns its text content (and images for the card), or throws with a message for the model. */
  call(
    input: Record<string, unknown>,
    signal: AbortSignal,
    onProgress?: (p: ToolProgress) => void,
  ): Promise<{ text: string; isError?: boolean; summary?: string; media?: ToolMedia[] }>;
}

/** `mcp__<server>__<tool>`, with anything but letters, digits, `_` and `-` made `_` (tool names are limited to 64 of those). */
export const mcpToolName = (server: string, tool: string) => `mcp__${server}__${tool}`.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);

/**
 * An MCP server's tool as an agent tool: named `mcp__<server>__<tool>`, category `mcp`,
 * asked of the policy as an `mcp` action (the server's autoApprove counts), checkpointed
 * before it runs (an MCP tool may change files), audited like any other call. The server's
 * JSON schema is what the model sees; the server validates the input itself.
 */
export function mcpTool(spec: McpToolSpec): AgentTool<Record<string, unknown>> {
  return {
    name: spec.name ?? mcpToolName(spec.server, spec.tool),
    category: 'mcp',
    description: `${spec.description} (MCP server "${spec.server}")`,
    input: z.record(z.string(), z.unknown()),
    jsonSchema: { type: 'object', ...spec.inputSchema },
    async prepare(input, ctx) {
      return {
        action: { kind: 'mcp', server: spec.server, tool: spec.tool, input, ...(spec.autoApproved !== undefined ? { autoApproved: spec.autoApproved } : {}) },
        mutates: spec.mutates ?? true,
        label: `Before MCP ${spec.server}/${spec.tool}`,
        async execute() {
          try {
            const r = await spec.call(input, ctx.signal, ctx.progress ? (p) => ctx.progress!(p) : undefined);
            return {
              content: r.text || '(no content)',
              isError: !!r.isError,
              summary: r.summary ?? (r.isError ? 'the tool reported an error' : `${r.text.length} characters`),
              ...(r.media?.length ? { media: r.media } : {}),
            };
          } catch (e) {
            throw new ToolInputError(`The MCP server "${spec.server}" failed the call to ${spec.tool}: ${(e as Error).message}`);
          }
        },
      };
    },
  };
}
