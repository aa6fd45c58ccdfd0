import type { Checkpointer, CommandResult, CommandRunner, RestoredCheckpoint, TerminalText } from './ports';

/**
 * The checkpoint service (issue 3) and the terminal service (issue 8) as the loop's ports.
 * Typed by the shapes the loop uses, so each side can change the rest freely.
 */

interface CheckpointServiceLike {
  create(input: { reason: 'tool-call' | 'turn' | 'task'; label: string; sessionId?: string; turn?: number; toolCallId?: string; taskId?: string }): Promise<{ id: string; label: string }>;
  onConversationRestore(restorer: (checkpoint: RestoredCheckpoint) => Promise<void>): () => void;
  pauseAutoCheckpoints(): () => void;
}

export function serviceCheckpointer(service: CheckpointServiceLike): Checkpointer {
  return {
    async create(input) {
      const cp = await service.create(input);
      return { id: cp.id, label: cp.label };
    },
    onConversationRestore: (restorer) => service.onConversationRestore((cp) => restorer({ id: cp.id, sessionId: cp.sessionId, label: cp.label, ...(cp.turn !== undefined ? { turn: cp.turn } : {}), ...(cp.toolCallId !== undefined ? { toolCallId: cp.toolCallId } : {}) })),
    pauseAutoCheckpoints: () => service.pauseAutoCheckpoints(),
  };
}

interface TerminalServiceLike {
  runCommand(options: { command: string; cwd?: string; timeoutMs?: number; signal?: AbortSignal }): Promise<CommandResult>;
  context(options: { lines?: number }): Promise<{ name: string; text: string } | null>;
}

/** Commands in the visible Agent terminal (background terminals for commands that do not end by themselves). */
export function terminalRunner(service: TerminalServiceLike): CommandRunner {
  return {
    kind: 'terminal',
    run: (req) => service.runCommand({ command: req.command, ...(req.cwd ? { cwd: req.cwd } : {}), timeoutMs: req.timeoutMs, signal: req.signal }),
  };
}

/** `#terminal`: the last lines of the active terminal, escape sequences removed. */
export function terminalText(service: TerminalServiceLike): TerminalText {
  return { recent: async (lines) => service.context({ lines }) };
}
