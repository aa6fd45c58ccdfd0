// The hooks of one workspace, wired to the host: file events from the editor, the tools and
// the disk; the agent's prompts, tool calls and stops; the policy for commands; the agent for
// askAgent; reloads when hook files change. Started when the workspace opens (host.ts), so
// a save triggers hooks whether or not the panel was ever shown.
//
//   const hooks = hooksFor(ws, host);
//   hooks.dispatcher.dispatch({ trigger: 'preTaskExecution', … })   // the spec runner's events

import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { FileChange } from '../../shared/contract/workspace';
import type { HookEventView, HookFileView, HooksState, HookTemplateView, HookView, NewHook } from '../../shared/contract/hooks';
import { RpcError } from '../../shared/rpc/errors';
import { Emitter } from '../../shared/rpc/transport';
import type { AgentService } from '../agent/service';
import { agentFor } from '../agent/wiring';
import type { HostContext } from '../host/host-context';
import { userKiroDir } from '../kiro/home';
import { getPolicy } from '../policy/policy-service';
import type { Workspace } from '../workspace/workspace';
import { agentHooks } from './agent-hooks';
import { ensureCliShim } from './cli-shim';
import { freeHookPath, HOOK_TEMPLATES, HOOKS_DIR, newHookText } from './create';
import { HookDispatcher, type HookPorts } from './dispatcher';
import { loadHooks, setHookEnabledOnDisk, type LoadedHook } from './loader';
import { connectSpecs } from './specs-bridge';

const isHookFile = (rel: string) => rel.startsWith(`${HOOKS_DIR}/`);

export class HooksService {
  readonly dispatcher: HookDispatcher;
  /** What the panel follows. */
  readonly events = new Emitter<HookEventView>();
  private offs: (() => void)[] = [];
  private userWatcher: FSWatcher | null = null;
  private shim: string | null = null;

  constructor(
    private readonly ws: Workspace,
    host: Pick<HostContext, 'secrets'> | null,
    options: { ports?: HookPorts } = {},
  ) {
    const userDir = userKiroDir();
    void ensureCliShim(ws.appDataDir).then((dir) => (this.shim = dir));
    this.dispatcher = new HookDispatcher({
      root: ws.root,
      settings: () => ws.settings.settings.hooks,
      load: () => loadHooks({ root: ws.root, userKiroDir: userDir }),
      ports: options.ports ?? {
        ...policyPorts(ws),
        ...agentPort(() => {
          if (!host) throw new Error('There is no agent in this host.');
          return agentFor(ws, host);
        }),
      },
      env: () => this.environment(),
    });
    const d = this.dispatcher;
    this.offs.push(
      d.changed.on(() => this.events.emit({ type: 'changed' })),
      d.runEvents.on((run) => this.events.emit({ type: 'run', run })),
      d.notices.on((n) => this.events.emit({ type: 'notice', ...n })),
      // Saved by the editor, written by a tool: announced by the host, in the async context of who did it.
      ws.files.writes.on((w) => {
        if (isHookFile(w.path)) return void d.reload();
        d.onFileChanges([w]);
      }),
      // Changed on disk by anything else (a hook's command, a git checkout, another editor).
      ws.watcher.changes.on((changes) => {
        if (changes.some((c) => isHookFile(c.path))) void d.reload();
        const outside = changes.filter((c) => !c.self && !c.isDir && !isHookFile(c.path));
        if (outside.length) void this.outsideChanges(outside);
      }),
    );
    if (userDir && existsSync(path.join(userDir, 'hooks'))) {
      this.userWatcher = watch(path.join(userDir, 'hooks'), { ignoreInitial: true, depth: 0 });
      this.userWatcher.on('all', () => void d.reload());
      this.userWatcher.on('error', () => {});
    }
    if (host) {
      this.offs.push(agentFor(ws, host).registerHooks(agentHooks(d)));
      this.offs.push(connectSpecs(ws, host, d));
    }
  }

  /** Changes by others, each with who made it: a hook's command (by the file's modification time) or nobody. */
  private async outsideChanges(changes: FileChange[]): Promise<void> {
    const now = Date.now();
    for (const c of changes) {
      const mtimeMs = c.kind === 'removed' ? null : ((await stat(path.join(this.ws.root, c.path)).catch(() => null))?.mtimeMs ?? null);
      this.dispatcher.onFileChanges([c], this.dispatcher.originOfChange({ mtimeMs }, now));
    }
  }

  /** The host's environment with the agent terminal's variables (no pagers, no prompts) and `specwright` first on PATH. */
  private environment(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const [k, v] of Object.entries(this.ws.settings.settings.terminal.agent.env)) {
      if (v === null) delete env[k];
      else env[k] = v;
    }
    if (this.shim) env.PATH = `${this.shim}${path.delimiter}${env.PATH ?? ''}`;
    return env;
  }

  async state(): Promise<HooksState> {
    await this.dispatcher.ready;
    return {
      hooks: this.dispatcher.hooks.map(hookView),
      files: this.dispatcher.files.map(
        (f): HookFileView => ({
          file: f.display,
          scope: f.scope,
          format: f.format,
          hooks: f.hooks,
          invalid: f.invalid,
          diagnostics: f.diagnostics.map((x) => ({ severity: x.severity, code: x.code, message: x.message, line: x.line, column: x.column })),
          shadowedBy: f.shadowedBy,
        }),
      ),
      runs: this.dispatcher.runs(),
      disabled: !this.ws.settings.settings.hooks.enabled,
    };
  }

  private find(id: string): LoadedHook {
    const h = this.dispatcher.hook(id);
    if (!h) throw new RpcError('NOT_FOUND', 'This hook is no longer there (its file changed); the list is being refreshed.');
    return h;
  }

  /** Rewrites only the hook's `enabled` flag in its file. */
  async setEnabled(id: string, enabled: boolean): Promise<void> {
    const h = this.find(id);
    try {
      await setHookEnabledOnDisk(h.path, h.source.index, enabled);
    } catch (e) {
      throw new RpcError('BAD_REQUEST', `Cannot switch “${h.name}”: ${(e as Error).message}`);
    }
    await this.dispatcher.reload();
  }

  run(id: string): { runId: string } {
    const h = this.find(id);
    try {
      return { runId: this.dispatcher.runUserTriggered(h.id).id };
    } catch (e) {
      throw new RpcError('BAD_REQUEST', (e as Error).message);
    }
  }

  async create(input: NewHook): Promise<{ path: string }> {
    const text = newHookText(input);
    await mkdir(path.join(this.ws.root, HOOKS_DIR), { recursive: true });
    const rel = freeHookPath(this.ws.root, input.name);
    await this.ws.files.write(rel, text, 'utf8');
    await this.dispatcher.reload();
    return { path: rel };
  }

  templates(): HookTemplateView[] {
    return HOOK_TEMPLATES.map((t) => ({ id: t.id, title: t.title, description: t.description, files: t.hooks.map((h) => ({ path: `${HOOKS_DIR}/${h.file}`, exists: existsSync(path.join(this.ws.root, HOOKS_DIR, h.file)) })) }));
  }

  /** Writes a template's hook files; files already there are kept as they are. */
  async addTemplate(id: string): Promise<{ paths: string[] }> {
    const t = HOOK_TEMPLATES.find((x) => x.id === id);
    if (!t) throw new RpcError('NOT_FOUND', `There is no hook template '${id}'.`);
    await mkdir(path.join(this.ws.root, HOOKS_DIR), { recursive: true });
    const paths: string[] = [];
    for (const h of t.hooks) {
      const rel = `${HOOKS_DIR}/${h.file}`;
      if (existsSync(path.join(this.ws.root, rel))) continue;
      await this.ws.files.write(rel, newHookText(h.hook), 'utf8');
      paths.push(rel);
    }
    const policy = getPolicy(this.ws);
    const trusted = this.ws.settings.settings.policy.trustedCommands;
    for (const rule of t.trust) if (!trusted.includes(rule)) await policy.addTrustRule(rule, 'workspace');
    await this.dispatcher.reload();
    return { paths };
  }

  async dispose(): Promise<void> {
    for (const off of this.offs) off();
    await this.userWatcher?.close();
    await this.dispatcher.dispose();
    this.events.clear();
  }
}

export function hookView(h: LoadedHook): HookView {
  return {
    id: h.id,
    name: h.name,
    description: h.description,
    scope: h.scope,
    file: h.source.file,
    format: h.format,
    trigger: h.trigger,
    rawTrigger: h.rawTrigger,
    patterns: h.patterns,
    matcher: h.matcher,
    toolTypes: h.toolTypes,
    action: h.action,
    timeoutSeconds: h.timeoutSeconds,
    enabled: h.enabled,
    blockable: h.blockable,
  };
}

/** The policy for hook commands: decided (a person may be asked) and audited as `hook:<name>`. */
export function policyPorts(ws: Workspace): Pick<HookPorts, 'gateCommand' | 'commandDone'> {
  const meta = (r: { hook: LoadedHook; runId: string; sessionId: string | null }) => ({ sessionId: r.sessionId ?? `hooks-${ws.id}`, toolCallId: `hook-${r.runId}`, actor: `hook:${r.hook.name}` });
  return {
    async gateCommand(r) {
      const v = await getPolicy(ws).gate({ kind: 'command', command: r.command }, { ...meta(r), signal: r.signal });
      if (v.allowed) return { allowed: true, reason: '' };
      return { allowed: false, reason: v.approval?.by === 'person' ? 'the person rejected the command.' : `the policy denied it (${v.decision.reasons.join('; ') || 'no reason given'}).` };
    },
    async commandDone(r, result) {
      const m = meta(r);
      await getPolicy(ws).recordResult(m.toolCallId, { ok: result.ok, summary: result.summary, ...(result.exitCode !== null ? { exitCode: result.exitCode } : {}) }, { sessionId: m.sessionId, actor: m.actor });
    },
  };
}

/** askAgent: a new background session in the hook's name (kind `hook`, listed in the chat), with the same policy and checkpoints as any. */
export function agentPort(agent: () => AgentService): Pick<HookPorts, 'askAgent'> {
  return {
    async askAgent({ hook, prompt, files }) {
      const a = agent();
      const session = await a.createSession({ title: `Hook: ${hook.name}`, kind: 'hook', origin: hook.name });
      const { done } = await a.send(session.id, { text: prompt, context: files.map((f) => ({ kind: 'file', arg: f, label: `#file ${f}` })), source: 'hook', actor: `hook:${hook.name}` });
      return { sessionId: session.id, done };
    },
  };
}

/** The workspace's hooks, started with the workspace. */
export function hooksFor(ws: Workspace, host: Pick<HostContext, 'secrets'>): HooksService {
  return ws.service('hooks', (w) => new HooksService(w, host));
}
