import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  ErrorCode,
  LoggingMessageNotificationSchema,
  McpError,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
  type CallToolResult,
  type Prompt,
  type Resource,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { McpCallInfo, McpServerState } from '../../shared/contract/mcp';
import type { MergedMcpServer } from '../../shared/kiro/mcp';
import type { McpSettings } from '../../shared/settings/mcp';
import { connectServer, McpStartError, type Connected, type ConnectedVia } from './connect';
import { McpCallError } from './call-error';
import { LogBuffer } from './log-buffer';
import { ProcessTransport } from './stdio-transport';
import type { Expanded } from './variables';

export interface RuntimeDeps {
  root: string;
  settings(): McpSettings;
  /** Status or lists changed — or only the running calls (`'calls'`); the manager throttles what it sends on. */
  changed(what?: 'calls'): void;
}

export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (p: { progress: number; total?: number; message?: string }) => void;
  /** Shown in the panel while the call runs. */
  callId?: string;
}

const MAX_PAGES = 50;
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * One configured server: starts it (within the start timeout), keeps its tools, prompts
 * and resources, captures its stderr, restarts it after a crash with a doubling delay up
 * to a limit, and runs calls with a timeout that progress notifications extend.
 */
export class ServerRuntime {
  state: McpServerState = 'stopped';
  reason: string | null = null;
  since = Date.now();
  /** Crashes in a row (reset after it has stayed ready for `stableAfterMs`, or by a manual restart). */
  restarts = 0;
  via: ConnectedVia | null = null;
  serverInfo: { name: string; version: string } | null = null;
  tools: Tool[] = [];
  prompts: Prompt[] = [];
  resources: Resource[] = [];
  readonly log: LogBuffer;
  readonly calls = new Map<string, McpCallInfo>();

  private conn: Connected | null = null;
  private pending: ProcessTransport | null = null;
  private gen = 0;
  private abort: AbortController | null = null;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private stableTimer: ReturnType<typeof setTimeout> | null = null;
  private stateWaiters: (() => void)[] = [];
  private callSeq = 0;

  constructor(
    public config: MergedMcpServer,
    public expanded: Expanded,
    private readonly deps: RuntimeDeps,
  ) {
    this.log = new LogBuffer(deps.settings().logMaxChars);
  }

  get name(): string {
    return this.config.name;
  }

  get pid(): number | null {
    const t = this.conn?.transport ?? this.pending;
    return t instanceof ProcessTransport ? t.pid : null;
  }

  get client(): Client | null {
    return this.state === 'ready' ? (this.conn?.client ?? null) : null;
  }

  /** The call timeout in effect: the server's `timeout` in mcp.json, else the setting. */
  get timeoutSeconds(): number {
    return this.config.timeoutSeconds ?? this.deps.settings().callTimeoutSeconds;
  }

  private setState(state: McpServerState, reason: string | null) {
    this.state = state;
    this.reason = reason;
    this.since = Date.now();
    const waiters = this.stateWaiters;
    this.stateWaiters = [];
    for (const w of waiters) w();
    this.deps.changed();
  }

  /** Starts the server (a manual start forgets earlier crashes). */
  async start(kind: 'initial' | 'manual' | 'auto' = 'initial'): Promise<void> {
    if (kind !== 'auto') this.restarts = 0;
    this.clearTimers();
    await this.disconnect();
    const gen = ++this.gen;
    const settings = this.deps.settings();
    this.log.setLimit(settings.logMaxChars);
    this.abort = new AbortController();
    this.tools = [];
    this.prompts = [];
    this.resources = [];
    this.serverInfo = null;
    this.via = null;
    if (kind !== 'auto') this.setState('starting', null);
    else this.deps.changed();
    const timeoutMs = settings.startTimeoutSeconds * 1000;
    const { launch } = this.expanded;
    this.log.note(`starting ${launch.transport === 'stdio' ? [launch.command, ...launch.args].join(' ') : launch.url}`);
    let conn: Connected;
    try {
      conn = await connectServer(launch, {
        root: this.deps.root,
        timeoutMs,
        signal: this.abort.signal,
        onStderr: (t) => this.log.append(t),
        onNote: (t) => this.log.note(t),
        onTransport: (t) => {
          if (t instanceof ProcessTransport) this.pending = t;
          this.deps.changed();
        },
      });
    } catch (e) {
      this.pending = null;
      if (gen !== this.gen) return;
      const message = this.withOutput(e instanceof McpStartError ? e.message : `The server could not be started: ${(e as Error).message}`);
      this.log.note(`failed: ${message}`);
      if (kind === 'auto') this.crashed(message);
      else this.setState('failed', message);
      return;
    }
    this.pending = null;
    if (gen !== this.gen) {
      await conn.client.close().catch(() => {});
      return;
    }
    this.conn = conn;
    this.via = conn.via;
    const v = conn.client.getServerVersion();
    this.serverInfo = v ? { name: v.name, version: v.version } : null;
    conn.client.onclose = () => {
      if (gen === this.gen && this.conn === conn) this.onClosed(conn);
    };
    conn.client.onerror = (e) => {
      if (gen === this.gen) this.log.note(`transport error: ${e.message}`);
    };
    this.listenForChanges(conn.client, gen);
    await this.refreshLists(conn.client, timeoutMs);
    if (gen !== this.gen || this.conn !== conn) return;
    this.log.note(`ready: ${this.serverInfo ? `${this.serverInfo.name} ${this.serverInfo.version}, ` : ''}${this.tools.length} tools via ${conn.via}`);
    this.setState('ready', null);
    const stableAfter = settings.stableAfterMs;
    this.stableTimer = setTimeout(() => {
      if (gen === this.gen) this.restarts = 0;
    }, stableAfter);
    this.stableTimer.unref?.();
  }

  /** The transport closed: a crash unless we stopped it. */
  private onClosed(conn: Connected) {
    this.conn = null;
    this.tools = [];
    this.prompts = [];
    this.resources = [];
    const t = conn.transport;
    let why = 'The connection to the server closed.';
    if (t instanceof ProcessTransport && t.exit) why = t.exit.signal ? `The server was killed by ${t.exit.signal}.` : `The server exited with code ${t.exit.code}.`;
    this.log.note(why);
    this.crashed(this.withOutput(why));
  }

  private crashed(why: string) {
    this.restarts++;
    const { maxRestarts, restartDelayMs } = this.deps.settings();
    if (this.restarts > maxRestarts) {
      const times = this.restarts === 1 ? 'It stopped' : `It failed ${this.restarts} times in a row`;
      this.setState('failed', `${why} ${times}, so it is not restarted again${maxRestarts ? ` (limit: ${maxRestarts} restarts)` : ''}; fix the cause and press Restart.`);
      return;
    }
    const delay = restartDelayMs * 2 ** (this.restarts - 1);
    this.setState('starting', `${why} Restarting in ${seconds(delay)} (attempt ${this.restarts} of ${maxRestarts}).`);
    const gen = this.gen;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (gen === this.gen) void this.start('auto');
    }, delay);
  }

  /** The last lines of stderr, when there are any: they usually say what went wrong. */
  private withOutput(message: string): string {
    const tail = this.log.tail(3);
    if (!tail.length) return message;
    const text = tail.join(' | ');
    return `${message} Its last output: ${text.length > 400 ? `…${text.slice(-400)}` : text}`;
  }

  private listenForChanges(client: Client, gen: number) {
    const refresh = (what: 'tools' | 'prompts' | 'resources') => () => {
      if (gen !== this.gen || this.conn?.client !== client) return;
      void this.list(client, what, this.deps.settings().startTimeoutSeconds * 1000).then(() => this.deps.changed());
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, refresh('tools'));
    client.setNotificationHandler(PromptListChangedNotificationSchema, refresh('prompts'));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, refresh('resources'));
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      const data = typeof n.params.data === 'string' ? n.params.data : JSON.stringify(n.params.data);
      this.log.append(`[${n.params.level}${n.params.logger ? ` ${n.params.logger}` : ''}] ${data}\n`);
    });
  }

  private async refreshLists(client: Client, timeoutMs: number) {
    await Promise.all([this.list(client, 'tools', timeoutMs), this.list(client, 'prompts', timeoutMs), this.list(client, 'resources', timeoutMs)]);
  }

  /** Lists one kind, every page; a server that lacks the capability has none. */
  private async list(client: Client, what: 'tools' | 'prompts' | 'resources', timeoutMs: number): Promise<void> {
    const caps = client.getServerCapabilities() ?? {};
    if (!caps[what]) {
      this[what] = [];
      return;
    }
    try {
      const items: unknown[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const opts = { timeout: timeoutMs };
        const params = cursor ? { cursor } : {};
        const r = what === 'tools' ? await client.listTools(params, opts) : what === 'prompts' ? await client.listPrompts(params, opts) : await client.listResources(params, opts);
        items.push(...(what === 'tools' ? (r as { tools: Tool[] }).tools : what === 'prompts' ? (r as { prompts: Prompt[] }).prompts : (r as { resources: Resource[] }).resources));
        cursor = r.nextCursor;
        if (!cursor) break;
      }
      (this as Record<typeof what, unknown[]>)[what] = items;
    } catch (e) {
      this.log.note(`listing ${what} failed: ${(e as Error).message}`);
    }
  }

  /** Waits while the server is starting (or restarting); gives the client once ready. */
  private async whenReady(signal?: AbortSignal): Promise<Client> {
    const deadline = Date.now() + this.deps.settings().startTimeoutSeconds * 1000 + 60_000;
    while (this.state === 'starting' && Date.now() < deadline) {
      signal?.throwIfAborted();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.stateWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const client = this.client;
    if (!client) {
      const what = this.state === 'failed' ? `failed: ${this.reason}` : this.state === 'stopped' ? 'stopped' : 'still starting';
      throw new McpCallError(`The MCP server "${this.name}" is not ready (${what}).`, 'not-ready');
    }
    return client;
  }

  async callTool(tool: string, args: Record<string, unknown>, o: CallOptions = {}): Promise<CallToolResult> {
    const client = await this.whenReady(o.signal);
    const settings = this.deps.settings();
    const timeoutMs = this.timeoutSeconds * 1000;
    const id = o.callId ?? `call-${++this.callSeq}`;
    const info: McpCallInfo = { id, tool, startedAt: Date.now() };
    this.calls.set(id, info);
    this.deps.changed('calls');
    try {
      const result = await client.callTool({ name: tool, arguments: args }, undefined, {
        timeout: timeoutMs,
        resetTimeoutOnProgress: true,
        maxTotalTimeout: timeoutMs * settings.maxCallTimeoutFactor,
        ...(o.signal ? { signal: o.signal } : {}),
        onprogress: (p) => {
          const progress = { progress: p.progress, ...(p.total !== undefined ? { total: p.total } : {}), ...(p.message ? { message: p.message } : {}) };
          this.calls.set(id, { ...info, progress });
          this.deps.changed('calls');
          o.onProgress?.(progress);
        },
      });
      return result as CallToolResult;
    } catch (e) {
      throw this.callError(e, tool, timeoutMs, o.signal);
    } finally {
      this.calls.delete(id);
      this.deps.changed('calls');
    }
  }

  private callError(e: unknown, tool: string, timeoutMs: number, signal?: AbortSignal): unknown {
    if (signal?.aborted) return e;
    if (e instanceof McpError) {
      if (e.code === ErrorCode.RequestTimeout) {
        this.log.note(`${tool}: no answer within ${seconds(timeoutMs)}; cancelled`);
        return new McpCallError(`${this.name}/${tool} did not answer within ${seconds(timeoutMs)} (the server's call timeout), so the call was cancelled. The server may still be working on it.`, 'timeout');
      }
      if (e.code === ErrorCode.ConnectionClosed) return new McpCallError(`The MCP server "${this.name}" stopped during the call to ${tool}.`, 'closed');
      if (e.code === ErrorCode.MethodNotFound || e.code === ErrorCode.InvalidParams) {
        return new McpCallError(`${this.name}/${tool}: ${e.message.replace(/^MCP error -?\d+: /, '')}`, 'server-error');
      }
      return new McpCallError(`The MCP server "${this.name}" answered with an error: ${e.message.replace(/^MCP error -?\d+: /, '')}`, 'server-error');
    }
    // Anything else is the transport failing (a remote server gone, a broken pipe): a result for the model, not a crash of the turn.
    if (e instanceof Error && e.name !== 'AbortError') {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      const what =
        cause === 'ECONNREFUSED' ? 'the server refused the connection (is it still running?)' : cause === 'UND_ERR_SOCKET' || cause === 'ECONNRESET' ? 'the server closed the connection' : e.message;
      return new McpCallError(`The call to ${this.name}/${tool} could not be completed: ${what}${cause ? ` (${cause})` : ''}.`, 'closed');
    }
    return e;
  }

  async readResource(uri: string, signal?: AbortSignal) {
    const client = await this.whenReady(signal);
    return client.readResource({ uri }, { timeout: this.timeoutSeconds * 1000, ...(signal ? { signal } : {}) });
  }

  async getPrompt(name: string, args: Record<string, string>, signal?: AbortSignal) {
    const client = await this.whenReady(signal);
    return client.getPrompt({ name, arguments: args }, { timeout: this.timeoutSeconds * 1000, ...(signal ? { signal } : {}) });
  }

  private clearTimers() {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.stableTimer) clearTimeout(this.stableTimer);
    this.restartTimer = this.stableTimer = null;
  }

  private async disconnect() {
    this.abort?.abort();
    this.abort = null;
    const conn = this.conn;
    this.conn = null;
    if (conn) {
      conn.client.onclose = undefined;
      await conn.client.close().catch(() => {});
    }
  }

  /** Stops it (disabled, removed, or the workspace closed). */
  async stop(reason: string | null = null): Promise<void> {
    this.gen++;
    this.clearTimers();
    const was = this.state;
    await this.disconnect();
    this.tools = [];
    this.prompts = [];
    this.resources = [];
    this.via = null;
    if (was !== 'stopped') this.log.note(`stopped${reason ? `: ${reason}` : ''}`);
    this.setState('stopped', reason);
  }

  /** Kills at once (the host is exiting and cannot wait). */
  kill(): void {
    this.gen++;
    this.clearTimers();
    const t = this.conn?.transport ?? this.pending;
    if (t instanceof ProcessTransport) t.kill();
  }
}
