import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RpcError } from '../../shared/rpc/errors';
import type { CommandExit, CommandRun, CommandSession } from './command-session';
import { longRunningPattern } from './long-running';
import { OutputCapture } from './output-capture';
import type { TerminalOwner, TerminalService } from './terminal-service';
import { isInside, toRelative } from '../workspace/paths';

export interface RunCommandOptions {
  command: string;
  /** Folder inside the workspace (relative, or absolute inside it); the root when absent. */
  cwd?: string;
  /** Default: the setting `terminal.agent.timeoutMs`. Not applied once a command is in the background. */
  timeoutMs?: number;
  /** The chat's Stop. */
  signal?: AbortSignal;
  /** true: run in a background terminal and return its first output; false: never; absent: the setting's patterns decide. */
  background?: boolean;
  env?: Record<string, string | null>;
  /** Ends a background terminal with its owner; by default it lives as long as the workspace. */
  owner?: TerminalOwner;
}

export interface RunCommandResult {
  /** The exit status; 128 + n for a command ended by signal n; null while it runs in the background or when it could not be learnt. */
  exitCode: number | null;
  /** Name of the signal that ended it, if one did. */
  signal: string | null;
  /** Plain text (escape sequences interpreted), head and tail with a note when long. */
  output: string;
  truncated: boolean;
  timedOut: boolean;
  /** Stopped by the chat's Stop, by the person's Ctrl-C, or by the terminal being closed. */
  interrupted: boolean;
  backgrounded: boolean;
  terminalId: string;
  terminalName: string;
  durationMs: number;
  /** One sentence for the model on what happened. */
  summary: string;
}

const MAX_COMMAND_CHARS = 100_000;
const delay = (ms: number) => new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms).unref?.());
const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`);

/**
 * Runs an agent's command where the person can see it: in the Agent terminal (or a
 * background terminal for a command that will not end by itself), echoed, with its exit
 * status, its output as plain text for the model, a timeout that interrupts it (Ctrl-C,
 * then kill) and an AbortSignal for the chat's Stop.
 */
export async function runCommand(service: TerminalService, options: RunCommandOptions): Promise<RunCommandResult> {
  const command = options.command.replace(/\s+$/, '');
  if (!command.trim()) throw new RpcError('BAD_REQUEST', 'The command is empty.');
  if (command.length > MAX_COMMAND_CHARS) throw new RpcError('BAD_REQUEST', `The command is ${command.length} characters long; the limit is ${MAX_COMMAND_CHARS}.`);
  const settings = service.settings.agent;
  const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
  const { abs: cwd, display } = await resolveCwd(service, options.cwd);
  const background = options.background ?? longRunningPattern(command, settings.backgroundPatterns) !== null;

  const session = background
    ? service.createCommandTerminal('background', `Background: ${shorten(command)}`, options.owner ? { owner: options.owner } : {})
    : service.idleAgentTerminal();
  const base = {
    terminalId: session.id,
    terminalName: session.name,
    signal: null,
    truncated: false,
    timedOut: false,
    backgrounded: false,
  };
  if (options.signal?.aborted) {
    return { ...base, exitCode: null, output: '', interrupted: true, durationMs: 0, summary: 'Stopped before the command started.' };
  }

  const capture = new OutputCapture(settings.maxOutputChars);
  const offData = session.programData.on((d) => capture.push(d));
  const started = Date.now();
  let run: CommandRun;
  try {
    run = session.run(command, { cwd, displayCwd: display, ...(options.env ? { env: options.env } : {}) });
  } catch (e) {
    offData();
    throw new RpcError('INTERNAL', `Could not run the command in terminal ${session.name}: ${(e as Error).message}`);
  }
  service.changes.emit({ reveal: session.id });

  const stopped = abortPromise(options.signal);
  try {
    if (background) {
      const first = await Promise.race([run.exit, firstOutput(session, settings), stopped.promise]);
      if (first === 'aborted') return await finish(await stop(run, settings.interruptGraceMs), { interrupted: true });
      if (first === 'ready') {
        const { text, truncated } = await capture.render(session.cols);
        return {
          ...base,
          exitCode: null,
          output: text,
          truncated,
          interrupted: false,
          backgrounded: true,
          durationMs: Date.now() - started,
          summary: `The command is still running in the background terminal "${session.name}" (id ${session.id}); this is its output so far. It keeps running until it is stopped or the terminal is closed.`,
        };
      }
      return await finish({ exit: first }, {});
    }
    const first = await Promise.race([run.exit, delay(timeoutMs), stopped.promise]);
    if (first === 'timeout') return await finish(await stop(run, settings.interruptGraceMs), { timedOut: true });
    if (first === 'aborted') return await finish(await stop(run, settings.interruptGraceMs), { interrupted: true });
    return await finish({ exit: first }, {});
  } finally {
    offData();
    stopped.dispose();
  }

  async function finish(exit: StopOutcome, how: { timedOut?: boolean; interrupted?: boolean }): Promise<RunCommandResult> {
    const durationMs = Date.now() - started;
    const { text, truncated } = await capture.render(session.cols);
    const { exitCode, signal } = statusOf(exit.exit);
    const closed = exit.exit?.closed ?? false;
    const person = run.interruptedByPerson;
    const interrupted = !!how.interrupted || closed || person;
    const ended = exit.exit === null ? 'it could not be stopped, so its terminal was closed' : exit.killed ? `it ignored Ctrl-C and was killed (exit code ${exitCode})` : `it was interrupted with Ctrl-C (exit code ${exitCode})`;
    let summary: string;
    if (how.timedOut) summary = `The command timed out after ${seconds(timeoutMs)}: ${ended}.`;
    else if (how.interrupted) summary = `The command was stopped (Stop in the chat): ${ended}.`;
    else if (closed) summary = 'The terminal was closed while the command ran.';
    else if (person) summary = `The person interrupted the command with Ctrl-C (exit code ${exitCode}).`;
    else if (signal) summary = `The command was killed by ${signal} (exit code ${exitCode}).`;
    else summary = `Exit code ${exitCode}.`;
    return { ...base, exitCode, signal, output: text, truncated, timedOut: !!how.timedOut, interrupted, durationMs, summary };
  }
}

/**
 * Exit code and signal the way a shell reports them: a command ended by signal n has status
 * 128 + n. The status comes from the command's shell when it reported one; a process killed
 * before it could is described by its own exit.
 */
function statusOf(exit: CommandExit | null): { exitCode: number | null; signal: string | null } {
  if (!exit) return { exitCode: null, signal: null };
  const byNumber = (n: number) => Object.entries(os.constants.signals).find(([, v]) => v === n)?.[0] ?? null;
  if (exit.status !== null) return { exitCode: exit.status, signal: exit.status > 128 ? byNumber(exit.status - 128) : null };
  if (exit.signal) return { exitCode: 128 + (os.constants.signals[exit.signal as NodeJS.Signals] ?? 0), signal: exit.signal };
  return { exitCode: exit.exitCode, signal: null };
}

interface StopOutcome {
  exit: CommandExit | null;
  killed?: boolean;
}

/** Ctrl-C; after the grace period, SIGKILL to every process of the command; after another, the terminal is closed. */
async function stop(run: CommandRun, graceMs: number): Promise<StopOutcome> {
  run.interrupt();
  const first = await Promise.race([run.exit, delay(graceMs)]);
  if (first !== 'timeout') return { exit: first };
  run.kill();
  const second = await Promise.race([run.exit, delay(graceMs)]);
  return second === 'timeout' ? { exit: null, killed: true } : { exit: second, killed: true };
}

// Matching terminal escape sequences means matching the ESC control character.
// eslint-disable-next-line no-control-regex
const CSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

/** Resolves once a background command looks ready: its ready pattern printed, quiet for a moment after output, or the wait is over. */
function firstOutput(session: CommandSession, settings: { backgroundReadyPattern: string; backgroundWaitMs: number; backgroundSettleMs: number }): Promise<'ready'> {
  return new Promise((resolve) => {
    const ready = new RegExp(settings.backgroundReadyPattern, 'i');
    let seen = '';
    let quiet: ReturnType<typeof setTimeout> | null = null;
    const done = () => {
      off();
      clearTimeout(max);
      if (quiet) clearTimeout(quiet);
      resolve('ready');
    };
    const max = setTimeout(done, settings.backgroundWaitMs);
    const off = session.programData.on((d) => {
      // Escape sequences would split words; the pattern looks at the text only.
      seen = (seen + d.replace(CSI, '')).slice(-4096);
      if (ready.test(seen)) return setTimeout(done, 100); // let the rest of the ready line arrive
      if (quiet) clearTimeout(quiet);
      quiet = setTimeout(done, settings.backgroundSettleMs);
    });
  });
}

/** Resolves when `signal` aborts; `dispose` removes the listener (a chat's signal outlives many commands). */
function abortPromise(signal: AbortSignal | undefined): { promise: Promise<'aborted'>; dispose: () => void } {
  if (!signal) return { promise: new Promise(() => {}), dispose: () => {} };
  let listener = () => {};
  const promise = new Promise<'aborted'>((resolve) => {
    listener = () => resolve('aborted');
    signal.addEventListener('abort', listener, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', listener) };
}

async function resolveCwd(service: TerminalService, cwd: string | undefined): Promise<{ abs: string; display: string }> {
  const root = service.ws.root;
  if (!cwd || cwd === '.') return { abs: root, display: path.basename(root) || root };
  const rel = path.isAbsolute(cwd) ? (isInside(root, path.resolve(cwd)) ? toRelative(root, path.resolve(cwd)) : cwd) : cwd;
  const { abs, rel: normal } = await service.ws.files.resolve(rel);
  const info = await stat(abs).catch(() => null);
  if (!info?.isDirectory()) throw new RpcError('NOT_FOUND', `Cannot run the command in '${cwd}': there is no such folder in the workspace.`, { path: cwd });
  return { abs, display: `${path.basename(root)}/${normal}` };
}

const shorten = (command: string) => {
  const one = command.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? `${one.slice(0, 39)}…` : one;
};
