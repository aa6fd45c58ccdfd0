// The hooks dispatcher: events in (file changes, prompts, tool calls, agent stops, tasks,
// a person's Run), matching hooks run, outcomes out (blocked or not, context for the model,
// a record of every run for the panel).
//
// - File events are debounced per hook: a burst of saves is one run with every path.
// - Background runs (file events, agent stop, post-task, Run, every askAgent session) share
//   `hooks.maxConcurrent` slots and never wait for the person's session. Runs a caller waits
//   for (pre/post tool use, prompt submit, session start, pre-task) start at once: making
//   them queue behind background runs — which may themselves be waiting on a tool call that
//   waits on such a hook — could deadlock.
// - A hook runs one file-event run at a time; events meanwhile wait for its next run.
// - A hook's own changes never trigger it again, and chains of hooks triggering hooks stop at
//   `hooks.maxDepth` with a notice (see origin.ts).

import { randomBytes } from 'node:crypto';
import type { HookRun, HookRunStatus, HookTriggerName } from '../../shared/contract/hooks';
import { hookMatchesFile, hookMatchesTool } from '../../shared/kiro/hooks';
import { Emitter } from '../../shared/rpc/transport';
import type { HookSettings } from '../../shared/settings/hooks';
import { runHookCommand } from './command';
import type { LoadedHook, LoadedHooks } from './loader';
import { currentOrigin, hookOrigin, NO_ORIGIN, originOf, shallower, type HookOrigin } from './origin';

export interface ToolInfo {
  name: string;
  /** `read`, `write`, `shell`, `web`, `mcp`, … */
  category: string;
  /** Other categories it counts as: `spec` for a call on `.kiro/specs/`. */
  also?: string[];
}

export type FileTrigger = 'fileEdited' | 'fileCreated' | 'fileDeleted';

export type HookEvent =
  | { trigger: FileTrigger; paths: string[] }
  | { trigger: 'userTriggered' }
  | { trigger: 'promptSubmit' | 'sessionStart'; sessionId: string; prompt: string }
  | { trigger: 'agentStop'; sessionId: string; prompt: string; status: string; answer: string }
  | { trigger: 'preToolUse'; sessionId: string; tool: ToolInfo; input: unknown; paths: string[] }
  | { trigger: 'postToolUse'; sessionId: string; tool: ToolInfo; input: unknown; paths: string[]; result: { isError: boolean; content: string } }
  | { trigger: 'preTaskExecution' | 'postTaskExecution'; spec: string; task: { id: string | null; title: string }; sessionId: string | null; status?: string };

/** What the caller of an event learns: whether a hook blocked it, and text for the model. */
export interface HookOutcome {
  blocked: { hook: string; message: string } | null;
  /** Exit-0 stdout of hooks whose trigger lets output into the agent's context, in hook order. */
  context: { hook: string; text: string }[];
  runs: HookRun[];
}

/** Triggers the caller waits for. */
const INLINE: ReadonlySet<HookTriggerName> = new Set(['preToolUse', 'postToolUse', 'promptSubmit', 'sessionStart', 'preTaskExecution']);
/** Triggers whose exit-0 stdout goes to the model: into the request (prompt, session start) or the tool's result. */
const CONTEXT: ReadonlySet<HookTriggerName> = new Set(['promptSubmit', 'sessionStart', 'preToolUse', 'postToolUse']);
const BLOCKING: ReadonlySet<HookTriggerName> = new Set(['preToolUse', 'promptSubmit', 'preTaskExecution']);

/** The newer format's names, sent to commands as `hook_event_name` (what Kiro sends). */
const EVENT_NAME: Record<HookTriggerName, string> = {
  fileEdited: 'PostFileSave',
  fileCreated: 'PostFileCreate',
  fileDeleted: 'PostFileDelete',
  userTriggered: 'UserTriggered',
  promptSubmit: 'UserPromptSubmit',
  agentStop: 'Stop',
  preToolUse: 'PreToolUse',
  postToolUse: 'PostToolUse',
  preTaskExecution: 'PreTaskExec',
  postTaskExecution: 'PostTaskExec',
  sessionStart: 'SessionStart',
};

/** Longest value of one environment variable (Linux refuses a single one over 128 KiB); stdin has it all. */
const ENV_VALUE_MAX = 100_000;

export interface GateRequest {
  command: string;
  hook: LoadedHook;
  runId: string;
  sessionId: string | null;
  signal: AbortSignal;
}

export interface AgentRequestForHook {
  hook: LoadedHook;
  prompt: string;
  /** Files of the event that still exist, attached as `#file` context. */
  files: string[];
  runId: string;
}

/** What the dispatcher needs from the host: the policy for commands, the agent for prompts. */
export interface HookPorts {
  /** Asks the policy about a hook's command (which may ask a person) and audits it. */
  gateCommand(req: GateRequest): Promise<{ allowed: boolean; reason: string }>;
  /** Completes the audit trail of a command the policy allowed. */
  commandDone?(req: GateRequest, result: { ok: boolean; exitCode: number | null; summary: string }): Promise<void>;
  /** Starts a background agent session in the hook's name. */
  askAgent(req: AgentRequestForHook): Promise<{ sessionId: string; done: Promise<{ status: string; message?: string }> }>;
}

export interface DispatcherOptions {
  root: string;
  settings(): HookSettings;
  load(): Promise<LoadedHooks>;
  ports: HookPorts;
  /** Environment of every command (the host's, with the `specwright` shim on PATH). */
  env?(): NodeJS.ProcessEnv;
}

export interface HookNotice {
  level: 'info' | 'warning' | 'error';
  message: string;
  hookId: string | null;
}

interface Bucket {
  trigger: FileTrigger;
  paths: Set<string>;
  origin: HookOrigin;
  firstAt: number;
  timer: NodeJS.Timeout | null;
  /** Due, but the hook's previous run is still going. */
  due: boolean;
}

interface RunResult {
  block?: string;
  context?: string;
}

/** A command's run is remembered this long after it ends, for changes the watcher reports late. */
const WINDOW_KEPT_MS = 5000;
/** File systems round modification times; the clock and the file system may disagree a little. */
const MTIME_SLACK_MS = 20;
/** How late the watcher may report a removal made at the end of a command. */
const REPORT_LAG_MS = 500;

const newRunId = () => `hr-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
const firstLine = (s: string) => s.trim().split('\n')[0]?.slice(0, 300) ?? '';
const cap = (s: string) => (s.length > ENV_VALUE_MAX ? `${s.slice(0, ENV_VALUE_MAX)}…` : s);

/** Whether a hook cares about a file path: its globs or matcher; a newer-format hook without a matcher matches every file. */
export function matchesPath(h: LoadedHook, rel: string): boolean {
  if (h.format === 'v1-json' && h.matcher === null) return true;
  return hookMatchesFile(h, rel);
}

/** Whether a hook cares about a tool: its `toolTypes` or matcher; a newer-format hook without a matcher matches every tool. */
export function matchesTool(h: LoadedHook, tool: ToolInfo): boolean {
  if (h.format === 'v1-json' && h.matcher === null) return true;
  return [tool.category, ...(tool.also ?? [])].some((category) => hookMatchesTool(h, { name: tool.name, category }));
}

export class HookDispatcher {
  /** Every change of a run (queued, running, its outcome). */
  readonly runEvents = new Emitter<HookRun>();
  readonly notices = new Emitter<HookNotice>();
  /** The hooks were loaded again. */
  readonly changed = new Emitter<void>();
  private loaded: LoadedHooks = { hooks: [], files: [] };
  private loading: Promise<void> | null = null;
  private reloadAgain = false;
  readonly ready: Promise<void>;
  private history: HookRun[] = [];
  private active = 0;
  private waiting: (() => void)[] = [];
  private buckets = new Map<string, Bucket>();
  private busy = new Set<string>();
  private commandWindows = new Set<{ origin: HookOrigin; start: number; end: number | null }>();
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: DispatcherOptions) {
    this.ready = this.reload();
  }

  private get settings(): HookSettings {
    return this.options.settings();
  }

  // ── the hooks ──

  /** Loads the hook files again (coalesced: a reload during a reload runs once more after it). */
  reload(): Promise<void> {
    if (this.loading) {
      this.reloadAgain = true;
      return this.loading;
    }
    this.loading = (async () => {
      do {
        this.reloadAgain = false;
        try {
          this.loaded = await this.options.load();
        } catch (e) {
          this.notices.emit({ level: 'error', message: `The hooks could not be loaded: ${(e as Error).message}`, hookId: null });
        }
      } while (this.reloadAgain);
      // Debounced events of hooks that are gone or switched off are dropped.
      for (const [id, b] of this.buckets) {
        if (!this.hook(id)?.enabled) {
          if (b.timer) clearTimeout(b.timer);
          this.buckets.delete(id);
        }
      }
      this.loading = null;
      this.changed.emit();
    })();
    return this.loading;
  }

  get hooks(): readonly LoadedHook[] {
    return this.loaded.hooks;
  }

  get files(): LoadedHooks['files'] {
    return this.loaded.files;
  }

  hook(id: string): LoadedHook | undefined {
    return this.loaded.hooks.find((h) => h.id === id);
  }

  /** Recent runs, newest first. */
  runs(): HookRun[] {
    return this.history.map((r) => ({ ...r }));
  }

  // ── events ──

  /**
   * Changes on disk or by the host: `added` → fileCreated, `changed` → fileEdited,
   * `removed` → fileDeleted. Debounced per hook; `origin` is who caused them.
   */
  onFileChanges(changes: readonly { path: string; kind: 'added' | 'changed' | 'removed'; isDir: boolean }[], origin: HookOrigin = currentOrigin()): void {
    if (!this.settings.enabled || this.abort.signal.aborted) return;
    for (const c of changes) {
      if (c.isDir) continue;
      const trigger: FileTrigger = c.kind === 'added' ? 'fileCreated' : c.kind === 'removed' ? 'fileDeleted' : 'fileEdited';
      for (const h of this.loaded.hooks) {
        if (!h.enabled || h.trigger !== trigger || origin.chain.includes(h.id) || !matchesPath(h, c.path)) continue;
        this.addToBucket(h, trigger, c.path, origin);
      }
    }
  }

  /**
   * Who caused a change the host did not make itself (the watcher's news). Commands change
   * files behind the host's back, so a change is counted as a hook command's when the file's
   * modification time falls inside the command's run (for a removal, which has no time, when
   * it was reported during the run or just after). Else nobody: a person or another program.
   * An outside edit made while a hook's command runs is taken for the command's, so that one
   * hook does not fire for it.
   */
  originOfChange(change: { mtimeMs: number | null }, now = Date.now()): HookOrigin {
    let origin: HookOrigin | null = null;
    for (const w of this.commandWindows) {
      if (w.end !== null && now - w.end > WINDOW_KEPT_MS) {
        this.commandWindows.delete(w);
        continue;
      }
      const inside = change.mtimeMs !== null ? change.mtimeMs >= w.start - MTIME_SLACK_MS && (w.end === null || change.mtimeMs <= w.end + MTIME_SLACK_MS) : now >= w.start && (w.end === null || now <= w.end + REPORT_LAG_MS);
      if (!inside) continue;
      origin = origin ? { depth: Math.max(origin.depth, w.origin.depth), chain: [...new Set([...origin.chain, ...w.origin.chain])], names: [...new Set([...origin.names, ...w.origin.names])] } : w.origin;
    }
    return origin ?? NO_ORIGIN;
  }

  private addToBucket(h: LoadedHook, trigger: FileTrigger, path: string, origin: HookOrigin) {
    const now = Date.now();
    let b = this.buckets.get(h.id);
    if (!b) {
      b = { trigger, paths: new Set(), origin, firstAt: now, timer: null, due: false };
      this.buckets.set(h.id, b);
    } else {
      b.origin = shallower(b.origin, origin);
    }
    b.paths.add(path);
    if (b.due) return; // runs as soon as the previous run ends
    if (b.timer) clearTimeout(b.timer);
    const debounce = this.settings.debounceMs;
    // Saves that never pause still run now and then.
    const maxWait = Math.max(1000, debounce * 5);
    const wait = Math.max(0, Math.min(debounce, b.firstAt + maxWait - now));
    b.timer = setTimeout(() => this.flush(h.id), wait);
  }

  private flush(hookId: string) {
    const b = this.buckets.get(hookId);
    if (!b) return;
    b.timer = null;
    if (this.busy.has(hookId)) {
      b.due = true;
      return;
    }
    this.buckets.delete(hookId);
    const h = this.hook(hookId);
    if (!h?.enabled || !this.settings.enabled || this.abort.signal.aborted) return;
    const event: HookEvent = { trigger: b.trigger, paths: [...b.paths].sort() };
    const depth = b.origin.depth + 1;
    if (depth > this.settings.maxDepth) return this.depthLimit([h], event, b.origin, depth);
    const run = this.newRun(h, event, depth);
    this.busy.add(hookId);
    this.track(
      this.background(h, run, event, b.origin).finally(() => {
        this.busy.delete(hookId);
        if (this.buckets.get(hookId)?.due) this.flush(hookId);
      }),
    );
  }

  /**
   * Any other event. Hooks of triggers the caller waits for run now and the outcome says
   * whether one blocked and what goes to the model; the rest run in the background and the
   * outcome lists their (queued) runs.
   */
  async dispatch(event: Exclude<HookEvent, { trigger: FileTrigger }>, origin: HookOrigin = currentOrigin()): Promise<HookOutcome> {
    const outcome: HookOutcome = { blocked: null, context: [], runs: [] };
    if (!this.settings.enabled || this.abort.signal.aborted) return outcome;
    await this.ready;
    const candidates = this.loaded.hooks.filter((h) => h.enabled && h.trigger === event.trigger && h.trigger !== 'userTriggered' && !origin.chain.includes(h.id) && this.matches(h, event));
    if (!candidates.length) return outcome;
    const depth = origin.depth + 1;
    if (depth > this.settings.maxDepth) {
      this.depthLimit(candidates, event, origin, depth);
      return outcome;
    }
    const inline = INLINE.has(event.trigger);
    const results = await Promise.all(
      candidates.map(async (h) => {
        const run = this.newRun(h, event, depth);
        outcome.runs.push(run);
        // promptSubmit's askAgent is Kiro's "Add to prompt": no session, the prompt joins the request.
        if (inline && (h.action.type === 'runCommand' || event.trigger === 'promptSubmit')) return { h, r: await this.execute(h, run, event, origin) };
        this.track(this.background(h, run, event, origin));
        return { h, r: {} as RunResult };
      }),
    );
    for (const { h, r } of results) {
      if (r.block && !outcome.blocked) outcome.blocked = { hook: h.name, message: r.block };
      if (r.context) outcome.context.push({ hook: h.name, text: r.context });
    }
    return outcome;
  }

  /** Runs a `userTriggered` hook (the panel's Run). */
  runUserTriggered(hookId: string, origin: HookOrigin = currentOrigin()): HookRun {
    const h = this.hook(hookId);
    if (!h) throw new Error('There is no such hook (its file may have changed); reload the panel.');
    if (h.trigger !== 'userTriggered') throw new Error(`“${h.name}” runs on ${h.trigger}, not by hand.`);
    const event: HookEvent = { trigger: 'userTriggered' };
    const depth = origin.depth + 1;
    const run = this.newRun(h, event, depth);
    this.track(this.background(h, run, event, origin));
    return { ...run };
  }

  private matches(h: LoadedHook, e: HookEvent): boolean {
    if (e.trigger === 'preToolUse' || e.trigger === 'postToolUse') return matchesTool(h, e.tool);
    return true;
  }

  private depthLimit(hooks: LoadedHook[], event: HookEvent, origin: HookOrigin, depth: number) {
    const chain = origin.names.map((n) => `“${n}”`).join(' → ');
    const names = hooks.map((h) => `“${h.name}”`).join(', ');
    const message = `Hook chain stopped at the depth limit (hooks.maxDepth = ${this.settings.maxDepth}): ${chain} would have triggered ${names} (${event.trigger}). Raise hooks.maxDepth if the chain is intended.`;
    for (const h of hooks) {
      const run = this.newRun(h, event, depth);
      this.finish(run, 'skipped', message);
    }
    this.notices.emit({ level: 'warning', message, hookId: hooks[0]?.id ?? null });
  }

  // ── runs ──

  private newRun(h: LoadedHook, event: HookEvent, depth: number): HookRun {
    const run: HookRun = {
      id: newRunId(),
      hookId: h.id,
      hookName: h.name,
      trigger: h.trigger,
      action: h.action.type,
      status: 'queued',
      queuedAt: Date.now(),
      startedAt: null,
      endedAt: null,
      durationMs: null,
      paths: 'paths' in event ? event.paths : [],
      tool: 'tool' in event ? event.tool.name : null,
      exitCode: null,
      stdout: '',
      stderr: '',
      message: '',
      sessionId: null,
      depth,
    };
    this.history.unshift(run);
    const keep = this.settings.historyPerHook;
    let seen = 0;
    this.history = this.history.filter((r) => r.hookId !== h.id || ++seen <= keep || r.status === 'queued' || r.status === 'running');
    this.emitRun(run);
    return run;
  }

  private emitRun(run: HookRun) {
    this.runEvents.emit({ ...run });
  }

  private finish(run: HookRun, status: HookRunStatus, message: string, durationMs?: number) {
    run.status = status;
    run.message = message;
    run.endedAt = Date.now();
    run.durationMs = durationMs ?? (run.startedAt === null ? 0 : run.endedAt - run.startedAt);
    this.emitRun(run);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => {});
    return p;
  }

  /** Waits for a background slot, then runs. */
  private async background(h: LoadedHook, run: HookRun, event: HookEvent, origin: HookOrigin): Promise<void> {
    if (this.active >= this.settings.maxConcurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      if (this.abort.signal.aborted) return this.finish(run, 'warning', 'Not run: the workspace was closed.');
      await this.execute(h, run, event, origin);
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /** Runs one hook inside its origin, so whatever it causes knows where it came from. */
  private execute(h: LoadedHook, run: HookRun, event: HookEvent, parent: HookOrigin): Promise<RunResult> {
    const origin = originOf(parent, h, run.depth);
    return hookOrigin.run(origin, async () => {
      run.status = 'running';
      run.startedAt = Date.now();
      this.emitRun(run);
      try {
        return h.action.type === 'runCommand' ? await this.runCommand(h, h.action.command, run, event, origin) : await this.runAgent(h, h.action.prompt, run, event);
      } catch (e) {
        const message = `The hook failed: ${(e as Error).message}`;
        this.finish(run, 'warning', message);
        this.notices.emit({ level: 'warning', message: `Hook “${h.name}” (${h.trigger}): ${message}`, hookId: h.id });
        return {};
      }
    });
  }

  private async runCommand(h: LoadedHook, command: string, run: HookRun, event: HookEvent, origin: HookOrigin): Promise<RunResult> {
    const settings = this.settings;
    const gate: GateRequest = { command, hook: h, runId: run.id, sessionId: 'sessionId' in event ? event.sessionId : null, signal: this.abort.signal };
    run.message = 'Asking the policy…';
    this.emitRun(run);
    const verdict = await this.options.ports.gateCommand(gate);
    if (!verdict.allowed) {
      const message = `Not run: ${verdict.reason}`;
      this.finish(run, 'denied', message);
      this.notices.emit({ level: 'warning', message: `Hook “${h.name}” (${h.trigger}): ${message}`, hookId: h.id });
      return {};
    }
    run.message = '';
    const window = { origin, start: Date.now(), end: null as number | null };
    this.commandWindows.add(window);
    const timeoutSeconds = h.timeoutSeconds ?? settings.defaultTimeoutSeconds;
    const result = await runHookCommand({
      command,
      cwd: this.options.root,
      env: this.environment(h, event, origin),
      stdin: JSON.stringify(this.payload(h, event)),
      timeoutMs: timeoutSeconds * 1000,
      signal: this.abort.signal,
      maxOutputChars: settings.maxOutputChars,
      onSpawn: (at) => {
        run.startedAt = at;
        this.emitRun(run);
      },
    }).finally(() => {
      window.end = Date.now();
    });
    run.exitCode = result.exitCode;
    run.stdout = result.stdout;
    run.stderr = result.stderr;
    const blockable = BLOCKING.has(h.trigger);
    let status: HookRunStatus;
    let message: string;
    const out: RunResult = {};
    if (result.error) [status, message] = ['warning', `The command could not be started: ${result.error}`];
    else if (result.timedOut) [status, message] = ['warning', `Timed out after ${timeoutSeconds} s and was stopped.`];
    else if (result.aborted) [status, message] = ['warning', 'Stopped: the workspace was closed.'];
    else if (result.exitCode === 0) {
      status = 'ok';
      message = 'Exit code 0.';
      if (CONTEXT.has(h.trigger) && result.stdout.trim()) {
        out.context = result.stdout.trim();
        message = 'Exit code 0; its output went to the agent.';
      }
    } else if (result.exitCode === 2 && blockable) {
      status = 'blocked';
      out.block = result.stderr.trim() || result.stdout.trim() || `The hook “${h.name}” exited with code 2.`;
      message = `Exit code 2: blocked ${describeEvent(event)}.`;
    } else if (result.exitCode === 2) {
      [status, message] = ['warning', `Exit code 2 — only preToolUse, promptSubmit and preTaskExecution hooks can block; on ${h.trigger} it is a failure.`];
    } else {
      [status, message] = ['warning', result.exitCode === null ? `Killed by ${result.signal ?? 'a signal'}.` : `Exit code ${result.exitCode}.`];
    }
    this.finish(run, status, message, result.durationMs);
    if (status === 'warning') {
      const detail = firstLine(result.stderr) || firstLine(result.stdout);
      this.notices.emit({ level: 'warning', message: `Hook “${h.name}” (${h.trigger}): ${message}${detail ? ` ${detail}` : ''}`, hookId: h.id });
    }
    await this.options.ports.commandDone?.(gate, { ok: status === 'ok', exitCode: result.exitCode, summary: message }).catch(() => {});
    return out;
  }

  private async runAgent(h: LoadedHook, prompt: string, run: HookRun, event: HookEvent): Promise<RunResult> {
    if (event.trigger === 'promptSubmit') {
      this.finish(run, 'ok', 'Added to the prompt.');
      return { context: prompt };
    }
    const files = 'paths' in event && event.trigger !== 'fileDeleted' ? event.paths.slice(0, 5) : [];
    const started = await this.options.ports.askAgent({ hook: h, prompt: `${prompt}\n\n${eventBrief(event)}`, files, runId: run.id });
    run.sessionId = started.sessionId;
    run.message = 'The agent is working in its own session.';
    this.emitRun(run);
    const done = await started.done;
    if (done.status === 'done') this.finish(run, 'ok', 'The agent finished.');
    else {
      const message = `The agent's session ended: ${done.message ?? done.status}`;
      this.finish(run, 'warning', message);
      this.notices.emit({ level: 'warning', message: `Hook “${h.name}” (${h.trigger}): ${message}`, hookId: h.id });
    }
    return {};
  }

  /** The event as JSON on stdin, in the shape Kiro 1.x sends (snake_case). */
  private payload(h: LoadedHook, e: HookEvent): Record<string, unknown> {
    const p: Record<string, unknown> = { hook_event_name: EVENT_NAME[e.trigger], hook_name: h.name, cwd: this.options.root };
    if ('sessionId' in e && e.sessionId) p.session_id = e.sessionId;
    if ('prompt' in e) p.prompt = e.prompt;
    if ('paths' in e) p.files = e.paths;
    if ('tool' in e) {
      p.tool_name = e.tool.name;
      p.tool_category = e.tool.category;
      p.tool_input = e.input;
    }
    if (e.trigger === 'postToolUse') p.tool_response = { is_error: e.result.isError, content: e.result.content };
    if (e.trigger === 'agentStop') Object.assign(p, { status: e.status, answer: e.answer });
    if ('task' in e) Object.assign(p, { spec: e.spec, task: e.task, ...(e.status ? { status: e.status } : {}) });
    return p;
  }

  /**
   * `USER_PROMPT` (the prompt; for tool hooks the call as Kiro 0.x passed it, camelCase JSON),
   * the event's files, the tool, the task.
   */
  private environment(h: LoadedHook, e: HookEvent, origin: HookOrigin): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...(this.options.env?.() ?? process.env), HOOK_NAME: h.name, HOOK_EVENT: e.trigger, SPECWRIGHT_WORKSPACE: this.options.root, SPECWRIGHT_HOOK_DEPTH: String(origin.depth) };
    let prompt = '';
    if ('prompt' in e) prompt = e.prompt;
    if ('sessionId' in e && e.sessionId) env.SESSION_ID = e.sessionId;
    if ('paths' in e) {
      env.HOOK_FILES = e.paths.join('\n');
      env.HOOK_FILE = e.paths[0] ?? '';
    }
    if ('tool' in e) {
      const input = JSON.stringify(e.input ?? {});
      Object.assign(env, { TOOL_NAME: e.tool.name, TOOL_CATEGORY: e.tool.category, TOOL_INPUT: cap(input) });
      const command = (e.input as { command?: unknown } | null)?.command;
      if (typeof command === 'string') env.TOOL_COMMAND = cap(command);
      const kiro: Record<string, unknown> = { toolName: e.tool.name, toolArgs: e.input ?? {} };
      if (e.trigger === 'postToolUse') {
        env.TOOL_RESULT = cap(e.result.content);
        env.TOOL_ERROR = e.result.isError ? '1' : '0';
        Object.assign(kiro, { toolResult: e.result.content, toolSuccess: !e.result.isError });
      }
      prompt = JSON.stringify(kiro);
    }
    if ('task' in e) Object.assign(env, { SPEC: e.spec, TASK_ID: e.task.id ?? '', TASK_TITLE: e.task.title, ...(e.status ? { TASK_STATUS: e.status } : {}) });
    env.USER_PROMPT = cap(prompt);
    return env;
  }

  /** Stops running commands, cancels waiting approvals, drops pending events. */
  async dispose(): Promise<void> {
    this.abort.abort();
    for (const b of this.buckets.values()) if (b.timer) clearTimeout(b.timer);
    this.buckets.clear();
    for (const w of this.waiting.splice(0)) w();
    await Promise.allSettled([...this.inFlight]);
    this.runEvents.clear();
    this.notices.clear();
    this.changed.clear();
  }
}

function describeEvent(e: HookEvent): string {
  switch (e.trigger) {
    case 'preToolUse':
      return `${e.tool.name}${e.paths[0] ? ` ${e.paths[0]}` : ''}`;
    case 'promptSubmit':
      return 'the prompt';
    case 'preTaskExecution':
      return `task ${e.task.id ?? e.task.title}`;
    default:
      return e.trigger;
  }
}

/** What the agent is told about the event that started its session. */
function eventBrief(e: HookEvent): string {
  switch (e.trigger) {
    case 'fileEdited':
    case 'fileCreated':
    case 'fileDeleted':
      return `(This request comes from a ${e.trigger} hook. Files: ${e.paths.join(', ')}.)`;
    case 'preToolUse':
    case 'postToolUse':
      return `(This request comes from a ${e.trigger} hook for the tool call ${e.tool.name} ${JSON.stringify(e.input).slice(0, 2000)}.)`;
    case 'agentStop':
      return `(This request comes from an agentStop hook: the agent just ${e.status === 'done' ? 'finished' : `stopped (${e.status})`} answering: ${JSON.stringify(e.prompt.slice(0, 500))}.)`;
    case 'preTaskExecution':
    case 'postTaskExecution':
      return `(This request comes from a ${e.trigger} hook for task ${e.task.id ?? ''} “${e.task.title}” of ${e.spec}${e.status ? `, which ended: ${e.status}` : ''}.)`;
    case 'sessionStart':
      return '(This request comes from a sessionStart hook.)';
    default:
      return `(This request comes from a ${e.trigger} hook.)`;
  }
}
