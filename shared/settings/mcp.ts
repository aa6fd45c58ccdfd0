import { z } from 'zod';

/**
 * MCP servers (`.kiro/settings/mcp.json`): timeouts, restart limits, log size, result size
 * and the many-tools warning. The servers themselves are configured in mcp.json, and which
 * `${VAR}`s may be expanded is remembered in the app data folder — never in these
 * settings, which a workspace could override.
 */
export const McpSettings = z
  .object({
    /** Default per-call timeout; a server's `timeout` in mcp.json wins. Progress from the server restarts it. */
    callTimeoutSeconds: z.number().positive().max(86_400).default(60),
    /** A call that keeps reporting progress still ends after this many times its timeout. */
    maxCallTimeoutFactor: z.number().min(1).max(1000).default(10),
    /** Time a server gets to start and answer `initialize`. */
    startTimeoutSeconds: z.number().positive().max(3600).default(30),
    /** Restarts after crashes in a row before the server is left failed. */
    maxRestarts: z.number().int().min(0).max(100).default(3),
    /** Delay before the first restart; doubled for each further one. */
    restartDelayMs: z.number().int().min(0).max(600_000).default(1000),
    /** A server that stays ready this long has its crash count reset. */
    stableAfterMs: z.number().int().min(0).default(60_000),
    /** Characters of stderr kept per server (the oldest output is dropped first). */
    logMaxChars: z.number().int().min(1024).max(64 * 1024 * 1024).default(256 * 1024),
    /** A tool result longer than this is cut, with a note saying so. */
    resultMaxChars: z.number().int().min(1000).max(10_000_000).default(50_000),
    /** Above this many enabled tools the MCP panel warns once what they cost in context. */
    manyToolsWarning: z.number().int().min(1).default(50),
  })
  .prefault({});
export type McpSettings = z.infer<typeof McpSettings>;
