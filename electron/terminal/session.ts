import type { TerminalInfo, TerminalKind } from '../../shared/contract/terminal';
import { Emitter } from '../../shared/rpc/transport';
import { DEFAULT_FLOW, OutputChannel, type FlowLimits } from './output-channel';
import type { PtyProcess } from './pty-process';

export interface SessionOptions {
  id: string;
  name: string;
  kind: TerminalKind;
  cwd: string;
  env: Record<string, string>;
  persistent: boolean;
  cols: number;
  rows: number;
  /** Characters of recent output kept for reattaching and `#terminal`. */
  bufferChars: number;
  flow?: FlowLimits;
}

/** Dim text the host itself writes into a terminal (exit lines, notices), never mistaken for program output. */
export const hostLine = (text: string, color: 'dim' | 'warn' = 'dim') => `${color === 'warn' ? '\x1b[33m' : '\x1b[90m'}${text}\x1b[0m\r\n`;

/**
 * What every terminal has: an output channel (scrollback, batching, flow control), a size,
 * a name, a status, and the program currently attached to the pty, if any.
 */
export abstract class TerminalSession {
  readonly id: string;
  readonly kind: TerminalKind;
  readonly cwd: string;
  readonly persistent: boolean;
  readonly output: OutputChannel;
  /** Name, status or command changed: the session lists need updating. */
  readonly changed = new Emitter<void>();
  /** Raw output of the attached program, as it arrives (host-side readers such as the command runner). */
  readonly programData = new Emitter<string>();
  name: string;
  cols: number;
  rows: number;
  status: 'running' | 'exited' = 'running';
  exitCode: number | null = null;
  signal: string | null = null;
  notice: string | null = null;
  command: string | null = null;
  protected program: PtyProcess | null = null;
  protected readonly env: Record<string, string>;

  constructor(options: SessionOptions) {
    this.id = options.id;
    this.kind = options.kind;
    this.cwd = options.cwd;
    this.env = options.env;
    this.persistent = options.persistent;
    this.name = options.name;
    this.cols = options.cols;
    this.rows = options.rows;
    this.output = new OutputChannel(options.bufferChars, options.flow ?? DEFAULT_FLOW);
  }

  abstract get shell(): string;

  get pid(): number | null {
    return this.program && !this.program.hasExited ? this.program.pid : null;
  }

  info(): TerminalInfo {
    return {
      id: this.id,
      name: this.name,
      kind: this.kind,
      cwd: this.cwd,
      shell: this.shell,
      pid: this.pid,
      cols: this.cols,
      rows: this.rows,
      persistent: this.persistent,
      status: this.status,
      exitCode: this.exitCode,
      signal: this.signal,
      command: this.command,
      notice: this.notice,
    };
  }

  write(data: string): void {
    this.program?.write(data);
  }

  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
    this.program?.resize(cols, rows);
  }

  rename(name: string): void {
    this.name = name;
    this.changed.emit();
  }

  /** The process id of the job in the terminal's foreground, if it is not the program itself. */
  foregroundGroup(): number | null {
    return this.program?.foregroundGroup() ?? null;
  }

  /** Ends the terminal: its program is hung up, then killed if it lingers. */
  abstract kill(): Promise<void>;

  /** Attaches a started program: its output goes to the channel, and it pauses with it. */
  protected attach(program: PtyProcess): void {
    this.program = program;
    program.data.on((d) => {
      this.output.write(d);
      this.programData.emit(d);
    });
    this.output.setProducer(program);
  }

  protected finish(exitCode: number | null, signal: string | null): void {
    if (this.status === 'exited') return;
    this.status = 'exited';
    this.exitCode = exitCode;
    this.signal = signal;
    this.output.setProducer(null);
    this.output.end(exitCode, signal);
    this.changed.emit();
  }

  /** Hangs up `program`, then kills its process groups if it is still there after `graceMs`. */
  protected static async hangUp(program: PtyProcess, graceMs = 1000): Promise<void> {
    if (program.hasExited) return;
    program.resume();
    program.signal('SIGHUP');
    const timer = setTimeout(() => program.killTree('SIGKILL'), graceMs);
    const last = setTimeout(() => program.killTree('SIGKILL'), graceMs * 3);
    await program.exit;
    clearTimeout(timer);
    clearTimeout(last);
  }
}
