import { spawn } from 'node:child_process';
import path from 'node:path';
import type { CommandRequest, CommandResult, CommandRunner } from '../ports';

/** Keeps the first and the last part of a long output, and counts what was left out. */
export class HeadTail {
  private head = '';
  private tail = '';
  private dropped = 0;

  constructor(private readonly limit: number) {}

  push(s: string) {
    const half = Math.floor(this.limit / 2);
    if (this.head.length < half) {
      const take = s.slice(0, half - this.head.length);
      this.head += take;
      s = s.slice(take.length);
    }
    if (!s) return;
    this.tail += s;
    if (this.tail.length > half) {
      this.dropped += this.tail.length - half;
      this.tail = this.tail.slice(this.tail.length - half);
    }
  }

  get truncated() {
    return this.dropped > 0;
  }

  text(): string {
    if (!this.dropped) return this.head + this.tail;
    return `${this.head}\n[… ${this.dropped} characters of output left out …]\n${this.tail}`;
  }
}

// Terminal escape sequences in program output are noise for the model.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]|\r(?!\n)/g;

/**
 * Runs a command with bash in a child process, in its own process group so that a timeout
 * or Stop reaches everything it started: Ctrl-C (SIGINT) first, SIGKILL after a grace
 * period. The product runs commands in the terminal service's visible Agent terminal
 * (`terminalRunner`); this runner, with the same result shape, serves tests and tools that
 * run without a terminal service.
 */
export class ChildProcessRunner implements CommandRunner {
  readonly kind = 'child-process' as const;

  constructor(
    private readonly root: string,
    private readonly options: { maxOutputChars?: number; graceMs?: number; env?: NodeJS.ProcessEnv } = {},
  ) {}

  run(req: CommandRequest): Promise<CommandResult> {
    const started = Date.now();
    const out = new HeadTail(this.options.maxOutputChars ?? 40_000);
    const grace = this.options.graceMs ?? 2000;
    if (req.signal.aborted) {
      return Promise.resolve({ exitCode: null, signal: null, output: '', truncated: false, timedOut: false, interrupted: true, backgrounded: false, durationMs: 0, summary: 'Stopped before the command started.' });
    }
    const child = spawn('bash', ['-c', req.command], {
      cwd: req.cwd ? path.join(this.root, req.cwd) : this.root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...(this.options.env ?? process.env), TERM: 'dumb', NO_COLOR: '1', CI: process.env.CI ?? '1' },
    });
    const onData = (d: Buffer) => out.push(d.toString('utf8').replace(ANSI, ''));
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    let timedOut = false;
    let interrupted = false;
    let killed = false;
    const group = (sig: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, sig);
      } catch {}
    };
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      group('SIGINT');
      killTimer = setTimeout(() => {
        killed = true;
        group('SIGKILL');
      }, grace);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, req.timeoutMs);
    const onAbort = () => {
      interrupted = true;
      stop();
    };
    req.signal.addEventListener('abort', onAbort, { once: true });
    return new Promise((resolve) => {
      const finish = (code: number | null, sig: NodeJS.Signals | null, error?: Error) => {
        clearTimeout(timer);
        clearTimeout(killTimer);
        req.signal.removeEventListener('abort', onAbort);
        const exitCode = code ?? (sig ? 128 + (signalNumber(sig) ?? 0) : null);
        const how = killed ? `it ignored Ctrl-C and was killed (exit code ${exitCode})` : `it was interrupted (exit code ${exitCode})`;
        const seconds = `${Math.round(req.timeoutMs / 1000)} s`;
        const summary = error
          ? `The command could not be started: ${error.message}`
          : timedOut
            ? `The command timed out after ${seconds}: ${how}.`
            : interrupted
              ? `The command was stopped (Stop in the chat): ${how}.`
              : sig
                ? `The command was killed by ${sig} (exit code ${exitCode}).`
                : `Exit code ${exitCode}.`;
        resolve({ exitCode, signal: sig, output: out.text(), truncated: out.truncated, timedOut, interrupted, backgrounded: false, durationMs: Date.now() - started, summary });
      };
      child.once('error', (e) => finish(null, null, e));
      child.once('close', (code, sig) => finish(code, sig));
    });
  }
}

const SIGNALS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15, SIGHUP: 1, SIGQUIT: 3, SIGABRT: 6, SIGSEGV: 11, SIGPIPE: 13 };
const signalNumber = (s: NodeJS.Signals) => SIGNALS[s];
