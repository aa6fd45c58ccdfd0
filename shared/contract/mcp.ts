import { z } from 'zod';
import { method, stream } from '../rpc/define';
import { Empty } from './common';

/**
 * MCP servers from `.kiro/settings/mcp.json` (workspace) and `~/.kiro/settings/mcp.json`
 * (user): their status, tools, logs, the `${VAR}` questions and the switches that write
 * back to the right file.
 */

export const McpScope = z.enum(['workspace', 'user']);
export type McpScope = z.infer<typeof McpScope>;

/** starting → ready, or failed (with the reason); stopped when disabled or closed. */
export const McpServerState = z.enum(['starting', 'ready', 'failed', 'stopped']);
export type McpServerState = z.infer<typeof McpServerState>;

export const McpToolInfo = z.object({
  /** The server's own name for it. */
  name: z.string(),
  /** What the model calls it: `mcp__<server>__<tool>`. */
  qualifiedName: z.string(),
  description: z.string(),
  /** Listed in `disabledTools`: not offered to the model. */
  hidden: z.boolean(),
  /** Listed in `autoApprove` (or `*`): runs without asking (guardrails still apply). */
  autoApproved: z.boolean(),
  /** The server says it only reads (`readOnlyHint`): no checkpoint is taken before it. */
  readOnly: z.boolean(),
  /** Approximate tokens its name, description and input schema cost in every request. */
  tokens: z.number().int().nonnegative(),
});
export type McpToolInfo = z.infer<typeof McpToolInfo>;

export const McpCallInfo = z.object({
  id: z.string(),
  tool: z.string(),
  startedAt: z.number(),
  progress: z.object({ progress: z.number(), total: z.number().optional(), message: z.string().optional() }).optional(),
});
export type McpCallInfo = z.infer<typeof McpCallInfo>;

export const McpServerInfo = z.object({
  name: z.string(),
  /** The file whose definition is in effect. */
  scope: McpScope,
  file: z.string(),
  /** Set when this workspace definition replaces one of the same name in the user file. */
  overrides: McpScope.nullable(),
  transport: z.enum(['stdio', 'http']),
  /** How it is connected right now: stdio, Streamable HTTP, or the older HTTP+SSE. */
  connectedVia: z.enum(['stdio', 'streamable-http', 'sse']).nullable(),
  /** The command line (stdio) or URL (http), as written (variables unexpanded). */
  target: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  /** Which file(s) turn it off. */
  disabledBy: z.array(McpScope),
  state: McpServerState,
  /** Why it failed, or what it is doing (restarting after a crash…). */
  reason: z.string().nullable(),
  /** When the state last changed (ms since the epoch). */
  since: z.number(),
  /** Restarts after crashes in a row. */
  restarts: z.number().int(),
  serverInfo: z.object({ name: z.string(), version: z.string() }).nullable(),
  pid: z.number().int().nullable(),
  tools: z.array(McpToolInfo),
  prompts: z.array(z.object({ name: z.string(), description: z.string().nullable() })),
  resources: z.array(z.object({ uri: z.string(), name: z.string(), mimeType: z.string().nullable() })),
  /** Things the person should know: variables left unexpanded, config warnings. */
  warnings: z.array(z.string()),
  /** Effective per-call timeout. */
  timeoutSeconds: z.number(),
  /** Characters of stderr kept. */
  logChars: z.number().int(),
  calls: z.array(McpCallInfo),
});
export type McpServerInfo = z.infer<typeof McpServerInfo>;

export const McpDiagnostic = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
  line: z.number().int(),
  column: z.number().int(),
});

export const McpConfigFile = z.object({
  scope: McpScope,
  /** Absolute path. */
  path: z.string(),
  /** `.kiro/settings/mcp.json` or `~/.kiro/settings/mcp.json`. */
  display: z.string(),
  /** The workspace-relative path when the file is inside the workspace (the editor can open it). */
  workspacePath: z.string().nullable(),
  exists: z.boolean(),
  /** Last modified (ms since the epoch): changes whenever the file does. */
  mtimeMs: z.number(),
  diagnostics: z.array(McpDiagnostic),
  /** The file cannot be read as mcp.json: the servers of its last valid version stay in effect. */
  stale: z.boolean(),
});
export type McpConfigFile = z.infer<typeof McpConfigFile>;

/** A `${VAR}` in a server's env, headers, args or URL: expanded only once the person approves it for that server. */
export const McpVariable = z.object({
  /** Identifies the variable, the server and where the value goes (command or URL). */
  key: z.string(),
  variable: z.string(),
  server: z.string(),
  /** The command line or URL the value would be handed to. */
  target: z.string(),
  /** Key paths where it occurs: `env.API_KEY`, `headers.Authorization`. */
  where: z.array(z.string()),
  answer: z.enum(['pending', 'approved', 'denied']),
  /** Whether Specwright's own environment defines it. */
  defined: z.boolean(),
});
export type McpVariable = z.infer<typeof McpVariable>;

export const McpState = z.object({
  /** False until both files have been read once. */
  loaded: z.boolean(),
  servers: z.array(McpServerInfo),
  files: z.array(McpConfigFile),
  variables: z.array(McpVariable),
  /** Tools offered to the model right now and what their schemas cost per request. */
  totals: z.object({ tools: z.number().int(), tokens: z.number().int() }),
  /** Shown once when more than `mcp.manyToolsWarning` tools are enabled, until dismissed. */
  toolWarning: z.object({ tools: z.number().int(), tokens: z.number().int(), threshold: z.number().int() }).nullable(),
});
export type McpState = z.infer<typeof McpState>;

const ServerName = z.string().min(1).max(200);

export const mcpContract = {
  'mcp.state': method(Empty, McpState),
  /** The state now and after every change. */
  'mcp.changes': stream(Empty, McpState),
  /** Turns a server on or off by writing `disabled` into the file(s) that decide it. */
  'mcp.setEnabled': method(z.object({ server: ServerName, enabled: z.boolean() }), z.object({ files: z.array(z.string()) })),
  /** Stops and starts a server again (and forgets its crash count). */
  'mcp.restart': method(z.object({ server: ServerName }), Empty),
  /** A server's stderr log: everything kept so far, then what is appended. */
  'mcp.log': stream(z.object({ server: ServerName }), z.object({ text: z.string(), reset: z.boolean(), dropped: z.number().int() })),
  /** The person's answer to a `${VAR}` question, remembered for the variable, the server and its target. */
  'mcp.answerVariable': method(z.object({ key: z.string().min(1).max(2000), approve: z.boolean() }), Empty),
  'mcp.dismissToolWarning': method(Empty, Empty),
  /** A config file's text (the user file lives outside the workspace, so the editor cannot open it). */
  'mcp.readConfig': method(z.object({ scope: McpScope }), z.object({ path: z.string(), display: z.string(), exists: z.boolean(), text: z.string() })),
};
