import { z } from 'zod';
import { method, stream } from '../rpc/define';
import { Empty, RelPath } from './common';

/** `user`: a shell the person opened; `agent`: the agent's commands, one after another; `background`: one long-running agent command. */
export const TerminalKind = z.enum(['user', 'agent', 'background']);
export type TerminalKind = z.infer<typeof TerminalKind>;

export const TerminalId = z.string().min(1).max(64);

export const TerminalInfo = z.object({
  id: z.string(),
  name: z.string(),
  kind: TerminalKind,
  /** Absolute folder the terminal started in. */
  cwd: z.string(),
  /** The program that runs (the shell, or the shell running an agent command). */
  shell: z.string(),
  pid: z.number().nullable(),
  cols: z.number(),
  rows: z.number(),
  /** Kept when the window or socket that opened it goes away. */
  persistent: z.boolean(),
  status: z.enum(['running', 'exited']),
  exitCode: z.number().nullable(),
  /** Name of the signal that ended it (e.g. 'SIGKILL'), if any. */
  signal: z.string().nullable(),
  /** The agent command running in it now. */
  command: z.string().nullable(),
  /** Something the person should read, e.g. why the configured shell was replaced by /bin/sh. */
  notice: z.string().nullable(),
});
export type TerminalInfo = z.infer<typeof TerminalInfo>;

export const TerminalSessions = z.object({
  terminals: z.array(TerminalInfo),
  /** The terminal the person last looked at, used by `#terminal`. */
  activeId: z.string().nullable(),
  /** Lines of scrollback each view keeps (setting `terminal.scrollback`). */
  scrollback: z.number(),
  /** A terminal that just started an agent command, for the window to show. */
  reveal: z.string().nullable(),
});
export type TerminalSessions = z.infer<typeof TerminalSessions>;

/**
 * Output of one terminal. The first event is a `replay` of recent output (all of it kept,
 * or what came after `since`); `data` follows as the program writes. Offsets count UTF-16
 * code units since the terminal started, so a view that reconnects asks for exactly what it
 * missed. A view acknowledges what it has processed with `terminal.ack`; until it does, the
 * host stops reading from the program (back-pressure) instead of buffering.
 */
export const TerminalOutput = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('replay'),
    /** Identifies this subscription in `terminal.ack`. */
    stream: z.number(),
    data: z.string(),
    /** Offset just after `data`. */
    offset: z.number(),
    /** Clear the view first: this replaces what it shows. */
    reset: z.boolean(),
    /** Characters between `since` and the oldest kept output that are gone. */
    skipped: z.number(),
  }),
  z.object({ type: z.literal('data'), data: z.string(), offset: z.number() }),
  z.object({ type: z.literal('exit'), exitCode: z.number().nullable(), signal: z.string().nullable() }),
]);
export type TerminalOutput = z.infer<typeof TerminalOutput>;

export const TerminalContext = z.object({
  id: z.string(),
  name: z.string(),
  /** The last lines, as plain text (escape sequences interpreted and removed). */
  text: z.string(),
  lines: z.number(),
});
export type TerminalContext = z.infer<typeof TerminalContext>;

const Cols = z.number().int().min(2).max(1000);
const Rows = z.number().int().min(1).max(500);

export const terminalContract = {
  'terminal.create': method(
    z.object({
      /** Folder inside the workspace; the workspace root when absent. */
      cwd: RelPath.optional(),
      name: z.string().max(100).optional(),
      cols: Cols.optional(),
      rows: Rows.optional(),
      persistent: z.boolean().optional(),
    }),
    TerminalInfo,
  ),
  'terminal.list': method(Empty, z.object({ terminals: z.array(TerminalInfo) })),
  /** What the person types or pastes; large pastes are sent in pieces. */
  'terminal.write': method(z.object({ id: TerminalId, data: z.string().max(1_000_000) }), Empty),
  'terminal.resize': method(z.object({ id: TerminalId, cols: Cols, rows: Rows }), Empty),
  /** Ends the terminal's processes and forgets it. */
  'terminal.kill': method(z.object({ id: TerminalId }), Empty),
  'terminal.rename': method(z.object({ id: TerminalId, name: z.string().trim().min(1).max(100) }), TerminalInfo),
  'terminal.setActive': method(z.object({ id: TerminalId.nullable() }), Empty),
  /** Characters of `stream` the view has processed. */
  'terminal.ack': method(z.object({ id: TerminalId, stream: z.number().int(), chars: z.number().int().min(0) }), Empty),
  /** The last lines of a terminal (the active one by default) as plain text: `#terminal`. */
  'terminal.context': method(z.object({ id: TerminalId.optional(), lines: z.number().int().min(1).max(5000).default(50) }), TerminalContext.nullable()),
  /** A `path[:line[:col]]` printed in a terminal, as a workspace file that exists, or null. */
  'terminal.resolvePath': method(z.object({ id: TerminalId, path: z.string().min(1).max(4096) }), z.object({ path: z.string().nullable() })),
  'terminal.sessions': stream(Empty, TerminalSessions),
  'terminal.output': stream(z.object({ id: TerminalId, since: z.number().int().min(0).optional() }), TerminalOutput),
};
