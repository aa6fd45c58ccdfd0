// Running a task's verification command: a real shell in the workspace, a time limit that
// kills the whole process group, and the tail of the output kept for the person to read.

import { spawn } from 'node:child_process';

export interface VerificationResult {
  exitCode: number | null;
  /** The last part of stdout and stderr, interleaved as they came. */
  output: string;
  timedOut: boolean;
  stopped: boolean;
}

const KEEP = 8000;

export function runVerification(command: string, opts: { cwd: string; timeoutMs: number; signal?: AbortSignal }): Promise<VerificationResult> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let stopped = false;
    const child = spawn(command, { cwd: opts.cwd, shell: process.platform === 'win32' ? true : '/bin/sh', detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: process.env.CI ?? '1' } });
    const add = (d: Buffer) => {
      output += d.toString('utf8');
      if (output.length > KEEP * 2) output = output.slice(-KEEP);
    };
    child.stdout!.on('data', add);
    child.stderr!.on('data', add);
    const kill = () => {
      try {
        if (child.pid && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    const onAbort = () => {
      stopped = true;
      kill();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (exitCode: number | null, extra = '') => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      const text = (output + extra).slice(-KEEP);
      resolve({ exitCode, output: text, timedOut, stopped });
    };
    child.on('error', (e) => finish(null, `\n${e.message}`));
    child.on('close', (code) => finish(code));
  });
}
