import type { PolicyAction } from '../../shared/policy/actions';

/**
 * What the agent's loop needs from the rest of the host, as small interfaces. The product
 * wires the real services (electron/agent/wiring.ts): the policy gate (issue 4), the
 * checkpoint service (issue 3), the terminal's command runner (issue 8) and the steering
 * loader. The few stand-ins here exist for unit tests and are named for what they are.
 */

/** What a tool call asks permission for: the policy's own action type. */
export type GateAction = PolicyAction;

export interface GateMeta {
  sessionId: string;
  toolCallId: string;
  /** `agent`, `hook:<name>`, `spec-runner`. */
  actor: string;
  /** The turn's Stop: cancels a pending approval (the gate then rejects). */
  signal?: AbortSignal;
}

export interface GateVerdict {
  allowed: boolean;
  decision: { verdict: 'allow' | 'ask' | 'deny'; reasons: string[]; rule?: string };
  approval?: { by: string; answer?: string };
}

export interface ToolGate {
  /** Decides, asks the person when the policy says so (resolves on their answer), and audits. */
  gate(action: GateAction, meta: GateMeta): Promise<GateVerdict>;
  /** Completes the audit trail of a call. */
  recordResult(toolCallId: string, result: { ok: boolean; summary?: string; exitCode?: number; error?: string }, meta: { sessionId?: string; actor?: string }): Promise<void>;
  /** Tool-call ids waiting for a person right now, as they change (the chat marks those cards "pending approval"). */
  onPending?(listener: (ids: string[]) => void): () => void;
}

export interface CheckpointRef {
  id: string;
  label: string;
}

export interface CheckpointInput {
  reason: 'tool-call' | 'turn' | 'task';
  label: string;
  sessionId: string;
  turn?: number;
  toolCallId?: string;
  taskId?: string;
}

/** A checkpoint as the restore hook reports it. */
export interface RestoredCheckpoint {
  id: string;
  sessionId: string;
  label: string;
  turn?: number;
  toolCallId?: string;
}

export interface Checkpointer {
  create(input: CheckpointInput): Promise<CheckpointRef>;
  /** Registers the conversation restore ("conversation" and "both" modes). */
  onConversationRestore?(restorer: (checkpoint: RestoredCheckpoint) => Promise<void>): () => void;
  /** Keeps editor-save checkpoints out of the way while the agent checkpoints for itself. */
  pauseAutoCheckpoints?(): () => void;
}

export interface CommandRequest {
  command: string;
  /** Relative to the workspace root. */
  cwd?: string;
  timeoutMs: number;
  signal: AbortSignal;
  /** The agent's session: background terminals end with it. */
  sessionId?: string;
}

/** The shape of the terminal feature's `RunCommandResult`. */
export interface CommandResult {
  exitCode: number | null;
  signal: string | null;
  output: string;
  truncated: boolean;
  timedOut: boolean;
  interrupted: boolean;
  backgrounded: boolean;
  durationMs: number;
  summary: string;
  terminalName?: string;
}

export interface CommandRunner {
  readonly kind: 'terminal' | 'child-process';
  run(request: CommandRequest): Promise<CommandResult>;
}

export interface SteeringPick {
  /** "Steering: tech.md (always), api.md (matched src/api/x.ts)". */
  summary: string;
  included: { name: string; file: string; why: string; content: string }[];
}

export interface SteeringSource {
  resolve(request: { files: string[]; text: string }): Promise<SteeringPick>;
}

export interface TerminalText {
  /** The last lines of the active terminal, escape sequences removed; null when there is none. */
  recent(lines: number): Promise<{ name: string; text: string } | null>;
}

// ── stand-ins ─────────────────────────────────────────────────────────────────────────

/**
 * FOR UNIT TESTS ONLY: a gate that asks nobody and records nothing — every action is
 * allowed. The product always wires the policy service's gate.
 */
export const allowEverythingGateForTests: ToolGate = {
  async gate() {
    return { allowed: true, decision: { verdict: 'allow', reasons: ['unit test: no policy'] }, approval: { by: 'test' } };
  },
  async recordResult() {},
};

/** FOR UNIT TESTS ONLY: takes no checkpoints (returns made-up ids). */
export const noCheckpointsForTests: Checkpointer = {
  async create(input) {
    return { id: `test-${input.reason}-${input.toolCallId ?? input.turn ?? ''}`, label: input.label };
  },
};

/** No steering files (a workspace without `.kiro/steering`, or before the loader is wired). */
export const noSteering: SteeringSource = {
  async resolve() {
    return { summary: 'Steering: none', included: [] };
  },
};
