import type { z } from 'zod';
import type { FileChange, ToolCategory, ToolMedia, ToolProgress } from '../../../shared/agent/session';
import type { AgentSettings } from '../../../shared/settings/agent';
import type { Workspace } from '../../workspace/workspace';
import type { CommandRunner, GateAction } from '../ports';
import type { SearchEngine } from './search-engine';

/** The parts of a workspace the tools use. */
export type ToolWorkspace = Pick<Workspace, 'root' | 'files' | 'ignore' | 'listFiles'>;

export interface ToolContext {
  ws: ToolWorkspace;
  sessionId: string;
  toolCallId: string;
  /** The turn's Stop. */
  signal: AbortSignal;
  limits: AgentSettings['loop'];
  runner: CommandRunner;
  search: SearchEngine;
  /** Reports progress while the call runs (shown on its card); MCP tools forward their server's notifications. */
  progress?(p: ToolProgress): void;
}

/** What a tool gives back: the text the model reads, and facts for the chat's card. */
export interface ToolOutcome {
  content: string;
  isError?: boolean;
  /** One line for the card: "Exit code 1", "12 matches", "+4 −1". */
  summary?: string;
  exitCode?: number | null;
  file?: FileChange;
  /** Images for the card (the model reads `content`). */
  media?: ToolMedia[];
}

/**
 * A call ready to go: the action the policy is asked about, whether it changes the
 * workspace (then a checkpoint is taken first), and the work itself. Computing the action
 * first lets the person approve the exact change (the diff of an edit, the command line).
 */
export interface PreparedCall {
  action: GateAction;
  mutates: boolean;
  /** The checkpoint's label: "Before edit_file src/app.ts". */
  label: string;
  execute(): Promise<ToolOutcome>;
}

/** A problem with the call itself (no such file, no match): returned to the model, nothing is asked or done. */
export class ToolInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}

/**
 * A tool the model can call. Names are stable (hooks' `toolTypes`/`matcher`, guardrails
 * and the audit log refer to them); MCP tools are registered as `mcp__<server>__<tool>`
 * with category `mcp`.
 */
export interface AgentTool<I = unknown> {
  name: string;
  category: ToolCategory;
  description: string;
  /** Validates the model's input (a schema mismatch goes back to the model as a tool error). */
  input: z.ZodType<I>;
  /** The JSON schema the model is given; by default derived from `input`. */
  jsonSchema?: Record<string, unknown>;
  /** Checks the input against the workspace and says what the call would do; throws ToolInputError for the model to read. */
  prepare(input: I, ctx: ToolContext): Promise<PreparedCall>;
}
