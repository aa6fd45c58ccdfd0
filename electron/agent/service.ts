import { exportFileName, sessionMarkdown } from '../../shared/agent/export-markdown';
import { pickerOptions } from '../../shared/agent/catalog';
import { chooseModel } from '../../shared/agent/routing';
import { summarize, titleFrom, type AgentSession, type AssistantEntry, type ContextRef, type ModelPick, type RequestSource, type SessionEntry, type SessionKind, type SessionSummary, type UserEntry } from '../../shared/agent/session';
import type { ContextProviderInfo, UsageView } from '../../shared/contract/agent';
import { RpcError } from '../../shared/rpc/errors';
import { Emitter } from '../../shared/rpc/transport';
import type { AgentSettings, ModelEntry } from '../../shared/settings/agent';
import { ModelEntry as ModelEntrySchema } from '../../shared/settings/agent';
import { BUILTIN_CONTEXT_PROVIDERS } from './context/builtin-providers';
import { ContextRegistry, type ContextProvider, type Suggestion } from './context/registry';
import { resolveContext } from './context/resolve';
import { CONTINUE_PROMPT, systemPrompt } from './context/system-prompt';
import type { ToolGuard } from './loop/execute-tool';
import { runRequest, type LoopDeps, type RequestOutcome } from './loop/run-request';
import { detectOllama, ollamaModelEntries, type OllamaFound } from './providers/ollama';
import type { Checkpointer, CommandRunner, RestoredCheckpoint, SteeringSource, TerminalText, ToolGate } from './ports';
import type { ModelProvider } from './providers/types';
import { LiveSession, newId } from './sessions/live-session';
import { SessionStore } from './sessions/store';
import { ToolRegistry } from './tools/registry';
import { WorkspaceSearch, type SearchEngine } from './tools/search-engine';
import type { AgentTool, ToolWorkspace } from './tools/types';
import type { UsageLedger } from './usage/ledger';

/** The workspace the agent works in. */
export type AgentWorkspace = ToolWorkspace & { name: string; dataDir: string; settings: { settings: { agent: AgentSettings } } };

export interface AgentDeps {
  providers: { forModel(entry: ModelEntry, agent: AgentSettings): ModelProvider; dispose?(): void };
  ledger: Pick<UsageLedger, 'checkCall' | 'record' | 'totals' | 'days'>;
  gate: ToolGate;
  checkpoints: Checkpointer;
  runner: CommandRunner;
  steering: SteeringSource;
  terminal: TerminalText | null;
  search?: SearchEngine;
  /** Looks for a local Ollama for the picker (default: its standard port). */
  detectOllama?: () => Promise<OllamaFound | null>;
  /** The tool registry (default: the built-in tools). */
  tools?: ToolRegistry;
}

/** What a caller asks for: the chat, the spec runner (a task), a hook's background session. */
export interface AgentRequest {
  text: string;
  context?: ContextRef[];
  /** `auto` or a catalog entry id; default: the session's choice. */
  model?: string;
  /** Where the request comes from: routes `auto` and labels checkpoints. Default `chat`. */
  source?: RequestSource;
  /** Who acts, for the policy and the audit log: `agent` (default), `hook:<name>`, `spec-runner`. */
  actor?: string;
  /** The spec task this request implements (checkpoints carry it). */
  taskId?: string;
  /** Added to the system prompt for this request (a task's brief, a hook's role). */
  instructions?: string;
  /**
   * Only these tools are offered and run (the spec pipeline: reading and writing, no
   * commands). Kept, with `guard`, `instructions` and `actor`, for the session's later
   * requests (Retry, a follow-up in the chat) while the host runs.
   */
  tools?: string[];
  /** Decides each tool call before the policy: the spec pipeline's "only this document". */
  guard?: ToolGuard;
}

export interface StartedRequest {
  requestId: string;
  /** Resolves when the request has ended, however it ended. Never rejects. */
  done: Promise<RequestOutcome>;
}

export interface NewSession {
  title?: string;
  kind?: SessionKind;
  /** The hook's name, the spec's folder: shown in the session list. */
  origin?: string;
  taskId?: string;
  model?: string;
}

const SHELL = process.platform === 'win32' ? 'PowerShell' : 'bash';

/**
 * The agent of one workspace: its sessions (loaded from disk, saved as they change), the
 * tools and `#` context providers other features register, and the requests running now.
 * The chat reaches it through `agent.*` RPCs; the spec runner and the hooks dispatcher call
 * `createSession` and `send` directly.
 */
export class AgentService {
  readonly tools: ToolRegistry;
  readonly context = new ContextRegistry();
  /** The session list, after every change. */
  readonly listChanged = new Emitter<SessionSummary[]>();
  private readonly store: SessionStore;
  private sessions = new Map<string, LiveSession>();
  private loaded: Promise<void> | null = null;
  private readonly search: SearchEngine;
  private offs: (() => void)[] = [];
  /** What a session was started with by another feature (its brief and its limits), for its later requests. */
  private briefs = new Map<string, Pick<AgentRequest, 'tools' | 'guard' | 'instructions' | 'actor'>>();
  /** Guards every request of every session passes (the specs feature: nobody but a person approves a phase). */
  private readonly guards = new Set<ToolGuard>();
  private ollama: { at: number; found: Promise<OllamaFound | null> } | null = null;
  private disposed = false;

  constructor(
    readonly ws: AgentWorkspace,
    private readonly deps: AgentDeps,
  ) {
    this.tools = deps.tools ?? new ToolRegistry();
    this.store = new SessionStore(ws.dataDir);
    this.search = deps.search ?? new WorkspaceSearch();
    for (const p of BUILTIN_CONTEXT_PROVIDERS) this.context.register(p);
    const off = deps.checkpoints.onConversationRestore?.((cp) => this.restoreConversation(cp));
    if (off) this.offs.push(off);
  }

  private get agent(): AgentSettings {
    return this.ws.settings.settings.agent;
  }

  // ── registration points for other features ──

  /** Adds a tool the model is offered (MCP: `mcp__<server>__<tool>`, category `mcp`). Returns its removal. */
  registerTool<I>(tool: AgentTool<I>): () => void {
    return this.tools.register(tool);
  }

  /** Adds a guard every tool call of every session passes before the policy. Returns its removal. */
  registerToolGuard(guard: ToolGuard): () => void {
    this.guards.add(guard);
    return () => this.guards.delete(guard);
  }

  /** Adds a `#` context provider (`spec`, `steering`, `mcp`, …), replacing its placeholder. Returns its removal. */
  registerContextProvider(provider: ContextProvider): () => void {
    return this.context.register(provider);
  }

  // ── sessions ──

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      for (const data of await this.store.loadAll()) {
        this.sessions.set(data.id, new LiveSession(markInterrupted(data), this.store, () => this.emitList()));
      }
    })();
    return this.loaded;
  }

  private emitList() {
    if (!this.disposed) void this.list().then((l) => this.listChanged.emit(l));
  }

  async list(): Promise<SessionSummary[]> {
    await this.load();
    return [...this.sessions.values()].map((s) => summarize(s.data, s.run !== null)).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async get(id: string): Promise<LiveSession> {
    await this.load();
    const s = this.sessions.get(id);
    if (!s) throw new RpcError('NOT_FOUND', 'This session does not exist (it may have been deleted).');
    return s;
  }

  async createSession(input: NewSession = {}): Promise<SessionSummary> {
    await this.load();
    const now = Date.now();
    const data: AgentSession = {
      version: 1,
      id: newId('s'),
      title: input.title?.trim() || 'New session',
      kind: input.kind ?? 'chat',
      ...(input.origin ? { origin: input.origin } : {}),
      ...(input.taskId ? { taskId: input.taskId } : {}),
      createdAt: now,
      updatedAt: now,
      model: input.model ?? this.agent.model,
      entries: [],
    };
    const live = new LiveSession(data, this.store, () => this.emitList());
    this.sessions.set(data.id, live);
    await live.save();
    this.emitList();
    return summarize(data, false);
  }

  async rename(id: string, title: string): Promise<SessionSummary> {
    const s = await this.get(id);
    s.data.title = title.trim();
    s.data.updatedAt = Date.now();
    await s.save();
    s.events.emit(s.snapshot());
    this.emitList();
    return summarize(s.data, s.run !== null);
  }

  async delete(id: string): Promise<void> {
    const s = await this.get(id);
    s.controller?.abort();
    await s.running?.catch(() => {});
    this.sessions.delete(id);
    this.briefs.delete(id);
    await s.dispose();
    await this.store.delete(id);
    this.emitList();
  }

  async exportMarkdown(id: string): Promise<{ markdown: string; fileName: string }> {
    const s = await this.get(id);
    return { markdown: sessionMarkdown(s.data, this.agent.usage), fileName: exportFileName(s.data) };
  }

  async setModel(id: string, model: string): Promise<void> {
    const s = await this.get(id);
    if (model !== 'auto' && !this.catalog().some((m) => m.id === model)) throw new RpcError('BAD_REQUEST', `The model '${model}' is not in agent.models.`);
    s.data.model = model;
    await s.save();
    s.events.emit(s.snapshot());
  }

  /** Puts back what a summary stands for: the model reads those messages in full again. */
  async uncompact(sessionId: string, summaryId: string): Promise<void> {
    const s = await this.get(sessionId);
    if (s.run) throw new RpcError('CONFLICT', 'The session is running; stop it first.');
    if (!s.entry(summaryId)) throw new RpcError('NOT_FOUND', 'That summary is not in the session any more.');
    s.replaceEntries(s.data.entries.filter((e) => e.id !== summaryId));
    s.notice('info', 'compaction', 'The summary was removed: the model reads the earlier messages in full again (they may be summarised again when the window fills up).');
    await s.save();
  }

  // ── models ──

  /** The catalog: `agent.models`, plus a local Ollama's models when one answers. */
  catalog(found: OllamaFound | null = null): ModelEntry[] {
    const models = [...this.agent.models];
    if (found) for (const e of ollamaModelEntries(found)) if (!models.some((m) => m.id === e.id)) models.push(ModelEntrySchema.parse(e));
    return models;
  }

  async ollamaFound(): Promise<OllamaFound | null> {
    if (!this.ollama || Date.now() - this.ollama.at > 60_000) this.ollama = { at: Date.now(), found: (this.deps.detectOllama ?? (() => detectOllama({ timeoutMs: 500 })))() };
    return this.ollama.found;
  }

  async models() {
    const found = await this.ollamaFound();
    const models = this.catalog(found);
    return { model: this.agent.model, models, auto: this.agent.auto, options: pickerOptions({ models, auto: this.agent.auto }), ollama: found };
  }

  private async choose(picked: string, input: { source: RequestSource; text: string; contextItems: number }): Promise<{ entry: ModelEntry; pick: ModelPick }> {
    const models = this.catalog(picked.startsWith('ollama/') ? await this.ollamaFound() : null);
    const choice = chooseModel({ ...this.agent, models }, { kind: input.source, text: input.text, contextItems: input.contextItems }, picked);
    if (!choice.ok) throw new RpcError('BAD_REQUEST', choice.message);
    return { entry: choice.entry, pick: { id: choice.entry.id, label: choice.entry.label ?? choice.entry.id, auto: choice.auto, reason: choice.reason } };
  }

  // ── requests ──

  private loopDeps(): LoopDeps {
    return {
      provider: (entry, agent) => this.deps.providers.forModel(entry, agent),
      ledger: this.deps.ledger,
      gate: this.deps.gate,
      checkpoints: this.deps.checkpoints,
      tools: this.tools,
      toolContext: { ws: this.ws, runner: this.deps.runner, search: this.search },
      settings: () => this.agent,
    };
  }

  /**
   * Sends a message in a session and runs the request in the background. Refused while the
   * session is running. The answer streams on the session's events; `done` resolves with how
   * it ended.
   */
  async send(sessionId: string, req: AgentRequest): Promise<StartedRequest> {
    const s = await this.get(sessionId);
    if (req.tools || req.guard || req.instructions || req.actor) {
      this.briefs.set(sessionId, { ...(req.tools ? { tools: req.tools } : {}), ...(req.guard ? { guard: req.guard } : {}), ...(req.instructions ? { instructions: req.instructions } : {}), ...(req.actor ? { actor: req.actor } : {}) });
    }
    if (s.run) throw new RpcError('CONFLICT', 'The agent is still working in this session; wait for it, or press Stop.');
    const text = req.text.trim();
    const context = req.context ?? [];
    if (!text && !context.length) throw new RpcError('BAD_REQUEST', 'The message is empty.');
    const source = req.source ?? 'chat';
    const { entry, pick } = await this.choose(req.model ?? s.data.model, { source, text, contextItems: context.length });
    const user: UserEntry = { type: 'user', id: newId('u'), at: Date.now(), text, context, resolved: [], contextText: '', source, model: pick };
    if (!s.data.entries.some((e) => e.type === 'user') && s.data.title === 'New session') {
      s.data.title = titleFrom(text || context[0]!.label);
      s.events.emit(s.snapshot());
      this.emitList();
    }
    s.upsert(user);
    const turn = s.data.entries.filter((e) => e.type === 'user').length;
    return this.start(s, user, { entry, pick, turn, req, prepare: true });
  }

  /** Tries the last request again, or continues a cut, stopped or paused answer. */
  async retry(sessionId: string): Promise<StartedRequest> {
    const s = await this.get(sessionId);
    if (s.run) throw new RpcError('CONFLICT', 'The agent is still working in this session.');
    const users = s.data.entries.filter((e): e is UserEntry => e.type === 'user');
    const user = users.at(-1);
    if (!user) throw new RpcError('NOT_FOUND', 'There is nothing to retry in this session.');
    const after = s.data.entries.slice(s.data.entries.indexOf(user) + 1);
    const answers = after.filter((e): e is AssistantEntry => e.type === 'assistant');
    // Continue when part of an answer (or finished tool work) is there to build on; otherwise ask again.
    const continues = answers.some((a) => a.text.trim() || a.toolCalls.length);
    const source = user.source;
    const picked = user.model && this.catalog().some((m) => m.id === user.model!.id) ? user.model.id : s.data.model;
    const { entry, pick } = await this.choose(picked, { source, text: user.text, contextItems: user.context.length });
    const last = answers.at(-1);
    const needsFollowUp = continues && last && last.toolCalls.length === 0;
    return this.start(s, user, { entry, pick, turn: users.length, req: { text: user.text, source }, prepare: false, ...(needsFollowUp ? { followUp: CONTINUE_PROMPT } : {}) });
  }

  private async start(
    s: LiveSession,
    user: UserEntry,
    o: { entry: ModelEntry; pick: ModelPick; turn: number; req: AgentRequest; prepare: boolean; followUp?: string },
  ): Promise<StartedRequest> {
    const controller = new AbortController();
    s.controller = controller;
    s.setRun({ requestId: user.id, phase: 'context', since: Date.now(), model: o.pick });
    const brief = this.briefs.get(s.id);
    const actor = o.req.actor ?? brief?.actor ?? 'agent';
    const instructions = o.req.instructions ?? brief?.instructions;
    const tools = o.req.tools ?? brief?.tools;
    const own = o.req.guard ?? brief?.guard;
    const guards = [...this.guards, ...(own ? [own] : [])];
    const guard: ToolGuard | undefined = guards.length
      ? async (call) => {
          for (const g of guards) {
            const refusal = await g(call);
            if (refusal) return refusal;
          }
          return null;
        }
      : undefined;
    const done = (async (): Promise<RequestOutcome> => {
      const release = this.deps.checkpoints.pauseAutoCheckpoints?.();
      try {
        let files = user.context.flatMap((c) => (c.kind === 'file' && c.arg ? [c.arg] : []));
        if (o.prepare) {
          const r = await resolveContext(user.context, this.context, { ws: this.ws, limits: this.agent.loop, search: this.search, terminal: this.deps.terminal, message: user.text, signal: controller.signal });
          user.resolved = r.resolved;
          user.contextText = r.contextText;
          files = [...new Set([...files, ...r.files])];
        }
        const steering = await this.deps.steering.resolve({ files, text: user.text }).catch((e) => ({ summary: `Steering: could not be read (${(e as Error).message})`, included: [] }));
        user.steering = steering.summary;
        if (o.prepare) {
          try {
            const cp = await this.deps.checkpoints.create({ reason: o.req.source === 'task' ? 'task' : 'turn', label: `Before: ${titleFrom(user.text || 'request')}`, sessionId: s.id, turn: o.turn, ...(o.req.taskId ? { taskId: o.req.taskId } : {}) });
            user.checkpointId = cp.id;
          } catch (e) {
            s.notice('warning', 'info', `No checkpoint could be taken before this request (${(e as Error).message}); each change the agent makes is still checkpointed before it is made.`);
          }
        }
        s.upsert(user);
        if (controller.signal.aborted) {
          s.notice('info', 'stopped', 'Stopped.', true);
          return { status: 'stopped', text: '', cost: 0 };
        }
        const system = systemPrompt({ workspaceName: this.ws.name, root: this.ws.root, platform: process.platform, shell: SHELL, steering, ...(instructions ? { extra: instructions } : {}) });
        return await runRequest(
          { session: s, requestId: user.id, entry: o.entry, pick: o.pick, system, signal: controller.signal, actor, turn: o.turn, ...(o.req.taskId ? { taskId: o.req.taskId } : {}), ...(o.followUp ? { followUp: o.followUp } : {}), ...(tools ? { tools } : {}), ...(guard ? { guard } : {}) },
          this.loopDeps(),
        );
      } catch (e) {
        // Nothing may leave the session stuck: an unexpected failure becomes a notice with Retry.
        const message = `The agent failed unexpectedly: ${(e as Error).message}`;
        s.notice('error', 'error', message, true);
        return { status: 'failed', message, text: '', cost: 0 };
      } finally {
        release?.();
        if (s.controller === controller) s.controller = null;
        s.setRun(null);
        await s.save().catch(() => {});
      }
    })();
    s.running = done;
    return { requestId: user.id, done };
  }

  /** Stops the running request of a session (stream aborted, command killed, approval cancelled). */
  async stop(sessionId: string): Promise<boolean> {
    const s = await this.get(sessionId);
    if (!s.controller) return false;
    s.patchRun({ phase: 'stopping' });
    s.controller.abort();
    return true;
  }

  /**
   * The checkpoints' "conversation" and "both" restores: the session is cut back to the
   * point the checkpoint was taken — before that tool call, or before that request.
   */
  async restoreConversation(cp: RestoredCheckpoint): Promise<void> {
    await this.load();
    const s = this.sessions.get(cp.sessionId);
    if (!s) return; // not an agent session of this workspace (an editor session): nothing to restore
    if (s.controller) {
      s.controller.abort();
      await s.running?.catch(() => {});
    }
    const entries = s.data.entries;
    let cut: SessionEntry[] | null = null;
    if (cp.toolCallId) {
      const i = entries.findIndex((e) => e.type === 'assistant' && e.toolCalls.some((c) => c.id === cp.toolCallId));
      if (i >= 0) {
        const a = entries[i] as AssistantEntry;
        const j = a.toolCalls.findIndex((c) => c.id === cp.toolCallId);
        const kept: AssistantEntry = { ...a, toolCalls: a.toolCalls.slice(0, j) };
        cut = [...entries.slice(0, i), ...(kept.text.trim() || kept.toolCalls.length ? [kept] : [])];
      }
    }
    if (!cut) {
      const i = entries.findIndex((e) => e.type === 'user' && (e.checkpointId === cp.id || (!cp.toolCallId && cp.turn !== undefined && entries.filter((x) => x.type === 'user').indexOf(e) === cp.turn - 1)));
      if (i >= 0) cut = entries.slice(0, i);
    }
    if (!cut) throw new Error(`The conversation no longer reaches the checkpoint “${cp.label}” (it was cut back further already).`);
    const ids = new Set(cut.map((e) => e.id));
    cut = cut.filter((e) => e.type !== 'summary' || ids.has(e.upTo));
    const removed = entries.filter((e) => (e.type === 'user' || e.type === 'assistant') && !ids.has(e.id)).length;
    s.replaceEntries(cut);
    s.notice('info', 'restore', `The conversation was restored to the checkpoint “${cp.label}”: ${removed} later ${removed === 1 ? 'message was' : 'messages were'} removed.`);
    await s.save();
  }

  // ── context and usage ──

  contextProviders(): ContextProviderInfo[] {
    return this.context.info();
  }

  async suggest(providerId: string, query: string): Promise<Suggestion[]> {
    const p = this.context.get(providerId);
    if (!p?.suggest) return [];
    return p.suggest(query, { ws: this.ws, limits: this.agent.loop, search: this.search, terminal: this.deps.terminal });
  }

  async usage(sessionId?: string): Promise<UsageView> {
    const totals = await this.deps.ledger.totals(sessionId ?? '');
    const days = await this.deps.ledger.days(14);
    return {
      session: totals.session,
      day: totals.day,
      month: totals.month,
      days: days.map((d) => ({ date: d.date, cost: d.cost, calls: d.calls })),
      display: this.agent.usage,
      budgets: this.agent.budgets,
    };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const off of this.offs) off();
    await Promise.all([...this.sessions.values()].map((s) => s.dispose()));
    await this.store.flush();
    this.listChanged.clear();
    this.deps.providers.dispose?.();
  }
}

/** A session found on disk with a step in progress: the host stopped during it. */
function markInterrupted(data: AgentSession): AgentSession {
  for (const e of data.entries) {
    if (e.type !== 'assistant') continue;
    if (e.status === 'streaming') e.status = 'interrupted';
    e.toolCalls = e.toolCalls.map((c) =>
      c.status === 'preparing' || c.status === 'running' || c.status === 'pending_approval'
        ? { ...c, status: 'stopped', isError: true, result: c.result ?? 'Interrupted: the IDE stopped while this ran, so its outcome is unknown. Check before relying on it.' }
        : c,
    );
  }
  return data;
}
