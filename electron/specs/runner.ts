// The task runner. Its state lives in tasks.md — the checkboxes — so it survives restarts
// and teammates see it: `[~]` queued, `[-]` in progress, `[x]` done. The runner writes them,
// never the model: `[-]` when a task starts, `[x]` only when the agent's turn ended
// successfully AND the task's verification passed. A failure leaves `[-]` with the failure
// recorded beside it (the workspace's data folder: it is this machine's run, not the
// repository's). A crash never leaves `[~]` behind: queued tasks are released when the
// runner starts.

import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { TaskRunInfo, type SpecCard } from '../../shared/contract/specs';
import type { GuardrailHit } from '../../shared/policy/guardrails';
import { executionWaves, parseTasks, releaseQueuedTasks, setTaskStates, type Task, type TaskState, type TasksDoc } from '../../shared/kiro/tasks';
import { RpcError } from '../../shared/rpc/errors';
import { Emitter } from '../../shared/rpc/transport';
import { effectiveConcurrency, type SpecsSettings } from '../../shared/settings/specs';
import { JsonStore } from '../host/json-store';
import { KeyedLock } from '../host/keyed-lock';
import type { SpecAgent, SpecAgentRun } from './agent-port';
import type { SpecEntry } from './card';
import { editSpecFile, type SpecFiles } from './edit-file';
import { taskRunGuard } from './guards';
import { taskInstructions, taskMessage } from './prompts';
import type { SpecStore } from './store';
import { taskVerifyCommand } from './task-verify';
import type { VerificationResult } from './verify';

// ── what the hooks dispatcher (and anyone else) can follow ──

export interface TaskRef {
  /** Position in tasks.md. */
  index: number;
  id: string | null;
  title: string;
}

export interface TaskEvent {
  /** The spec's id: its folder, workspace-relative (`.kiro/specs/login`). */
  spec: string;
  specName: string;
  task: TaskRef;
  /** One "Start task" or "Run all tasks". */
  runId: string;
}

export interface TaskStartedEvent extends TaskEvent {
  /** The agent session doing the task. */
  sessionId: string;
}

export type TaskEndStatus = 'done' | 'failed' | 'verification-failed' | 'stopped' | 'blocked';

export interface TaskEndedEvent extends TaskEvent {
  sessionId: string | null;
  status: TaskEndStatus;
  message: string | null;
}

/**
 * `preTaskExecution`: runs before a task starts (after the guardrails). Returning
 * `{ block: reason }` (a hook exiting 2) stops the task: it is not started, and the reason
 * is shown. Throwing counts as a block too — a broken check must not wave tasks through.
 */
export type PreTaskCheck = (e: TaskEvent) => Promise<{ block?: string } | void> | { block?: string } | void;

export interface RunnerDeps {
  store: SpecStore;
  files: SpecFiles;
  root: string;
  agent: () => SpecAgent;
  /** Deny rules of the workspace's guardrails, checked on each task before it runs. */
  guardrails: (text: string, files: string[]) => Promise<GuardrailHit | null>;
  /** Runs a verification command after the policy allowed it (a person may be asked). */
  verify: (command: string, meta: { spec: string; runId: string; task: TaskRef; sessionId: string | null; signal: AbortSignal }) => Promise<VerificationResult & { refused?: string }>;
  settings: () => SpecsSettings;
  /** `<dataDir>/spec-runs.json`. */
  runsFile: string;
}

const RunsFile = z.object({ runs: z.record(z.string(), z.record(z.string(), TaskRunInfo)) });

interface Run {
  id: string;
  spec: string;
  controller: AbortController;
  sessions: Set<SpecAgentRun>;
  /** Every state the runner wrote (or found) in this run, by task position: what the file should say. */
  expected: Map<number, TaskState>;
  finished: Promise<void>;
}

const keyOf = (t: { id: string | null; index: number }) => t.id ?? `#${t.index}`;
const refOf = (t: Task): TaskRef => ({ index: t.index, id: t.id, title: t.title });

/** Finds a task again after the file may have changed: by position when it still matches, else by id. */
function locate(doc: TasksDoc, ref: TaskRef): Task | null {
  const at = doc.tasks[ref.index];
  if (at && (ref.id ? at.id === ref.id : at.title === ref.title)) return at;
  if (ref.id) {
    const found = doc.tasks.filter((t) => t.id === ref.id);
    if (found.length === 1) return found[0]!;
  }
  return null;
}

/** The task and its unfinished required sub-tasks, depth first: one unit of work. */
function unitOf(doc: TasksDoc, t: Task): Task[] {
  const out: Task[] = [t];
  const walk = (p: Task) => {
    for (const i of p.children) {
      const c = doc.tasks[i]!;
      if (c.optional || c.state === 'done') continue;
      out.push(c);
      walk(c);
    }
  };
  walk(t);
  return out;
}

const hasOpenRequiredChildren = (doc: TasksDoc, t: Task) => t.children.some((i) => !doc.tasks[i]!.optional && doc.tasks[i]!.state !== 'done');

export class SpecRunner {
  /** A task started: `[-]` is on disk and its agent session is running. */
  readonly taskStarted = new Emitter<TaskStartedEvent>();
  /** A task ended, however it ended; `[x]` is on disk only for `done`. */
  readonly taskEnded = new Emitter<TaskEndedEvent>();
  private readonly preChecks = new Set<PreTaskCheck>();
  private readonly runs = new Map<string, Run>();
  private readonly lastRuns: JsonStore<typeof RunsFile>;
  private readonly writeLocks = new KeyedLock();
  readonly recovered: Promise<void>;

  constructor(private readonly deps: RunnerDeps) {
    this.lastRuns = new JsonStore(deps.runsFile, RunsFile, { runs: {} });
    this.recovered = this.recover();
  }

  /** Registers a `preTaskExecution` check; returns its removal. */
  onBeforeTask(check: PreTaskCheck): () => void {
    this.preChecks.add(check);
    return () => this.preChecks.delete(check);
  }

  isRunning(spec: string): boolean {
    return this.runs.has(spec);
  }

  /** The last run of each task of a spec, by position in the current tasks.md. */
  lastRunsOf(e: SpecEntry): Map<number, TaskRunInfo> {
    const mine = this.lastRuns.get().runs[e.folder.rel] ?? {};
    const out = new Map<number, TaskRunInfo>();
    for (const t of e.folder.spec.tasks?.tasks ?? []) {
      const r = mine[keyOf(t)];
      if (r) out.set(t.index, r);
    }
    return out;
  }

  /** Why tasks of this spec cannot be started now, or null. */
  blockedReason(card: SpecCard): string | null {
    const reason = this.deps.agent().unavailable();
    if (reason) return reason;
    if (card.phase !== 'implementation' && card.phase !== 'done') return `The task list is not approved yet (the spec is in the ${card.phase} phase): approve the phases first.`;
    if (this.runs.has(card.id)) return 'Tasks of this spec are running; wait for them, or stop them.';
    if (card.activity?.kind === 'generating') return 'A document of this spec is being generated.';
    return null;
  }

  // ── recovery ──

  /** After a crash: every `[~]` back to `[ ]`; runs recorded as under way are marked interrupted. */
  private async recover(): Promise<void> {
    const cards = await this.deps.store.cards();
    for (const c of cards.filter((x) => x.progress.queued > 0)) {
      try {
        await editSpecFile(this.deps.files, `${c.id}/tasks.md`, (text) => releaseQueuedTasks(text));
      } catch (e) {
        console.error(`[specwright] releasing queued tasks of ${c.id}:`, e);
      }
    }
    const runs = structuredClone(this.lastRuns.get().runs);
    let touched = false;
    for (const spec of Object.values(runs)) {
      for (const [k, r] of Object.entries(spec)) {
        if (r.status === 'running' || r.status === 'queued' || r.status === 'verifying') {
          spec[k] = { ...r, status: 'stopped', message: 'Interrupted: the IDE stopped while this task ran; its outcome is unknown. Check the work, then start it again.' };
          touched = true;
        }
      }
    }
    if (touched) await this.lastRuns.update({ runs });
  }

  // ── state on disk ──

  private withLock<T>(spec: string, fn: () => Promise<T>): Promise<T> {
    return this.writeLocks.run(spec, fn);
  }

  /** Writes task states (one character each), as the runner, and notes them as expected. */
  private async setStates(run: Run, changes: { ref: TaskRef; state: TaskState }[]): Promise<void> {
    if (!changes.length) return;
    await this.withLock(run.spec, async () => {
      await editSpecFile(this.deps.files, `${run.spec}/tasks.md`, (text) => {
        const doc = parseTasks(text);
        const resolved = changes.flatMap(({ ref, state }) => {
          const t = locate(doc, ref);
          if (!t) return [];
          run.expected.set(t.index, state);
          return [{ target: { index: t.index }, state }];
        });
        return setTaskStates(text, resolved);
      });
    });
    await this.deps.store.refresh([run.spec]);
  }

  /**
   * Puts back checkbox states that changed behind the runner's back during a turn (a command
   * the agent ran that rewrote tasks.md): the runner's states are the truth while it runs.
   */
  private async revertForeignStates(run: Run, except: Set<number>): Promise<string[]> {
    const reverted: string[] = [];
    await this.withLock(run.spec, () =>
      editSpecFile(this.deps.files, `${run.spec}/tasks.md`, (text) => {
        const doc = parseTasks(text);
        const changes = doc.tasks.flatMap((t) => {
          const want = run.expected.get(t.index);
          if (except.has(t.index) || want === undefined || t.state === want) return [];
          reverted.push(t.id ?? t.title);
          return [{ target: { index: t.index }, state: want }];
        });
        return setTaskStates(text, changes);
      }).catch(() => null),
    );
    return reverted;
  }

  private async record(spec: string, t: { id: string | null; index: number }, info: Omit<TaskRunInfo, 'at'>) {
    const runs = structuredClone(this.lastRuns.get().runs);
    runs[spec] = { ...(runs[spec] ?? {}), [keyOf(t)]: { ...info, at: Date.now() } };
    await this.lastRuns.update({ runs });
  }

  // ── starting ──

  private async begin(spec: string): Promise<{ e: SpecEntry; doc: TasksDoc; run: Run; resolveFinished: () => void }> {
    await this.recovered;
    const e = await this.deps.store.fresh(spec);
    const card = await this.deps.store.card(spec);
    const blocked = this.blockedReason(card);
    if (blocked) throw new RpcError(this.deps.agent().unavailable() ? 'UNSUPPORTED' : 'CONFLICT', blocked);
    const doc = e.folder.spec.tasks;
    if (!doc?.tasks.length) throw new RpcError('BAD_REQUEST', `${e.folder.name} has no tasks.`);
    let resolveFinished!: () => void;
    const run: Run = {
      id: randomUUID(),
      spec,
      controller: new AbortController(),
      sessions: new Set(),
      expected: new Map(doc.tasks.map((t) => [t.index, t.state] as const)),
      finished: new Promise<void>((r) => (resolveFinished = r)),
    };
    this.runs.set(spec, run);
    return { e, doc, run, resolveFinished };
  }

  private end(run: Run, resolveFinished: () => void) {
    this.runs.delete(run.spec);
    this.deps.store.setActivity(run.spec, null);
    resolveFinished();
  }

  /** "Start task": one task (and its unfinished sub-tasks) in one agent session. */
  async startTask(spec: string, index: number): Promise<{ sessionId: string | null; finished: Promise<TaskEndStatus> }> {
    const { e, doc, run, resolveFinished } = await this.begin(spec);
    const t = doc.tasks[index];
    const fail = (code: 'NOT_FOUND' | 'BAD_REQUEST', m: string) => {
      this.end(run, resolveFinished);
      return new RpcError(code, m);
    };
    if (!t) throw fail('NOT_FOUND', `There is no task at position ${index} in tasks.md (it may have changed).`);
    if (t.state === 'done') throw fail('BAD_REQUEST', `Task ${t.id ?? t.title} is done already.`);
    this.deps.store.setActivity(spec, { kind: 'running', doc: null, tasks: [t.id ?? t.title], since: Date.now(), sessionId: null });
    let resolveSession!: (id: string | null) => void;
    const session = new Promise<string | null>((r) => (resolveSession = r));
    const finished = this.runUnit(run, e, refOf(t), (id) => resolveSession(id)).finally(() => this.end(run, resolveFinished));
    void finished.then(() => resolveSession(null));
    return { sessionId: await session, finished };
  }

  /**
   * "Run all tasks": required, unfinished tasks in dependency waves (the graph in tasks.md,
   * else file order), at most `concurrency` at once. Every task of the plan is queued `[~]`
   * first; a failure ends the run and releases what is still queued.
   */
  async runAll(spec: string, concurrency?: number): Promise<{ tasks: number; waves: number; concurrency: number; finished: Promise<TaskEndStatus> }> {
    const { e, doc, run, resolveFinished } = await this.begin(spec);
    const limit = effectiveConcurrency(this.deps.settings(), concurrency);
    // Parents with open sub-tasks are not units of their own: they are done when their sub-tasks are.
    const waves = executionWaves(doc)
      .map((w) => w.filter((t) => !hasOpenRequiredChildren(doc, t)))
      .filter((w) => w.length > 0);
    const units = waves.flat();
    if (!units.length) {
      this.end(run, resolveFinished);
      throw new RpcError('BAD_REQUEST', `${e.folder.name} has no required task left to run.`);
    }
    this.deps.store.setActivity(spec, { kind: 'running', doc: null, tasks: units.map((t) => t.id ?? t.title), since: Date.now(), sessionId: null });
    await this.setStates(
      run,
      units.map((t) => ({ ref: refOf(t), state: 'queued' as const })),
    );
    for (const t of units) await this.record(spec, t, { status: 'queued', message: null, output: null, command: null, sessionId: null });

    const finished = (async (): Promise<TaskEndStatus> => {
      let status: TaskEndStatus = 'done';
      try {
        for (const wave of waves) {
          const queue = [...wave];
          const worker = async () => {
            while (queue.length && status === 'done' && !run.controller.signal.aborted) {
              const t = queue.shift()!;
              const fresh = await this.deps.store.fresh(spec);
              const r = await this.runUnit(run, fresh, refOf(t), () => {});
              if (r !== 'done' && status === 'done') status = r;
            }
          };
          await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
          if (status !== 'done' || run.controller.signal.aborted) break;
        }
      } finally {
        if (run.controller.signal.aborted && status === 'done') status = 'stopped';
        // Whatever did not get to run goes back to [ ]: nothing stays queued.
        const left = [...run.expected].filter(([, s]) => s === 'queued').map(([index]) => doc.tasks[index]!);
        await this.setStates(
          run,
          left.map((t) => ({ ref: refOf(t), state: 'not-started' as const })),
        ).catch((err) => console.error('[specwright] releasing queued tasks:', err));
        for (const t of left) await this.record(spec, t, { status: 'stopped', message: status === 'stopped' ? 'Not run: the run was stopped.' : 'Not run: an earlier task of the run did not succeed.', output: null, command: null, sessionId: null });
        this.end(run, resolveFinished);
      }
      return status;
    })();
    return { tasks: units.length, waves: waves.length, concurrency: limit, finished };
  }

  async stop(spec: string): Promise<boolean> {
    const run = this.runs.get(spec);
    if (!run) return false;
    run.controller.abort();
    await Promise.all([...run.sessions].map((s) => s.stop().catch(() => {})));
    await run.finished;
    return true;
  }

  /** One unit; whatever goes wrong ends as a failed task with the reason, never as a run stuck half-way. */
  private async runUnit(run: Run, e: SpecEntry, ref: TaskRef, onSession: (id: string | null) => void): Promise<TaskEndStatus> {
    try {
      return await this.runUnitSteps(run, e, ref, onSession);
    } catch (err) {
      onSession(null);
      const message = `The runner failed: ${(err as Error).message}`;
      this.deps.store.setProblem(run.spec, { kind: 'task', message, rule: null, at: Date.now() });
      await this.record(run.spec, ref, { status: 'failed', message, output: null, command: null, sessionId: null }).catch(() => {});
      this.taskEnded.emit({ spec: run.spec, specName: e.folder.name, runId: run.id, task: ref, sessionId: null, status: 'failed', message });
      return 'failed';
    }
  }

  /** Guardrails, pre-task hooks, `[-]`, the agent's turn, verification, `[x]`. */
  private async runUnitSteps(run: Run, e: SpecEntry, ref: TaskRef, onSession: (id: string | null) => void): Promise<TaskEndStatus> {
    const spec = run.spec;
    const doc = e.folder.spec.tasks!;
    const t = locate(doc, ref);
    const base = { spec, specName: e.folder.name, runId: run.id };
    if (!t) {
      onSession(null);
      this.taskEnded.emit({ ...base, task: ref, sessionId: null, status: 'blocked', message: `Task ${ref.id ?? ref.title} is no longer in tasks.md.` });
      return 'blocked';
    }
    const unit = unitOf(doc, t);
    const event: TaskEvent = { ...base, task: refOf(t) };
    const end = async (status: TaskEndStatus, message: string | null, extra: Partial<TaskRunInfo> = {}, sessionId: string | null = null) => {
      await this.record(spec, t, { status, message, output: null, command: null, sessionId, ...extra });
      this.taskEnded.emit({ ...event, sessionId, status, message });
      return status;
    };
    const block = async (message: string, kind: 'guardrail' | 'hook', rule: string | null) => {
      onSession(null);
      // A blocked task never started: back from queued to not started.
      if (t.state === 'queued' || run.expected.get(t.index) === 'queued') await this.setStates(run, [{ ref: refOf(t), state: 'not-started' }]);
      this.deps.store.setProblem(spec, { kind, message, rule, at: Date.now() });
      return end('blocked', message);
    };

    // Guardrails' deny rules, before anything runs.
    const text = unit.map((u) => [u.title, ...u.details.map((d) => d.text)].join('\n')).join('\n');
    const hit = await this.deps.guardrails(text, [`${spec}/tasks.md`]);
    if (hit) return block(`Task ${t.id ?? t.title} was not started: ${hit.reason}`, 'guardrail', hit.rule);
    // preTaskExecution hooks.
    for (const check of this.preChecks) {
      let verdict: { block?: string } | void;
      try {
        verdict = await check(event);
      } catch (err) {
        verdict = { block: `a pre-task check failed (${(err as Error).message})` };
      }
      if (verdict?.block) return block(`Task ${t.id ?? t.title} was blocked by a preTaskExecution hook: ${verdict.block}`, 'hook', null);
    }
    if (run.controller.signal.aborted) {
      onSession(null);
      return end('stopped', 'Not run: the run was stopped.');
    }

    // [-]: the task, its open sub-tasks, and its parents (in progress while a child is).
    const parents: Task[] = [];
    for (let p = t.parent; p !== null; p = doc.tasks[p]!.parent) if (doc.tasks[p]!.state === 'not-started') parents.push(doc.tasks[p]!);
    await this.setStates(run, [...unit, ...parents].map((u) => ({ ref: refOf(u), state: 'in-progress' as const })));
    this.deps.store.setProblem(spec, null);

    const verify = taskVerifyCommand(t) ?? (this.deps.settings().verifyCommand.trim() || null);
    const brief = { specName: e.folder.name, specPath: spec, task: { id: t.id, title: t.title, line: t.line }, subtasks: unit.slice(1).map((u) => ({ id: u.id, title: u.title })), verify };
    let session: SpecAgentRun;
    try {
      session = await this.deps.agent().start({
        title: `${e.folder.name}: task ${t.id ?? ''} ${t.title}`.replace(/\s+/g, ' '),
        kind: 'task',
        origin: spec,
        ...(t.id ? { taskId: t.id } : {}),
        text: taskMessage(brief),
        context: [{ kind: 'spec', arg: spec, label: `#spec ${e.folder.name}` }],
        instructions: taskInstructions(brief),
        actor: 'spec-runner',
        guard: taskRunGuard({ tasksPath: `${spec}/tasks.md` }),
      });
    } catch (err) {
      onSession(null);
      // The agent never started: nothing was done, so the task goes back to where it was.
      await this.setStates(run, [...unit, ...parents].map((u) => ({ ref: refOf(u), state: u.state === 'queued' ? 'not-started' : u.state })));
      return end('failed', `The agent could not start: ${(err as Error).message}`);
    }
    run.sessions.add(session);
    onSession(session.sessionId);
    this.deps.store.setActivity(spec, { ...(this.deps.store.getActivity(spec) ?? { kind: 'running', doc: null, tasks: [t.id ?? t.title], since: Date.now() }), sessionId: session.sessionId });
    await this.record(spec, t, { status: 'running', message: null, output: null, command: verify, sessionId: session.sessionId });
    this.taskStarted.emit({ ...event, sessionId: session.sessionId });

    const outcome = await session.done;
    run.sessions.delete(session);
    const unitIdx = new Set(unit.map((u) => u.index));
    const reverted = await this.revertForeignStates(run, unitIdx);
    const revertNote = reverted.length ? ` The states of ${reverted.join(', ')} were changed during the turn and were put back: the runner writes task states.` : '';
    // The unit's own checkboxes are the runner's too: back to in progress until verified.
    await this.setStates(run, unit.map((u) => ({ ref: refOf(u), state: 'in-progress' as const })));
    if (outcome.status !== 'done') {
      const status: TaskEndStatus = outcome.status === 'stopped' ? 'stopped' : 'failed';
      return end(status, `${outcome.message ?? `The agent's turn ended (${outcome.status}).`}${revertNote}`, { command: verify }, session.sessionId);
    }

    let message = verify ? '' : 'No verification command (in the task or in settings): the agent’s successful turn counts as done.';
    if (verify) {
      await this.record(spec, t, { status: 'verifying', message: null, output: null, command: verify, sessionId: session.sessionId });
      const r = await this.deps.verify(verify, { spec, runId: run.id, task: refOf(t), sessionId: session.sessionId, signal: run.controller.signal });
      if (r.refused || r.exitCode !== 0) {
        const why = r.refused ?? (r.stopped ? 'it was stopped' : r.timedOut ? `it did not finish within ${this.deps.settings().verifyTimeoutSeconds} s` : `it exited with ${r.exitCode ?? 'an error'}`);
        const m = `Verification \`${verify}\` failed: ${why}. The task stays in progress.${revertNote}`;
        this.deps.store.setProblem(spec, { kind: 'verification', message: `Task ${t.id ?? t.title}: ${m}`, rule: null, at: Date.now() });
        return end(r.stopped ? 'stopped' : 'verification-failed', m, { output: r.output, command: verify }, session.sessionId);
      }
      message = `Verified: \`${verify}\` passed.`;
    }

    // [x]: the unit, and parents whose required sub-tasks are now all done.
    await this.setStates(run, unit.map((u) => ({ ref: refOf(u), state: 'done' as const })));
    await this.rollUp(run, t);
    return end('done', `${message}${revertNote}`.trim() || null, { command: verify }, session.sessionId);
  }

  /** A parent with no verification of its own is done when its required sub-tasks are. */
  private async rollUp(run: Run, t: Task) {
    const e = await this.deps.store.fresh(run.spec);
    const doc = e.folder.spec.tasks;
    if (!doc) return;
    let cur = locate(doc, refOf(t));
    while (cur && cur.parent !== null) {
      const p = doc.tasks[cur.parent]!;
      const open = p.children.some((i) => {
        const c = doc.tasks[i]!;
        return !c.optional && c.state !== 'done' && run.expected.get(c.index) !== 'done';
      });
      if (open || p.state === 'done' || taskVerifyCommand(p)) break;
      await this.setStates(run, [{ ref: refOf(p), state: 'done' }]);
      run.expected.set(p.index, 'done');
      cur = p;
    }
  }

  async dispose(): Promise<void> {
    for (const spec of [...this.runs.keys()]) await this.stop(spec).catch(() => {});
    await this.lastRuns.flush();
    this.taskStarted.clear();
    this.taskEnded.clear();
  }
}

export const runsFileOf = (dataDir: string) => path.join(dataDir, 'spec-runs.json');
