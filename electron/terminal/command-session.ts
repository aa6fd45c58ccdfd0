import { PtyProcess, type PtyExit } from './pty-process';
import { hostLine, TerminalSession, type SessionOptions } from './session';

export interface CommandRun {
  readonly command: string;
  /** Resolves when the command's process has ended (`closed`: the terminal was closed under it). */
  readonly exit: Promise<PtyExit & { closed: boolean }>;
  /** Ctrl-C, as if typed: SIGINT to the command's foreground processes. */
  interrupt(): void;
  /** SIGKILL to every process of the command. */
  kill(): void;
  /** The person pressed Ctrl-C in the terminal while it ran. */
  readonly interruptedByPerson: boolean;
}

/** The terminal's environment with a command's own additions; null removes a variable. */
function withOverlay(env: Record<string, string>, overlay: Record<string, string | null> | undefined): Record<string, string> {
  if (!overlay) return env;
  const out = { ...env };
  for (const [k, v] of Object.entries(overlay)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

const ECHO = (cwd: string, command: string) => `\x1b[36m${cwd}\x1b[0m \x1b[1m$ ${command.replace(/\r?\n/g, '\r\n  ')}\x1b[0m\r\n`;

/**
 * A terminal for the agent's commands, which the person watches (and can interrupt):
 * each command runs as `SHELL -c COMMAND` on the terminal's pty, so its exit status is the
 * process's own — no prompt parsing, no sentinel in the output — and the terminal shows
 * the command, its output and its exit code one after another.
 */
export class CommandSession extends TerminalSession {
  private current: { program: PtyProcess; run: CommandRun } | null = null;
  private hinted = false;
  private closing = false;

  constructor(
    options: SessionOptions,
    private readonly shellFile: string,
  ) {
    super(options);
  }

  get shell(): string {
    return this.shellFile;
  }

  get busy(): boolean {
    return this.current !== null;
  }

  /** Starts `command` in `cwd`; `displayCwd` is how the echoed prompt names that folder. Throws if the terminal is busy or closed. */
  run(command: string, options: { cwd: string; displayCwd: string; env?: Record<string, string | null> }): CommandRun {
    if (this.status === 'exited' || this.closing) throw new Error('This terminal has been closed.');
    if (this.current) throw new Error('This terminal is already running a command.');
    this.output.write(ECHO(options.displayCwd, command));
    const started = Date.now();
    let program: PtyProcess;
    try {
      program = new PtyProcess({ file: this.shellFile, args: ['-c', command], cwd: options.cwd, env: withOverlay(this.env, options.env), cols: this.cols, rows: this.rows });
    } catch (e) {
      this.output.write(hostLine(`[Could not start ${this.shellFile}: ${(e as Error).message}]`, 'warn'));
      throw e;
    }
    let personInterrupted = false;
    const exit = program.exit.then((result) => {
      if (this.current?.program === program) this.current = null;
      const closed = this.closing;
      if (!closed) {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const how = result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}`;
        this.output.write(hostLine(`[${how} · ${seconds} s]`) + '\r\n');
      }
      this.command = null;
      if (this.kind === 'background') this.finish(result.signal ? null : result.exitCode, result.signal);
      else this.changed.emit();
      return { ...result, closed };
    });
    const run: CommandRun = {
      command,
      exit,
      interrupt: () => program.write('\x03'),
      kill: () => program.killTree('SIGKILL'),
      get interruptedByPerson() {
        return personInterrupted;
      },
    };
    this.current = { program, run };
    this.command = command;
    this.attach(program);
    this.markInterrupt = () => (personInterrupted = true);
    this.changed.emit();
    return run;
  }

  private markInterrupt: () => void = () => {};

  override write(data: string): void {
    if (this.current) {
      if (data.includes('\x03')) this.markInterrupt();
      this.current.program.write(data);
    } else if (!this.hinted && this.status === 'running') {
      this.hinted = true;
      this.output.write(hostLine('\r\n[This terminal shows the agent\'s commands. Use New terminal to type your own.]'));
    }
  }

  async kill(): Promise<void> {
    this.closing = true;
    const current = this.current;
    if (current) await TerminalSession.hangUp(current.program);
    this.finish(this.exitCode, this.signal);
    this.output.dispose();
  }
}
