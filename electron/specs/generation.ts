// The generation pipeline: the agent writes the current phase's document, and the program
// stops there. Requirements (or the bug analysis) from the description → stop until a person
// approves → design → stop → tasks → stop. The model's tools are held to that one file by a
// guard (guards.ts); the phase moves only when a person calls `specs.approve`. A quick spec
// is the exception the person asks for: all three in a row, each recorded as approved by
// that request.

import { PHASE_TITLES, type SpecDocKey } from '../../shared/contract/specs';
import type { GuardrailHit } from '../../shared/policy/guardrails';
import { RpcError } from '../../shared/rpc/errors';
import type { SpecAgent, SpecAgentOutcome, SpecAgentRun } from './agent-port';
import { docText, type SpecEntry } from './card';
import { generationGuard } from './guards';
import { docFile } from './phase';
import { docInstructions, docMessage } from './prompts';
import type { SpecStore } from './store';

export interface GuardrailCheck {
  /** The first deny rule a text (about to be written to `path`) violates, or null. */
  (text: string, path: string): Promise<GuardrailHit | null>;
}

const READ_AND_WRITE_TOOLS = ['read_file', 'list_directory', 'search', 'write_file', 'edit_file'];

export interface GenerationResult {
  doc: SpecDocKey;
  outcome: SpecAgentOutcome;
  /** The document exists after the turn. */
  written: boolean;
}

export class SpecGenerator {
  private running = new Map<string, SpecAgentRun>();

  constructor(
    private readonly store: SpecStore,
    private readonly agent: () => SpecAgent,
    private readonly checkText: GuardrailCheck,
  ) {}

  isRunning(id: string) {
    return this.running.has(id);
  }

  /**
   * Starts writing the current phase's document (a revision when it exists). Resolves once
   * the session has started; `finished` resolves when the turn (and, for a quick spec, the
   * whole chain) has ended.
   */
  async start(id: string, opts: { comments?: string; quick?: boolean } = {}): Promise<{ sessionId: string; finished: Promise<GenerationResult[]> }> {
    const reason = this.agent().unavailable();
    if (reason) throw new RpcError('UNSUPPORTED', reason);
    if (this.running.has(id)) throw new RpcError('CONFLICT', 'A document of this spec is being generated already; wait for it or stop it.');
    const e = await this.store.fresh(id);
    if (this.store.getActivity(id)?.kind === 'running') throw new RpcError('CONFLICT', 'Tasks of this spec are running; stop them before generating documents.');
    const quick = opts.quick ?? (e.sidecar.kind === 'ok' && e.sidecar.sidecar.quick === true);
    const first = await this.startOne(e, opts.comments ?? '', quick);
    const finished = (async () => {
      const results: GenerationResult[] = [];
      let current: { key: SpecDocKey; run: SpecAgentRun } | null = first;
      while (current) {
        const outcome = await current.run.done;
        this.running.delete(id);
        this.store.setActivity(id, null);
        const after = await this.store.fresh(id).catch(() => null);
        const written = !!after && docText(after, current.key)?.trim();
        results.push({ doc: current.key, outcome, written: !!written });
        if (outcome.status !== 'done' || !written) {
          if (outcome.status !== 'stopped') {
            const file = after ? docFile(current.key, after.folder.spec.type, after.folder.texts) : current.key;
            const why = outcome.status === 'done' ? `the model ended its turn without writing ${file}` : (outcome.message ?? `the agent ${outcome.status === 'failed' ? 'failed' : `stopped (${outcome.status})`}`);
            if (this.store.cached(id) && !(await this.hasGuardrailProblem(id))) this.store.setProblem(id, { kind: 'generation', message: `Generating ${file}: ${why}.`, rule: null, at: Date.now() });
          }
          break;
        }
        if (!quick || !after) break;
        // A quick spec: the person asked for no gates. Record this document as approved by that request, then write the next.
        await this.store.recordQuickApproval(id, current.key);
        const next = await this.store.fresh(id);
        const phase = next.derived.phase;
        if (phase === 'implementation' || phase === 'done') break;
        current = await this.startOne(next, '', true).catch((err: Error) => {
          this.store.setProblem(id, { kind: 'generation', message: err.message, rule: null, at: Date.now() });
          return null;
        });
      }
      return results;
    })();
    return { sessionId: first.run.sessionId, finished };
  }

  private async hasGuardrailProblem(id: string) {
    return (await this.store.cards()).find((c) => c.id === id)?.problem?.kind === 'guardrail';
  }

  private async startOne(e: SpecEntry, comments: string, quick: boolean): Promise<{ key: SpecDocKey; run: SpecAgentRun }> {
    const id = e.folder.rel;
    const phase = e.derived.phase;
    if (phase === 'implementation' || phase === 'done') throw new RpcError('BAD_REQUEST', `${e.folder.name}'s documents are approved; reopen a phase to revise one.`);
    const key: SpecDocKey = phase;
    const type = e.folder.spec.type;
    const file = docFile(key, type, e.folder.texts);
    const target = `${id}/${file}`;
    const order = e.derived.order;
    const inputs = order
      .slice(0, order.indexOf(key))
      .map((k) => ({ k, text: docText(e, k) }))
      .filter((x): x is { k: SpecDocKey; text: string } => !!x.text?.trim())
      .map(({ k, text }) => {
        const f = docFile(k, type, e.folder.texts);
        return { file: f, path: `${id}/${f}`, text };
      });
    const current = docText(e, key);
    const brief = {
      specName: e.folder.name,
      type,
      key,
      target,
      inputs,
      description: e.sidecar.kind === 'ok' ? (e.sidecar.sidecar.description ?? null) : null,
      current: current?.trim() ? current : null,
      comments,
      quick,
    };
    this.store.setProblem(id, null);
    const guard = generationGuard({
      target,
      phaseTitle: PHASE_TITLES[key],
      checkText: this.checkText,
      onViolation: (hit) => this.store.setProblem(id, { kind: 'guardrail', message: `${file} was not saved: ${hit.reason}`, rule: hit.rule, at: Date.now() }),
    });
    const run = await this.agent().start({
      title: `${e.folder.name}: ${brief.current ? 'revise' : 'write'} ${file}`,
      kind: 'spec',
      origin: id,
      text: docMessage(brief),
      instructions: docInstructions(brief),
      actor: 'spec-generator',
      tools: READ_AND_WRITE_TOOLS,
      guard,
    });
    this.running.set(id, run);
    this.store.setActivity(id, { kind: 'generating', doc: key, tasks: [], since: Date.now(), sessionId: run.sessionId });
    return { key, run };
  }

  async stop(id: string): Promise<boolean> {
    const run = this.running.get(id);
    if (!run) return false;
    await run.stop();
    return true;
  }
}
