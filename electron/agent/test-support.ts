import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import type { AgentEvent } from '../../shared/contract/agent';
import { startModelServers, type ModelServers, type ScriptInput } from '../../e2e/fixtures/model-servers';
import { makeTempTree, waitFor } from '../workspace/test-support';
import { Workspace } from '../workspace/workspace';
import { allowEverythingGateForTests, noSteering, type CheckpointInput, type Checkpointer, type CommandRunner, type GateAction, type GateMeta, type SteeringSource, type TerminalText, type ToolGate } from './ports';
import { isolateEnv } from './providers/test-support';
import { ProviderRegistry } from './providers/registry';
import { detectOllama } from './providers/ollama';
import { AgentService, type AgentRequest } from './service';
import type { RequestOutcome } from './loop/run-request';
import { ChildProcessRunner } from './tools/child-process-runner';
import { UsageLedger } from './usage/ledger';

/** A gate for tests that records what it was asked and answers from a rule (default: allow). */
export function recordingGateForTests(answer: (a: GateAction) => 'allow' | 'deny' | 'reject' = () => 'allow') {
  const asked: { action: GateAction; meta: GateMeta }[] = [];
  const results: { toolCallId: string; ok: boolean; summary?: string; exitCode?: number }[] = [];
  const gate: ToolGate = {
    async gate(action, meta) {
      asked.push({ action, meta });
      const a = answer(action);
      if (a === 'allow') return allowEverythingGateForTests.gate(action, meta);
      if (a === 'reject') return { allowed: false, decision: { verdict: 'ask', reasons: ['Supervised mode'] }, approval: { by: 'person', answer: 'reject' } };
      return { allowed: false, decision: { verdict: 'deny', reasons: ['a guardrail denies it'] } };
    },
    async recordResult(toolCallId, result) {
      results.push({ toolCallId, ...result });
    },
  };
  return { gate, asked, results };
}

/** Records the checkpoints the agent asks for (the real service is tested with it once wired). */
export function recordingCheckpointsForTests() {
  const made: (CheckpointInput & { id: string })[] = [];
  const checkpoints: Checkpointer = {
    async create(input) {
      const id = `cp${made.length + 1}`.padEnd(40, '0');
      made.push({ ...input, id });
      return { id, label: input.label };
    },
  };
  return { checkpoints, made };
}

export interface AgentHarness {
  root: string;
  dataDir: string;
  ws: Workspace;
  agent: AgentService;
  servers: ModelServers;
  ledger: UsageLedger;
  events: AgentEvent[];
  /** Sends and waits for the request to end. */
  ask(sessionId: string, text: string, extra?: Partial<AgentRequest>): Promise<RequestOutcome>;
  /** A new AgentService on the same folders (a host restart); `between` runs while none is up. */
  restart(between?: () => Promise<void>): Promise<AgentService>;
  close(): Promise<void>;
}

async function run(agent: AgentService, sessionId: string, req: AgentRequest): Promise<RequestOutcome> {
  const started = await agent.send(sessionId, req);
  return started.done;
}

export interface HarnessOptions {
  script: ScriptInput;
  files?: Record<string, string>;
  /** `agent` settings (user settings file). */
  agent?: Record<string, unknown>;
  /** A gate, or one made from the workspace (the real policy service: `(ws) => policyGate(getPolicy(ws))`). */
  gate?: ToolGate | ((ws: Workspace) => ToolGate);
  checkpoints?: Checkpointer | ((ws: Workspace) => Checkpointer);
  runner?: CommandRunner | ((ws: Workspace) => CommandRunner);
  steering?: SteeringSource | ((ws: Workspace) => SteeringSource);
  /** `#terminal`'s source (default: none). */
  terminal?: (ws: Workspace) => TerminalText;
  /** Where a local Ollama is looked for (default: nowhere). */
  ollamaUrl?: (servers: ModelServers) => string;
}

/**
 * A real workspace in a temp folder, the three fixture model servers (reached through the
 * standard environment variables), a real usage ledger and session store, and the agent.
 */
export async function startAgentHarness(o: HarnessOptions): Promise<AgentHarness> {
  const servers = await startModelServers({ script: o.script });
  isolateEnv(servers.env);
  const root = await makeTempTree(o.files ?? {}, 'sw-agent-ws-');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sw-agent-data-'));
  const settings = { agent: { retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 }, ...(o.agent ?? {}) } };
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify(settings));
  const ws = new Workspace(root, dataDir);
  const ledger = new UsageLedger(path.join(dataDir, 'usage'));
  const gate = typeof o.gate === 'function' ? o.gate(ws) : o.gate;
  const checkpoints = typeof o.checkpoints === 'function' ? o.checkpoints(ws) : o.checkpoints;
  const make = () =>
    new AgentService(ws, {
      providers: new ProviderRegistry(),
      ledger,
      gate: gate ?? allowEverythingGateForTests,
      checkpoints: checkpoints ?? recordingCheckpointsForTests().checkpoints,
      runner: (typeof o.runner === 'function' ? o.runner(ws) : o.runner) ?? new ChildProcessRunner(root, { graceMs: 500 }),
      steering: (typeof o.steering === 'function' ? o.steering(ws) : o.steering) ?? noSteering,
      terminal: o.terminal?.(ws) ?? null,
      detectOllama: async () => (o.ollamaUrl ? detectOllama({ url: o.ollamaUrl(servers) }) : null),
    });
  let agent = make();
  const events: AgentEvent[] = [];
  const harness: AgentHarness = {
    root,
    dataDir,
    ws,
    get agent() {
      return agent;
    },
    servers,
    ledger,
    events,
    ask: (sessionId, text, extra = {}) => run(agent, sessionId, { text, ...extra }),
    async restart(between) {
      await agent.dispose();
      await between?.();
      agent = make();
      return agent;
    },
    async close() {
      await agent.dispose();
      await ws.dispose();
      await servers.close();
      vi.unstubAllEnvs();
      await rm(root, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Follows a session's events into `into`. */
export async function follow(agent: AgentService, sessionId: string, into: AgentEvent[]): Promise<() => void> {
  const s = await agent.get(sessionId);
  return s.events.on((e) => into.push(e));
}

export { waitFor };
