// What the spec pipeline and the task runner need from the agent: start a session with a
// brief and a guard over every tool call, and learn how its turn ended. The agent's own
// service implements it (agent-adapter.ts); the pipeline and the runner know nothing else.

import type { PolicyAction } from '../../shared/policy/actions';

/**
 * Decides one tool call before the policy sees it: null lets it through to the policy
 * (which may still ask the person or deny), a string refuses it and is what the model reads.
 * This is how "the model may only write the current phase's document" is enforced — in the
 * tool layer, whatever the prompt says.
 */
export type ToolGuard = (call: { tool: string; action: PolicyAction; sessionId: string }) => string | null | Promise<string | null>;

export interface SpecAgentRequest {
  /** The session's title in the chat's history. */
  title: string;
  kind: 'spec' | 'task';
  /** The spec's id (its folder), shown as the session's origin. */
  origin: string;
  taskId?: string;
  /** The message the model answers. */
  text: string;
  /** Added to the system prompt: the brief (what to write, what not to do, when to stop). */
  instructions: string;
  /** `#` items attached to the message (the chat shows them as chips): `{ kind: 'spec', arg: '<id>' }`. */
  context?: { kind: string; arg: string; label: string }[];
  /** Who acts, for the policy and the audit log. */
  actor: 'spec-generator' | 'spec-runner';
  /** Tool names the model is offered; others are not even shown to it. Default: all. */
  tools?: string[];
  guard: ToolGuard;
}

export interface SpecAgentOutcome {
  status: 'done' | 'stopped' | 'failed' | 'limit' | 'budget';
  message?: string;
  /** The model's final answer. */
  text: string;
}

export interface SpecAgentRun {
  sessionId: string;
  /** Resolves when the turn has ended, however it ended. Never rejects. */
  done: Promise<SpecAgentOutcome>;
  stop(): Promise<void>;
}

export interface SpecAgent {
  /** Why no session can be started (no agent in this build, no model configured), or null. */
  unavailable(): string | null;
  start(request: SpecAgentRequest): Promise<SpecAgentRun>;
}

/** Until the agent is wired in: every start is refused with this reason. */
export const NO_AGENT_REASON = 'The agent is not part of this build yet, so documents cannot be generated and tasks cannot be run here; write the documents yourself, and approve them on the board.';

export const noAgent: SpecAgent = {
  unavailable: () => NO_AGENT_REASON,
  start: () => Promise.reject(new Error(NO_AGENT_REASON)),
};
