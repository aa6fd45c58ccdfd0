// A hook's command: bash in a plain child process, not the visible Agent terminal. Hooks need
// what a terminal cannot give — stdout and stderr apart (exit 0 puts stdout into the agent's
// context, exit 2 sends stderr to the model), the event as JSON on stdin, their own
// environment — and they run concurrently with the person's session, so they must not queue
// behind the one Agent terminal or interleave their output in it. Their output is shown in
// the hooks panel instead. The command runs in its own process group, so a timeout reaches
// everything it started: SIGTERM first, SIGKILL after a grace period.

import { spawn } from 'node:child_process';
import { HeadTail } from '../agent/tools/child-process-runner';

export interface HookCommandRequest {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to the command's stdin, which is then closed (Kiro 1.x sends the event this way). */
  stdin: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Characters of each stream kept (head and tail). */
  maxOutputChars: number;
  /** Called when the process has started. */
  onSpawn?: (at: number) => void;
  graceMs?: number;
}

export interface HookCommandResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  aborted: boolean;
  /** The process could not be started. */
  error: string | null;
  startedAt: number;
  durationMs: number;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

export function runHookCommand(req: HookCommandRequest): Promise<HookCommandResult> {
  const started = Date.now();
  const out = new HeadTail(req.maxOutputChars);
  const err = new HeadTail(req.maxOutputChars);
  if (req.signal?.aborted) {
    return Promise.resolve({ exitCode: null, signal: null, stdout: '', stderr: '', timedOut: false, aborted: true, error: null, startedAt: started, durationMs: 0 });
  }
  const child = spawn('bash', ['-c', req.command], { cwd: req.cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'], env: req.env });
  let timedOut = false;
  let aborted = false;
  let killTimer: NodeJS.Timeout | undefined;
  const group = (sig: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, sig);
    } catch {
      // already gone
    }
  };
  const stop = () => {
    group('SIGTERM');
    killTimer ??= setTimeout(() => group('SIGKILL'), req.graceMs ?? 2000);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, req.timeoutMs);
  const onAbort = () => {
    aborted = true;
    stop();
  };
  req.signal?.addEventListener('abort', onAbort, { once: true });
  child.once('spawn', () => req.onSpawn?.(Date.now()));
  child.stdout.on('data', (d: Buffer) => out.push(d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => err.push(d.toString('utf8')));
  // A command that never reads its stdin must not fail on a closed pipe.
  child.stdin.on('error', () => {});
  child.stdin.end(req.stdin);
  return new Promise((resolve) => {
    let done = false;
    const finish = (code: number | null, sig: NodeJS.Signals | null, error: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      req.signal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode: code,
        signal: sig,
        stdout: out.text().replace(ANSI, ''),
        stderr: err.text().replace(ANSI, ''),
        timedOut,
        aborted,
        error: error ? error.message : null,
        startedAt: started,
        durationMs: Date.now() - started,
      });
    };
    child.once('error', (e) => finish(null, null, e));
    child.once('close', (code, sig) => finish(code, sig, null));
  });
}
