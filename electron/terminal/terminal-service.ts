import { realpathSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { TerminalContext, TerminalInfo, TerminalSessions } from '../../shared/contract/terminal';
import { RpcError } from '../../shared/rpc/errors';
import { Emitter } from '../../shared/rpc/transport';
import type { TerminalSettings } from '../../shared/settings/terminal';
import { isInside, toRelative } from '../workspace/paths';
import { CommandSession } from './command-session';
import { runCommand, type RunCommandOptions, type RunCommandResult } from './command-runner';
import { terminalEnvironment } from './environment';
import type { FlowLimits } from './output-channel';
import { renderPlainText } from './plain-text';
import type { TerminalSession } from './session';
import { ShellSession } from './shell-session';
import { chooseShell } from './shell';

/** What the service needs from its workspace (a `Workspace`, or a test's stand-in built from real folders). */
export interface TerminalWorkspace {
  readonly root: string;
  readonly settings: { readonly settings: { readonly terminal: TerminalSettings } };
  readonly files: { resolve(rel: string): Promise<{ abs: string; rel: string }> };
}

/** Whatever owns a terminal's lifetime: a window's or socket's connection. */
export interface TerminalOwner {
  onClose(listener: () => void): () => void;
}

export interface CreateTerminalOptions {
  /** Folder inside the workspace (relative to its root); the root when absent. */
  cwd?: string;
  name?: string;
  cols?: number;
  rows?: number;
  /** Survives its owner; without an owner a terminal lives as long as the workspace. */
  persistent?: boolean;
  owner?: TerminalOwner;
  env?: Record<string, string | null>;
}

export interface TerminalServiceOptions {
  flow?: FlowLimits;
  /** The environment terminals inherit (the host's by default). */
  baseEnv?: NodeJS.ProcessEnv;
}

const MAX_TERMINALS = 64;
const DEFAULT_COLS = 120;
const DEFAULT_ROWS = 30;

/**
 * The terminals of one workspace (`ws.service('terminals', …)`): shells the person opens,
 * the agent's command terminals, and everything the views need — a list that announces its
 * changes, which terminal is active, and the last lines of any of them as plain text.
 */
export class TerminalService {
  /** The list changed; `reveal` names a terminal that just started an agent command. */
  readonly changes = new Emitter<{ reveal: string | null }>();
  private readonly sessions = new Map<string, TerminalSession>();
  private counter = 0;
  private activeId: string | null = null;
  private disposed = false;

  constructor(
    readonly ws: TerminalWorkspace,
    private readonly options: TerminalServiceOptions = {},
  ) {}

  get settings(): TerminalSettings {
    return this.ws.settings.settings.terminal;
  }

  get baseEnv(): NodeJS.ProcessEnv {
    return this.options.baseEnv ?? process.env;
  }

  /** Opens a shell (the setting's, the login shell, or /bin/sh when those cannot start). */
  async createShell(options: CreateTerminalOptions = {}): Promise<ShellSession> {
    const cwd = await this.resolveFolder(options.cwd);
    const s = this.settings;
    const choice = chooseShell(s.shell, s.args, this.baseEnv);
    const session = new ShellSession(
      {
        ...this.common('user', options, cwd),
        name: options.name ?? ShellSession.defaultName(choice.file),
        env: terminalEnvironment(this.baseEnv, s.env, options.env),
      },
      choice,
    );
    this.add(session, options);
    session.start();
    return session;
  }

  /** A terminal for agent commands (`SHELL -c COMMAND` one after another, or one long-running command). */
  createCommandTerminal(kind: 'agent' | 'background', name: string, options: CreateTerminalOptions = {}): CommandSession {
    const s = this.settings;
    const choice = chooseShell(s.shell, [], this.baseEnv);
    const session = new CommandSession(
      { ...this.common(kind, options, this.ws.root), name, env: terminalEnvironment(this.baseEnv, s.env, s.agent.env, options.env) },
      choice.file,
    );
    if (choice.notice) session.notice = choice.notice;
    this.add(session, options);
    return session;
  }

  /** An agent terminal that is free for a command, or a new one ('Agent', 'Agent 2', …). */
  idleAgentTerminal(): CommandSession {
    const agents = [...this.sessions.values()].filter((s): s is CommandSession => s instanceof CommandSession && s.kind === 'agent');
    const idle = agents.find((s) => s.status === 'running' && !s.busy);
    if (idle) return idle;
    const names = new Set(agents.map((s) => s.name));
    let name = 'Agent';
    for (let i = 2; names.has(name); i++) name = `Agent ${i}`;
    return this.createCommandTerminal('agent', name, { persistent: true });
  }

  /** Runs an agent command in view; see `runCommand`. */
  runCommand(options: RunCommandOptions): Promise<RunCommandResult> {
    return runCommand(this, options);
  }

  get(id: string): TerminalSession {
    const s = this.sessions.get(id);
    if (!s) throw new RpcError('NOT_FOUND', `There is no terminal ${id}; it may have been closed.`, { id });
    return s;
  }

  has(id: string): boolean {
    return this.sessions.has(id);
  }

  list(): TerminalInfo[] {
    return [...this.sessions.values()].map((s) => s.info());
  }

  snapshot(reveal: string | null = null): TerminalSessions {
    return { terminals: this.list(), activeId: this.activeId, scrollback: this.settings.scrollback, reveal };
  }

  /** Ends a terminal's processes and forgets it. */
  async kill(id: string): Promise<void> {
    const s = this.get(id);
    this.sessions.delete(id);
    if (this.activeId === id) this.activeId = null;
    await s.kill();
    this.changes.emit({ reveal: null });
  }

  rename(id: string, name: string): TerminalInfo {
    const s = this.get(id);
    s.rename(name);
    return s.info();
  }

  setActive(id: string | null): void {
    if (id !== null) this.get(id);
    this.activeId = id;
  }

  /** The terminal `#terminal` means: the one the person last looked at, else the newest. */
  get active(): TerminalSession | null {
    if (this.activeId && this.sessions.has(this.activeId)) return this.sessions.get(this.activeId)!;
    const all = [...this.sessions.values()];
    return all.filter((s) => s.kind === 'user').pop() ?? all.pop() ?? null;
  }

  /** The last `lines` lines of a terminal (the active one by default) as plain text, escape sequences interpreted and removed. */
  async context(options: { id?: string; lines?: number } = {}): Promise<TerminalContext | null> {
    const session = options.id ? this.get(options.id) : this.active;
    if (!session) return null;
    const all = await renderPlainText(session.output.ring.snapshot().data, session.cols);
    const last = all.slice(-(options.lines ?? 50));
    return { id: session.id, name: session.name, text: last.join('\n'), lines: last.length };
  }

  /**
   * A path printed in a terminal, as a workspace-relative file that exists: relative to the
   * shell's current folder where the system tells it (Linux), else to the folder the
   * terminal started in, else to the workspace root. Null for anything outside the workspace.
   */
  async resolvePath(id: string, printed: string): Promise<string | null> {
    const session = this.get(id);
    const bases = [currentFolder(session.pid), session.cwd, this.ws.root].filter((b): b is string => !!b);
    const home = this.baseEnv.HOME;
    const p = printed.startsWith('~/') && home ? path.join(home, printed.slice(2)) : printed;
    const root = realpathSync(this.ws.root);
    for (const base of bases) {
      try {
        const real = realpathSync(path.resolve(base, p));
        if (isInside(root, real) && statSync(real).isFile()) return toRelative(root, real);
      } catch {
        // Not there; try the next base.
      }
    }
    return null;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(all.map((s) => s.kill().catch(() => {})));
  }

  private common(kind: TerminalSession['kind'], options: CreateTerminalOptions, cwd: string) {
    return {
      id: `t${++this.counter}`,
      kind,
      cwd,
      persistent: options.persistent ?? !options.owner,
      cols: options.cols ?? DEFAULT_COLS,
      rows: options.rows ?? DEFAULT_ROWS,
      bufferChars: this.settings.reattachBufferKb * 1024,
      ...(this.options.flow ? { flow: this.options.flow } : {}),
    };
  }

  private add(session: TerminalSession, options: CreateTerminalOptions) {
    if (this.disposed) throw new RpcError('NO_WORKSPACE', 'The workspace was closed.');
    if (this.sessions.size >= MAX_TERMINALS) {
      throw new RpcError('CONFLICT', `Too many terminals (${MAX_TERMINALS}) are open in this workspace; close some first.`);
    }
    this.sessions.set(session.id, session);
    session.changed.on(() => this.changes.emit({ reveal: null }));
    if (options.owner && !session.persistent) {
      // The window or socket that opened it went away (after the reconnection grace): end it.
      const off = options.owner.onClose(() => {
        if (this.sessions.get(session.id) === session) void this.kill(session.id).catch(() => {});
      });
      session.changed.on(() => {
        if (session.status === 'exited' && !this.sessions.has(session.id)) off();
      });
    }
    this.changes.emit({ reveal: null });
  }

  /** A folder inside the workspace, checked to exist, as an absolute path. */
  private async resolveFolder(rel: string | undefined): Promise<string> {
    if (!rel) return this.ws.root;
    const { abs } = await this.ws.files.resolve(rel);
    const info = await stat(abs).catch(() => null);
    if (!info?.isDirectory()) throw new RpcError('NOT_FOUND', `Cannot open a terminal in '${rel}': there is no such folder in the workspace.`, { path: rel });
    return abs;
  }
}

/** The current folder of a running process, where the system exposes it (Linux /proc). */
function currentFolder(pid: number | null): string | null {
  if (!pid) return null;
  try {
    return realpathSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}
