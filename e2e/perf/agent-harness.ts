import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startModelServers, type ScriptInput } from '../fixtures/model-servers';
import { getPolicy } from '../../electron/policy/policy-service';
import { policyGate } from '../../electron/agent/policy-gate';
import { noCheckpointsForTests, noSteering, type Checkpointer, type CommandRunner } from '../../electron/agent/ports';
import { ProviderRegistry } from '../../electron/agent/providers/registry';
import { AgentService } from '../../electron/agent/service';
import { ChildProcessRunner } from '../../electron/agent/tools/child-process-runner';
import { BUILTIN_TOOLS, ToolRegistry } from '../../electron/agent/tools/registry';
import { UsageLedger } from '../../electron/agent/usage/ledger';
import { Workspace } from '../../electron/workspace/workspace';

/**
 * The agent as the product wires it (real policy gate with its audit log, real files, the
 * fixture model through the real SDK), in Autopilot with `true` trusted so that no call
 * waits for a person, and with timers around the checkpoint and the command.
 */
export async function startAgentHarnessForBench(o: { script: ScriptInput; files: Record<string, string>; checkpoints?: (ws: Workspace) => Checkpointer; runner?: (ws: Workspace) => CommandRunner }) {
  const servers = await startModelServers({ script: o.script });
  const savedEnv = { ...process.env };
  Object.assign(process.env, servers.env);
  delete process.env.AWS_PROFILE;
  const root = await mkdtemp(path.join(os.tmpdir(), 'sw-bench-agent-ws-'));
  for (const [rel, text] of Object.entries({ ...o.files, '.kiro/settings/specwright.json': '{ "policy": { "trustedCommands": ["true"] } }' })) {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sw-bench-agent-data-'));
  await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ agent: { loop: { maxTurns: 500, maxTokensPerRequest: 1_000_000_000 } } }));
  const ws = new Workspace(root, dataDir);
  await ws.state.update({ autopilot: true });
  const commandDurations: number[] = [];
  const checkpointDurations: number[] = [];
  /** Checkpoint time per tool call id. */
  const checkpointByCall = new Map<string, number>();
  const baseRunner = o.runner?.(ws) ?? new ChildProcessRunner(root);
  const runner: CommandRunner = {
    kind: baseRunner.kind,
    async run(req) {
      const t = performance.now();
      const r = await baseRunner.run(req);
      commandDurations.push(performance.now() - t);
      return r;
    },
  };
  const baseCheckpoints = o.checkpoints?.(ws) ?? noCheckpointsForTests;
  const timedCheckpoints: Checkpointer = {
    ...baseCheckpoints,
    async create(input) {
      const t = performance.now();
      const r = await baseCheckpoints.create(input);
      const ms = performance.now() - t;
      if (input.reason === 'tool-call' && o.checkpoints) {
        checkpointDurations.push(ms);
        if (input.toolCallId) checkpointByCall.set(input.toolCallId, ms);
      }
      return r;
    },
  };
  // Each tool's own work (its execute(): the file write, the search, the command) is timed
  // apart, so the overhead figure is what the host adds around it.
  const executeDurations = new Map<string, number>();
  const tools = new ToolRegistry(
    BUILTIN_TOOLS.map((t) => ({
      ...t,
      async prepare(input: unknown, ctx: Parameters<typeof t.prepare>[1]) {
        const p = await t.prepare(input, ctx);
        return {
          ...p,
          async execute() {
            const t0 = performance.now();
            try {
              return await p.execute();
            } finally {
              executeDurations.set(ctx.toolCallId, performance.now() - t0);
            }
          },
        };
      },
    })),
  );
  const agent = new AgentService(ws, {
    tools,
    providers: new ProviderRegistry(),
    ledger: new UsageLedger(path.join(dataDir, 'usage')),
    gate: policyGate(getPolicy(ws)),
    checkpoints: timedCheckpoints,
    runner,
    steering: noSteering,
    terminal: null,
    detectOllama: async () => null,
  });
  return {
    root,
    agent,
    commandDurations,
    checkpointDurations,
    executeDurations,
    checkpointByCall,
    async ask(sessionId: string, text: string) {
      return (await agent.send(sessionId, { text })).done;
    },
    async close() {
      await agent.dispose();
      await ws.dispose();
      await servers.close();
      process.env = savedEnv;
      await rm(root, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
