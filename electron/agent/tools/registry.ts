import { z } from 'zod';
import type { ToolSpec } from '../../../shared/agent/messages';
import { deleteFileTool } from './delete-file';
import { editFileTool } from './edit-file';
import { fetchUrlTool } from './fetch-url';
import { listDirectoryTool } from './list-directory';
import { readFileTool } from './read-file';
import { runCommandTool } from './run-command';
import { searchTool } from './search';
import type { AgentTool } from './types';
import { writeFileTool } from './write-file';

/** The built-in tools, with their stable names. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each tool has its own input type
export const BUILTIN_TOOLS: AgentTool<any>[] = [readFileTool, listDirectoryTool, searchTool, writeFileTool, editFileTool, deleteFileTool, runCommandTool, fetchUrlTool];

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export function jsonSchemaOf(tool: AgentTool<unknown>): Record<string, unknown> {
  if (tool.jsonSchema) return tool.jsonSchema;
  const { $schema: _drop, ...schema } = z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return schema;
}

/** Zod's issues as one line the model can act on: `path: expected string; start_line: too small`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 6)
    .map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`)
    .join('; ');
}

/**
 * The tools the model is offered: the built-ins, and whatever other features register
 * (MCP tools as `mcp__<server>__<tool>`, category `mcp`). Registering returns its removal.
 */
export class ToolRegistry {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous inputs
  private tools = new Map<string, AgentTool<any>>();
  private schemas = new Map<string, Record<string, unknown>>();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous inputs
  constructor(tools: AgentTool<any>[] = BUILTIN_TOOLS) {
    for (const t of tools) this.register(t);
  }

  register<I>(tool: AgentTool<I>): () => void {
    if (!NAME.test(tool.name)) throw new Error(`Tool name '${tool.name}' must be 1–64 letters, digits, '_' or '-'.`);
    if (this.tools.has(tool.name)) throw new Error(`A tool named '${tool.name}' is already registered.`);
    this.tools.set(tool.name, tool);
    this.schemas.delete(tool.name);
    return () => {
      if (this.tools.get(tool.name) === tool) {
        this.tools.delete(tool.name);
        this.schemas.delete(tool.name);
      }
    };
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous inputs
  get(name: string): AgentTool<any> | undefined {
    return this.tools.get(name);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- heterogeneous inputs
  list(): AgentTool<any>[] {
    return [...this.tools.values()];
  }

  names(): string[] {
    return [...this.tools.keys()];
  }

  schema(name: string): Record<string, unknown> | undefined {
    const tool = this.tools.get(name);
    if (!tool) return undefined;
    let s = this.schemas.get(name);
    if (!s) {
      s = jsonSchemaOf(tool);
      this.schemas.set(name, s);
    }
    return s;
  }

  /** What the model is given. */
  specs(): ToolSpec[] {
    return this.list().map((t) => ({ name: t.name, description: t.description, inputSchema: this.schema(t.name)! }));
  }
}
