import path from 'node:path';
import { FALLBACK_SHELL, type ShellChoice } from './shell';
import { PtyProcess } from './pty-process';
import { hostLine, TerminalSession, type SessionOptions } from './session';

/** A shell that exits this soon with an error, before anyone typed, did not start properly. */
const EARLY_EXIT_MS = 1500;

/**
 * A terminal the person types into: one shell on a pty for the terminal's lifetime. A
 * shell that cannot be started — or that dies at once — is replaced by /bin/sh, with a
 * message in the terminal that says what went wrong.
 */
export class ShellSession extends TerminalSession {
  private shellFile: string;
  private typed = false;
  private killing = false;

  constructor(
    options: SessionOptions,
    private readonly choice: ShellChoice,
  ) {
    super(options);
    this.shellFile = choice.file;
  }

  get shell(): string {
    return this.shellFile;
  }

  start(): void {
    if (this.choice.notice) this.warn(this.choice.notice);
    // When the choice already fell back to /bin/sh, or is /bin/sh, there is nothing left to fall back to.
    this.spawn(this.choice.file, this.choice.args, !this.choice.notice && this.choice.file !== FALLBACK_SHELL);
  }

  override write(data: string): void {
    this.typed = true;
    super.write(data);
  }

  async kill(): Promise<void> {
    this.killing = true;
    const program = this.program;
    if (program) await TerminalSession.hangUp(program);
    this.finish(this.exitCode, this.signal);
    this.output.dispose();
  }

  private spawn(file: string, args: string[], mayFallBack: boolean) {
    this.shellFile = file;
    let program: PtyProcess;
    try {
      program = new PtyProcess({ file, args, cwd: this.cwd, env: this.env, cols: this.cols, rows: this.rows });
    } catch (e) {
      if (mayFallBack) return this.fallBack(`Specwright could not start the shell '${file}': ${(e as Error).message}.`);
      this.warn(`Specwright could not start ${file}: ${(e as Error).message}.`);
      return this.finish(null, null);
    }
    const started = Date.now();
    this.attach(program);
    void program.exit.then(({ exitCode, signal }) => {
      if (this.program !== program) return;
      // A signal is someone ending it, not a failure to start.
      const early = Date.now() - started < EARLY_EXIT_MS && !this.typed && !this.killing && signal === null && exitCode !== 0;
      if (early && mayFallBack) return this.fallBack(`The shell '${[file, ...args].join(' ')}' exited at once with code ${exitCode}.`);
      if (!this.killing) {
        const how = signal ? `The shell was killed by ${signal}.` : `The shell exited with code ${exitCode}.`;
        this.output.write(hostLine(`\r\n[${how}]`));
      }
      this.finish(signal ? null : exitCode, signal);
    });
    this.changed.emit();
  }

  private fallBack(reason: string) {
    this.notice = `${reason} This terminal runs ${FALLBACK_SHELL} instead.`;
    this.warn(this.notice);
    this.spawn(FALLBACK_SHELL, [], false);
  }

  private warn(text: string) {
    this.notice = text;
    this.output.write(hostLine(text, 'warn'));
  }

  /** The shell's name, for a default terminal name. */
  static defaultName(file: string): string {
    return path.basename(file);
  }
}
