import { unwatchFile, watchFile } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { countTokens } from '../../shared/agent/tokens';
import type { McpConfigFile, McpScope, McpServerInfo, McpState, McpToolInfo, McpVariable } from '../../shared/contract/mcp';
import { mergeMcpConfigs, type McpConfig, type MergedMcpServer } from '../../shared/kiro/mcp';
import { RpcError } from '../../shared/rpc/errors';
import { Emitter } from '../../shared/rpc/transport';
import { JsonStore } from '../host/json-store';
import { userKiroDir } from '../kiro/home';
import { setMcpServerDisabledOnDisk } from '../kiro/mcp';
import { readKiroText } from '../kiro/read';
import type { Workspace } from '../workspace/workspace';
import { configPathOf, DISPLAY, readConfigFile, WORKSPACE_CONFIG_REL } from './config-files';
import { formatToolResult, type FormattedResult } from './results';
import { McpCallError } from './call-error';
import type { CallOptions, ServerRuntime } from './server-runtime';
import { qualifiedToolName } from './tool-names';
import { variableAnswersFor, type VariableAnswers } from './variable-answers';
import { expandServer, launchFingerprint, targetOf } from './variables';

/** One tool as the model is offered it. */
export interface McpToolEntry {
  qualifiedName: string;
  server: string;
  tool: Tool;
  description: string;
  inputSchema: Record<string, unknown>;
  autoApproved: boolean;
  readOnly: boolean;
  tokens: number;
}

/** What a call came back with, ready for the model and the tool card. */
export interface McpToolOutcome extends FormattedResult {
  server: string;
  tool: string;
}

/** A call ready to go, in the shape of the agent's `PreparedCall`: ask the policy about `action`, then `execute`. */
export interface PreparedMcpCall {
  server: string;
  tool: string;
  action: { kind: 'mcp'; server: string; tool: string; input: unknown; autoApproved: boolean };
  /** Unless the server marks the tool read-only, it may change anything: checkpoint first. */
  mutates: boolean;
  label: string;
  execute(o?: CallOptions): Promise<McpToolOutcome>;
}

export interface McpManagerOptions {
  /** `~/.kiro` (or SPECWRIGHT_HOME_KIRO); null turns the user file off. */
  userKiroDir?: string | null;
  /** Where `${VAR}` values come from. Default: Specwright's environment. */
  env?: Record<string, string | undefined>;
  /** Folder holding `mcp-variables.json`. Default: the app data folder. */
  appDataDir?: string;
  /** How often both files' stat is checked (besides the workspace watcher). */
  pollMs?: number;
}

const UiState = z.object({ toolWarningDismissed: z.boolean().default(false) });

/** The workspace's MCP servers: `getMcp(ws)`. Created when the workspace opens (host.ts), disposed with it. */
export function getMcp(ws: Workspace): McpManager {
  return ws.service('mcp', (w) => new McpManager(w));
}

/**
 * Reads the workspace and user mcp.json (merged by the .kiro layer), starts the enabled
 * servers in parallel, follows both files, and offers the servers' tools, prompts and
 * resources. Every server is isolated: one that fails, hangs or floods changes only its
 * own status.
 */
export class McpManager {
  /** Something in `state()` changed (throttled). */
  readonly changes = new Emitter<McpState>();
  /** The set of tools offered to the model changed. */
  readonly toolsChanged = new Emitter<McpToolEntry[]>();

  readonly userKiroDir: string | null;
  private readonly env: Record<string, string | undefined>;
  private readonly answers: VariableAnswers;
  private readonly ui: JsonStore<typeof UiState>;
  private readonly servers = new Map<string, ServerRuntime>();
  /** The runtime (and with it the MCP SDK) is loaded once a config names a server: most folders have none. */
  private Runtime: typeof ServerRuntime | null = null;
  private files: McpConfigFile[] = [];
  private readonly lastGood = new Map<McpScope, McpConfig>();
  private loaded = false;
  private disposed = false;
  private reloadChain: Promise<void> = Promise.resolve();
  private reloadQueued = false;
  private readonly starting = new Set<Promise<void>>();
  private emitTimer: ReturnType<typeof setTimeout> | null = null;
  private toolSignature = '';
  private toolCache: McpToolEntry[] | null = null;
  private readonly offs: (() => void)[] = [];
  /** The first load has been read and every server it started has settled (ready or failed). */
  readonly ready: Promise<void>;

  constructor(
    private readonly ws: Workspace,
    options: McpManagerOptions = {},
  ) {
    this.userKiroDir = options.userKiroDir !== undefined ? options.userKiroDir : userKiroDir();
    this.env = options.env ?? process.env;
    this.answers = variableAnswersFor(options.appDataDir ?? ws.appDataDir);
    this.ui = new JsonStore(path.join(ws.dataDir, 'mcp-ui.json'), UiState, { toolWarningDismissed: false });

    const touches = (p: string) => p === WORKSPACE_CONFIG_REL || p === '.kiro/settings' || p === '.kiro';
    this.offs.push(ws.watcher.changes.on((changes) => void (changes.some((c) => touches(c.path)) && this.reload())));
    this.offs.push(ws.files.writes.on((w) => void (touches(w.path) && this.reload())));
    this.offs.push(this.answers.changed.on(() => void this.reload()));
    this.offs.push(ws.settings.changes.on(() => this.emitSoon()));
    // Stat polling as well: the user file is outside the workspace watcher's reach (and may
    // not exist yet), and for the workspace file it catches a change event that arrived
    // while the file was half-written (read empty, then no further event).
    for (const file of [configPathOf('workspace', ws.root, null), configPathOf('user', ws.root, this.userKiroDir)]) {
      if (!file) continue;
      const listener = (cur: { mtimeMs: number; size: number; ino: number }, prev: { mtimeMs: number; size: number; ino: number }) => {
        if (cur.mtimeMs !== prev.mtimeMs || cur.size !== prev.size || cur.ino !== prev.ino) void this.reload();
      };
      watchFile(file, { interval: options.pollMs ?? 1000, persistent: false }, listener);
      this.offs.push(() => unwatchFile(file, listener));
    }
    // If the host exits without closing the workspace (Electron quitting, a fatal error),
    // the servers' process groups are killed rather than left behind.
    const onExit = () => {
      for (const rt of this.servers.values()) rt.kill();
    };
    process.on('exit', onExit);
    this.offs.push(() => process.off('exit', onExit));
    this.ready = this.reload().then(() => this.settled());
  }

  private get settings() {
    return this.ws.settings.settings.mcp;
  }

  // ── configuration ──────────────────────────────────────────────────────────────────

  /** Re-reads both files and brings the servers in line (serialised; bursts collapse into one). */
  reload(): Promise<void> {
    if (this.reloadQueued) return this.reloadChain;
    this.reloadQueued = true;
    this.reloadChain = this.reloadChain.then(async () => {
      this.reloadQueued = false;
      if (this.disposed) return;
      try {
        await this.applyConfig();
      } catch (e) {
        console.error('[specwright] MCP reload failed:', e);
      }
    });
    return this.reloadChain;
  }

  /** Waits until no server is starting. */
  async settled(): Promise<void> {
    await this.reloadChain;
    while (this.starting.size) await Promise.allSettled([...this.starting]);
  }

  private track(p: Promise<void>) {
    this.starting.add(p);
    void p.finally(() => this.starting.delete(p));
  }

  private async applyConfig() {
    const read = async (scope: McpScope) => {
      const r = await readConfigFile(scope, configPathOf(scope, this.ws.root, this.userKiroDir), this.ws.root, this.lastGood.get(scope));
      if (r.good === null) this.lastGood.delete(scope);
      else if (r.good) this.lastGood.set(scope, r.good);
      return r;
    };
    const [wsCfg, userCfg] = await Promise.all([read('workspace'), read('user')]);
    if (this.disposed) return;
    this.files = [wsCfg.file, userCfg.file].filter((f): f is McpConfigFile => !!f);
    const merged = mergeMcpConfigs(userCfg.config, wsCfg.config);
    if (merged.length && !this.Runtime) {
      this.Runtime = (await import('./server-runtime')).ServerRuntime;
      if (this.disposed) return;
    }
    const wanted = new Set(merged.map((s) => s.name));
    for (const [name, rt] of this.servers) {
      if (wanted.has(name)) continue;
      this.servers.delete(name);
      this.track(rt.stop('removed from mcp.json'));
    }
    for (const s of merged) this.applyServer(s);
    this.loaded = true;
    this.emitSoon();
  }

  private applyServer(s: MergedMcpServer) {
    const expanded = expandServer(s, this.env, (k) => this.answers.get(k));
    const rt = this.servers.get(s.name);
    if (!rt) {
      const fresh = new this.Runtime!(s, expanded, { root: this.ws.root, settings: () => this.settings, changed: (what) => this.emitSoon(what) });
      this.servers.set(s.name, fresh);
      if (!s.disabled) this.track(fresh.start('initial'));
      return;
    }
    const relaunch = launchFingerprint(rt.expanded.launch) !== launchFingerprint(expanded.launch);
    const wasEnabled = !rt.config.disabled;
    rt.config = s;
    rt.expanded = expanded;
    if (s.disabled) {
      if (rt.state !== 'stopped') this.track(rt.stop(`turned off in ${s.disabledBy.map((sc) => DISPLAY[sc]).join(' and ')}`));
    } else if (!wasEnabled || relaunch || rt.state === 'stopped') {
      if (relaunch && wasEnabled) rt.log.note('its configuration changed; restarting');
      this.track(rt.start('manual'));
    }
  }

  // ── state for the panel ───────────────────────────────────────────────────────────

  private emitSoon(what?: 'calls') {
    if (what !== 'calls') this.toolCache = null;
    if (this.disposed || this.emitTimer) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      if (this.disposed) return;
      this.changes.emit(this.state());
      const tools = this.tools();
      const signature = JSON.stringify(tools.map((t) => [t.qualifiedName, t.description, t.inputSchema, t.autoApproved, t.readOnly]));
      if (signature !== this.toolSignature) {
        this.toolSignature = signature;
        this.toolsChanged.emit(tools);
      }
    }, 30);
  }

  state(): McpState {
    const names = this.toolNames();
    const servers: McpServerInfo[] = [...this.servers.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((rt) => {
        const c = rt.config;
        const tools: McpToolInfo[] = rt.tools.map((t) => {
          const q = names.get(`${rt.name}\0${t.name}`) ?? qualifiedToolName(rt.name, t.name);
          return {
            name: t.name,
            qualifiedName: q,
            description: t.description ?? '',
            hidden: c.disabledTools.includes(t.name),
            autoApproved: isAutoApproved(c, t.name),
            readOnly: t.annotations?.readOnlyHint === true,
            tokens: toolTokens(q, t),
          };
        });
        const fileDiag = this.files.find((f) => f.scope === c.source.scope);
        return {
          name: rt.name,
          scope: c.source.scope,
          file: DISPLAY[c.source.scope],
          overrides: c.overrides,
          transport: c.transport,
          connectedVia: rt.via,
          target: targetOf(c),
          description: c.description,
          enabled: !c.disabled,
          disabledBy: c.disabledBy,
          state: rt.state,
          reason: rt.reason,
          since: rt.since,
          restarts: rt.restarts,
          serverInfo: rt.serverInfo,
          pid: rt.pid,
          tools,
          prompts: rt.prompts.map((p) => ({ name: p.name, description: p.description ?? null })),
          resources: rt.resources.map((r) => ({ uri: r.uri, name: r.name, mimeType: r.mimeType ?? null })),
          warnings: [...rt.expanded.warnings, ...(fileDiag?.stale ? [`${fileDiag.display} has errors; its last valid version is in effect.`] : [])],
          timeoutSeconds: rt.timeoutSeconds,
          logChars: rt.log.length,
          calls: [...rt.calls.values()],
        };
      });
    const variables: McpVariable[] = [];
    for (const rt of this.servers.values()) {
      for (const u of rt.expanded.variables) {
        variables.push({ key: u.key, variable: u.variable, server: rt.name, target: targetOf(rt.config), where: u.where, answer: u.answer, defined: u.defined });
      }
    }
    const offered = this.tools();
    const totals = { tools: offered.length, tokens: offered.reduce((n, t) => n + t.tokens, 0) };
    const threshold = this.settings.manyToolsWarning;
    const toolWarning = totals.tools > threshold && !this.ui.get().toolWarningDismissed ? { ...totals, threshold } : null;
    return { loaded: this.loaded, servers, files: this.files, variables, totals, toolWarning };
  }

  // ── tools for the model ────────────────────────────────────────────────────────────

  /** Qualified names for every listed tool, stable for a given set of servers and tools. */
  private toolNames(): Map<string, string> {
    const taken = new Set<string>();
    const out = new Map<string, string>();
    const all = [...this.servers.values()].sort((a, b) => a.name.localeCompare(b.name));
    for (const rt of all) {
      for (const t of rt.tools) {
        const q = qualifiedToolName(rt.name, t.name, taken);
        taken.add(q);
        out.set(`${rt.name}\0${t.name}`, q);
      }
    }
    return out;
  }

  /** The tools offered to the model: those of ready servers, minus `disabledTools`. */
  tools(): McpToolEntry[] {
    if (this.toolCache) return this.toolCache;
    const names = this.toolNames();
    const out: McpToolEntry[] = [];
    for (const rt of [...this.servers.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      if (rt.state !== 'ready') continue;
      for (const t of rt.tools) {
        if (rt.config.disabledTools.includes(t.name)) continue;
        const q = names.get(`${rt.name}\0${t.name}`)!;
        out.push({
          qualifiedName: q,
          server: rt.name,
          tool: t,
          description: describeTool(rt.name, t),
          inputSchema: t.inputSchema as Record<string, unknown>,
          autoApproved: isAutoApproved(rt.config, t.name),
          readOnly: t.annotations?.readOnlyHint === true,
          tokens: toolTokens(q, t),
        });
      }
    }
    this.toolCache = out;
    return out;
  }

  private find(qualifiedName: string): { rt: ServerRuntime; entry: McpToolEntry } {
    const offered = this.tools().find((t) => t.qualifiedName === qualifiedName);
    const ready = offered && this.servers.get(offered.server);
    if (offered && ready) return { rt: ready, entry: offered };
    for (const [key, name] of this.toolNames()) {
      if (name !== qualifiedName) continue;
      const [server, tool] = key.split('\0') as [string, string];
      const rt = this.servers.get(server)!;
      if (rt.config.disabledTools.includes(tool)) throw new McpCallError(`${server}/${tool} is listed in disabledTools in ${DISPLAY[rt.config.source.scope]}, so it cannot be called.`, 'unknown-tool');
      const entry = this.tools().find((t) => t.qualifiedName === qualifiedName);
      if (entry) return { rt, entry };
    }
    // Not listed: its server may be starting, failed or off.
    const rt = [...this.servers.values()].find((r) => qualifiedName.startsWith(`mcp__${r.name.replace(/[^a-zA-Z0-9_-]/g, '_')}__`));
    if (rt && rt.state !== 'ready') throw new McpCallError(`The MCP server "${rt.name}" is not ready (${rt.state}${rt.reason ? `: ${rt.reason}` : ''}).`, 'not-ready');
    throw new McpCallError(`There is no MCP tool named ${qualifiedName}.`, 'unknown-tool');
  }

  /** Says what a call would do, for the policy (and the agent's checkpoint), without doing it. */
  prepare(qualifiedName: string, input: Record<string, unknown>): PreparedMcpCall {
    const { entry } = this.find(qualifiedName);
    return {
      server: entry.server,
      tool: entry.tool.name,
      action: { kind: 'mcp', server: entry.server, tool: entry.tool.name, input, autoApproved: entry.autoApproved },
      mutates: !entry.readOnly,
      label: `Before MCP ${entry.server}/${entry.tool.name}`,
      execute: (o) => this.callTool(qualifiedName, input, o),
    };
  }

  /**
   * Runs a tool (no policy: the caller has asked it — see `prepare` and `callToolGated`).
   * Failures the model should read (timeout, server error, server gone) come back as an
   * error result; a stopped turn rejects with the abort reason.
   */
  async callTool(qualifiedName: string, input: Record<string, unknown>, o: CallOptions = {}): Promise<McpToolOutcome> {
    let rt: ServerRuntime;
    let tool: string;
    try {
      const found = this.find(qualifiedName);
      rt = found.rt;
      tool = found.entry.tool.name;
    } catch (e) {
      if (e instanceof McpCallError) return { server: '', tool: qualifiedName, text: e.message, isError: true, summary: e.message.slice(0, 100), media: [], truncated: false };
      throw e;
    }
    try {
      const result = await rt.callTool(tool, input, o);
      return { server: rt.name, tool, ...formatToolResult(result, this.settings.resultMaxChars) };
    } catch (e) {
      if (e instanceof McpCallError) return { server: rt.name, tool, text: e.message, isError: true, summary: e.kind === 'timeout' ? 'timed out' : e.message.slice(0, 100), media: [], truncated: false };
      throw e;
    }
  }

  // ── prompts and resources (#mcp) ─────────────────────────────────────────────────

  /** Prompts and resources of ready servers, for `#mcp` suggestions. */
  contextItems(): { kind: 'prompt' | 'resource'; server: string; name: string; arg: string; description: string | null }[] {
    const out: { kind: 'prompt' | 'resource'; server: string; name: string; arg: string; description: string | null }[] = [];
    for (const rt of [...this.servers.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      if (rt.state !== 'ready') continue;
      for (const p of rt.prompts) out.push({ kind: 'prompt', server: rt.name, name: p.name, arg: `${rt.name}/prompt/${p.name}`, description: p.description ?? null });
      for (const r of rt.resources) out.push({ kind: 'resource', server: rt.name, name: r.name, arg: `${rt.name}/resource/${r.uri}`, description: r.description ?? r.uri });
    }
    return out;
  }

  /**
   * `#mcp <server>/prompt/<name> [key=value …]` or `#mcp <server>/resource/<uri>` as text for
   * the model.
   */
  async resolveContext(arg: string, signal?: AbortSignal): Promise<{ title: string; text: string }> {
    const rt = [...this.servers.values()].sort((a, b) => b.name.length - a.name.length).find((r) => arg.startsWith(`${r.name}/prompt/`) || arg.startsWith(`${r.name}/resource/`));
    if (!rt) throw new Error(`"${arg}" names no configured MCP server; use <server>/prompt/<name> or <server>/resource/<uri>.`);
    const rest = arg.slice(rt.name.length + 1);
    if (rest.startsWith('prompt/')) {
      const [name, ...pairs] = rest.slice('prompt/'.length).trim().split(/\s+/);
      const args: Record<string, string> = {};
      for (const p of pairs) {
        const eq = p.indexOf('=');
        if (eq > 0) args[p.slice(0, eq)] = p.slice(eq + 1);
      }
      const prompt = rt.prompts.find((p) => p.name === name);
      const missing = (prompt?.arguments ?? []).filter((a) => a.required && !(a.name in args)).map((a) => a.name);
      if (missing.length) throw new Error(`The prompt ${rt.name}/${name} needs ${missing.map((m) => `${m}=…`).join(' ')} after its name.`);
      const r = await rt.getPrompt(name!, args, signal);
      const text = r.messages
        .map((m) => {
          const c = m.content;
          const body = c.type === 'text' ? c.text : c.type === 'resource' && 'text' in c.resource ? String(c.resource.text) : `[${c.type} content]`;
          return `${m.role}: ${body}`;
        })
        .join('\n\n');
      return { title: `MCP prompt ${rt.name}/${name}${r.description ? ` — ${r.description}` : ''}`, text };
    }
    const uri = rest.slice('resource/'.length).trim();
    const r = await rt.readResource(uri, signal);
    const text = r.contents
      .map((c) => ('text' in c && typeof c.text === 'string' ? c.text : `[${c.mimeType ?? 'binary'} data, ${Math.floor(((c as { blob?: string }).blob?.length ?? 0) * 0.75)} bytes; not included]`))
      .join('\n\n');
    return { title: `MCP resource ${rt.name} ${uri}`, text };
  }

  // ── actions from the panel ───────────────────────────────────────────────────────

  private runtime(name: string): ServerRuntime {
    const rt = this.servers.get(name);
    if (!rt) throw new RpcError('NOT_FOUND', `There is no MCP server named "${name}" in mcp.json.`);
    return rt;
  }

  /**
   * Turns a server on or off by writing `disabled` (only that value) into the file that
   * decides: off goes into the file whose definition is in effect (the workspace one
   * when it overrides the user's); on clears `disabled` in every file that sets it.
   */
  async setEnabled(name: string, enabled: boolean): Promise<{ files: string[] }> {
    const rt = this.runtime(name);
    const c = rt.config;
    const scopes: McpScope[] = enabled ? c.disabledBy : [c.source.scope];
    const written: string[] = [];
    for (const scope of scopes) {
      const abs = configPathOf(scope, this.ws.root, this.userKiroDir);
      if (!abs) continue;
      try {
        if (await setMcpServerDisabledOnDisk(abs, name, !enabled)) written.push(DISPLAY[scope]);
      } catch (e) {
        throw new RpcError('CONFLICT', `Cannot change ${DISPLAY[scope]}: ${(e as Error).message}`);
      }
    }
    await this.reload();
    return { files: written };
  }

  async restart(name: string): Promise<void> {
    const rt = this.runtime(name);
    if (rt.config.disabled) throw new RpcError('BAD_REQUEST', `"${name}" is turned off in mcp.json; turn it on to start it.`);
    const p = rt.start('manual');
    this.track(p);
    await p;
  }

  log(name: string) {
    return this.runtime(name).log;
  }

  async answerVariable(key: string, approve: boolean): Promise<void> {
    for (const rt of this.servers.values()) {
      const u = rt.expanded.variables.find((v) => v.key === key);
      if (u) {
        await this.answers.set(key, approve ? 'approved' : 'denied', { variable: u.variable, server: rt.name, target: targetOf(rt.config) });
        await this.reload();
        return;
      }
    }
    throw new RpcError('NOT_FOUND', 'That variable is no longer used by any server in mcp.json.');
  }

  async dismissToolWarning(): Promise<void> {
    await this.ui.update({ toolWarningDismissed: true });
    this.emitSoon();
  }

  async readConfig(scope: McpScope): Promise<{ path: string; display: string; exists: boolean; text: string }> {
    const abs = configPathOf(scope, this.ws.root, this.userKiroDir);
    if (!abs) throw new RpcError('NOT_FOUND', 'The user scope is turned off (SPECWRIGHT_HOME_KIRO is empty).');
    try {
      const t = await readKiroText(abs);
      return { path: abs, display: DISPLAY[scope], exists: true, text: t.text };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { path: abs, display: DISPLAY[scope], exists: false, text: '' };
      throw new RpcError('INTERNAL', `Cannot read ${abs}: ${(e as Error).message}`);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const off of this.offs) off();
    if (this.emitTimer) clearTimeout(this.emitTimer);
    await Promise.allSettled([...this.servers.values()].map((rt) => rt.stop('the workspace was closed')));
    this.servers.clear();
    await this.ui.flush();
  }
}

export function isAutoApproved(c: Pick<MergedMcpServer, 'autoApprove'>, tool: string): boolean {
  return c.autoApprove.includes('*') || c.autoApprove.includes(tool);
}

/** The description the model reads: the server's own, saying which server it comes from. */
function describeTool(server: string, t: Tool): string {
  const d = (t.description ?? '').trim();
  return `${d || t.title || t.name} (MCP server "${server}", tool "${t.name}")`;
}

const tokenCache = new WeakMap<Tool, number>();

function toolTokens(qualifiedName: string, t: Tool): number {
  let n = tokenCache.get(t);
  if (n === undefined) {
    n = countTokens(JSON.stringify({ name: qualifiedName, description: t.description ?? '', input_schema: t.inputSchema })) + 8;
    tokenCache.set(t, n);
  }
  return n;
}
