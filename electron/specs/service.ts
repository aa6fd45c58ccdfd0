// The specs feature of one workspace: the store (files → cards), the generation pipeline
// and the task runner, wired to the policy (guardrails, the verification command's approval)
// and to the agent. Other features reach it here:
//
//   const specs = specsFor(ws, host);
//   specs.runner.taskStarted.on((e) => …);      // postTaskExecution's counterpart: a task began
//   specs.runner.taskEnded.on((e) => …);        // postTaskExecution: e.status, e.message
//   specs.runner.onBeforeTask(async (e) => …);  // preTaskExecution: return { block: reason } to stop it

import { randomUUID } from 'node:crypto';
import type { SpecCard, SpecPhase } from '../../shared/contract/specs';
import type { GuardrailHit } from '../../shared/policy/guardrails';
import { RpcError } from '../../shared/rpc/errors';
import { getPolicy } from '../policy/policy-service';
import type { Workspace, WorkspaceService } from '../workspace/workspace';
import type { HostContext } from '../host/host-context';
import { specAgentFor, wiredAgent } from './agent-adapter';
import { noAgent, type SpecAgent } from './agent-port';
import { docText } from './card';
import { SpecGenerator } from './generation';
import { docFile } from './phase';
import { runsFileOf, SpecRunner } from './runner';
import { getSpecStore, type SpecStore } from './store';
import { runVerification } from './verify';

export class SpecsFeature implements WorkspaceService {
  readonly store: SpecStore;
  readonly generator: SpecGenerator;
  readonly runner: SpecRunner;

  readonly agent: () => SpecAgent;

  /** `host` gives the agent its credentials; without it (tests of the store alone) nothing can be generated or run. */
  constructor(ws: Workspace, host: Pick<HostContext, 'secrets'> | null, agent?: SpecAgent) {
    this.store = getSpecStore(ws);
    const port = agent ?? (host ? specAgentFor(ws, host, this.store) : noAgent);
    this.agent = () => port;
    // The `#spec` provider and the approvals guard belong in every session, not only the spec pipeline's.
    if (host) wiredAgent(ws, host, this.store);
    const policy = () => getPolicy(ws);
    const denyHit = (this.denyHit = async (text: string, files: string[]) => {
      const { hits } = await policy().checkGuardrails({ text, files });
      return hits.find((h) => h.effect === 'deny') ?? null;
    });
    this.generator = new SpecGenerator(this.store, this.agent, (text, path) => denyHit(text, [path]));
    this.runner = new SpecRunner({
      store: this.store,
      files: ws,
      root: ws.root,
      agent: this.agent,
      guardrails: denyHit,
      settings: () => ws.settings.settings.specs,
      runsFile: runsFileOf(ws.dataDir),
      // The verification command goes through the policy like any other: a command named in
      // a (model-written) tasks.md runs only if a trust rule or a person allows it.
      async verify(command, meta) {
        const toolCallId = `verify-${meta.runId}-${meta.task.index}-${randomUUID().slice(0, 8)}`;
        const gateMeta = { sessionId: meta.sessionId ?? meta.runId, toolCallId, actor: 'spec-runner', signal: meta.signal };
        let verdict;
        try {
          verdict = await policy().gate({ kind: 'command', command, cwd: '' }, gateMeta);
        } catch (e) {
          return { exitCode: null, output: '', timedOut: false, stopped: meta.signal.aborted, refused: `the policy check failed (${(e as Error).message})` };
        }
        if (!verdict.allowed) {
          const by = verdict.approval?.by === 'person' ? 'a person rejected it' : `the policy denied it (${verdict.decision.reasons.join('; ')})`;
          return { exitCode: null, output: '', timedOut: false, stopped: false, refused: by };
        }
        const timeoutMs = ws.settings.settings.specs.verifyTimeoutSeconds * 1000;
        const r = await runVerification(command, { cwd: ws.root, timeoutMs, signal: meta.signal });
        await policy()
          .recordResult(toolCallId, { ok: r.exitCode === 0, ...(r.exitCode !== null ? { exitCode: r.exitCode } : {}), summary: `verification of task ${meta.task.id ?? meta.task.title}` }, { sessionId: gateMeta.sessionId, actor: 'spec-runner' })
          .catch(() => {});
        return r;
      },
    });
  }

  /** The first guardrail deny rule a text (written to `files`) violates, or null. */
  readonly denyHit: (text: string, files: string[]) => Promise<GuardrailHit | null>;

  agentState(): { available: boolean; reason: string | null } {
    const reason = this.agent().unavailable();
    return { available: reason === null, reason };
  }

  /**
   * A person approves the spec's current phase (the board's drag forward, or Approve phase).
   * The document must pass the guardrails' deny rules, however it was written. With
   * `generateNext`, the next document's generation starts (when there is an agent).
   */
  async approve(spec: string, phase: SpecPhase, generateNext: boolean): Promise<{ card: SpecCard; generation: Promise<unknown> | null }> {
    if (this.generator.isRunning(spec)) throw new RpcError('CONFLICT', 'A document of this spec is still being generated; wait for it, or stop it, before approving.');
    const e = await this.store.fresh(spec);
    if (phase === e.derived.phase && phase !== 'implementation' && phase !== 'done') {
      const text = docText(e, phase);
      const file = docFile(phase, e.folder.spec.type, e.folder.texts);
      const hit = text ? await this.denyHit(text, [`${spec}/${file}`]) : null;
      if (hit) {
        this.store.setProblem(spec, { kind: 'guardrail', message: `${file} cannot be approved: ${hit.reason}`, rule: hit.rule, at: Date.now() });
        throw new RpcError('PERMISSION_DENIED', `${file} cannot be approved: ${hit.reason} (${hit.rule})`, { rule: hit.rule });
      }
    }
    const { next } = await this.store.approve(spec, phase);
    this.store.setProblem(spec, null);
    let generation: Promise<unknown> | null = null;
    if (generateNext && next && this.agentState().available) generation = (await this.generator.start(spec)).finished;
    return { card: await this.store.card(spec), generation };
  }

  async dispose() {
    await this.runner.dispose();
  }
}

export function specsFor(ws: Workspace, host: Pick<HostContext, 'secrets'>): SpecsFeature {
  return ws.service('specs-feature', (w) => new SpecsFeature(w, host));
}
