import { randomBytes } from 'node:crypto';
import { PtyProcess, type PtyExit } from './pty-process';
import { hostLine, TerminalSession, type SessionOptions } from './session';

export interface CommandExit extends PtyExit {
  /** The terminal was closed under the command. */
  closed: boolean;
  /** The status the command's shell reported (the end marker), or null when the process ended without one (killed). */
  status: number | null;
}

export interface CommandRun {
  readonly command: string;
  /** Resolves when the command's process has ended, all its output read. */
  readonly exit: Promise<CommandExit>;
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

/**
 * Runs on the pty as `/bin/sh -c WRAPPER SHELL COMMAND NONCE`: the person's shell runs the
 * command; then the wrapper prints an end marker with the status — an OSC sequence, which
 * terminals do not display — and waits for the host to read it before it exits. Waiting
 * matters: on Linux, output still buffered in the pty when its last process exits can be
 * lost (node-pty#72), and this way the host has read everything before anything exits.
 * Echo is off before the marker, so the host's answer does not show. `trap : INT` lets the wrapper outlive a Ctrl-C that ends the command; the command itself
 * gets the default SIGINT behaviour back, since caught signals are reset on exec.
 */
const WRAPPER = `trap : INT; "$0" -c "$1"; s=$?; trap - INT; stty -echo 2>/dev/null; printf '\\033]633;D;%s;%s\\007' "$s" "$2"; IFS= read -r _; exit "$s"`;
const END_MARKER = (nonce: string) => new RegExp(`\x1b\\]633;D;(\\d+);${nonce}\x07`);

// OSC sequences (ESC ] … BEL) print nothing; matching them means matching control characters.
// eslint-disable-next-line no-control-regex
const OSC = /\x1b\][^\x07]*\x07?/g;

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
    const nonce = randomBytes(6).toString('hex');
    let program: PtyProcess;
    try {
      program = new PtyProcess({ file: '/bin/sh', args: ['-c', WRAPPER, this.shellFile, command, nonce], cwd: options.cwd, env: withOverlay(this.env, options.env), cols: this.cols, rows: this.rows });
    } catch (e) {
      this.output.write(hostLine(`[Could not start ${this.shellFile}: ${(e as Error).message}]`, 'warn'));
      throw e;
    }
    let personInterrupted = false;
    let status: number | null = null;
    let tail = '';
    const marker = END_MARKER(nonce);
    let atLineStart = true;
    const offMarker = program.data.on((d) => {
      const visible = d.replace(OSC, '');
      if (visible) atLineStart = visible.endsWith('\n');
      tail = (tail + d).slice(-200);
      const m = marker.exec(tail);
      if (!m) return;
      offMarker();
      status = Number(m[1]);
      program.write('\n'); // read: the wrapper may exit now
    });
    const exit = program.exit.then((result) => {
      if (this.current?.program === program) this.current = null;
      const closed = this.closing;
      if (!closed) {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const how = status === null && result.signal ? `killed by ${result.signal}` : `exit code ${status ?? result.exitCode}`;
        // Output that did not end its last line would have the exit line glued to it.
        this.output.write((atLineStart ? '' : '\r\n') + hostLine(`[${how} · ${seconds} s]`) + '\r\n');
      }
      this.command = null;
      if (this.kind === 'background') this.finish(status ?? (result.signal ? null : result.exitCode), status === null ? result.signal : null);
      else this.changed.emit();
      return { ...result, closed, status };
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
