import type { ChildProcess } from 'node:child_process';
import crossSpawn from 'cross-spawn';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** JSON-RPC's "parse error" code, used for the error this transport writes on a broken response's behalf. */
const PARSE_ERROR = -32700;
const MAX_LINE = 16 * 1024 * 1024;

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StdioLaunch {
  command: string;
  args: string[];
  /** The complete environment of the server (no implicit inheritance). */
  env: Record<string, string>;
  cwd: string;
}

/**
 * The MCP stdio transport, as the SDK's `StdioClientTransport` does it (newline-delimited
 * JSON-RPC on stdin/stdout, the SDK's own message schema), plus what a manager of
 * misbehaving servers needs and the SDK's transport does not expose:
 *  - the exit code and signal, and stderr as text, for the failure message;
 *  - output on stdout that is not JSON-RPC is reported (`onStdoutNoise`), not fatal: many
 *    servers print a banner there. A broken line that carries the `id` of a request is
 *    answered on the server's behalf with a parse error, so the request fails at once
 *    with the reason instead of waiting for its timeout;
 *  - the server runs in its own process group (POSIX), so stopping it also stops what it
 *    started (`npx` → node, `uvx` → python).
 */
export class ProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  /** stderr, as it arrives. */
  onStderr?: (text: string) => void;
  /** A stdout line that is not a JSON-RPC message, and why. */
  onStdoutNoise?: (line: string, why: string) => void;

  exit: ProcessExit | null = null;
  private child: ChildProcess | null = null;
  private buffer = '';
  private closing = false;
  private closed: Promise<void> | null = null;

  constructor(private readonly launch: StdioLaunch) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('ProcessTransport already started.');
    return new Promise((resolve, reject) => {
      const child = crossSpawn(this.launch.command, this.launch.args, {
        env: this.launch.env,
        cwd: this.launch.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
        // Its own process group, so that stop() reaches its children too.
        detached: process.platform !== 'win32',
      });
      this.child = child;
      let spawned = false;
      this.closed = new Promise<void>((done) => {
        child.once('close', (code, signal) => {
          this.exit = { code, signal };
          this.child = null;
          done();
          this.onclose?.();
        });
      });
      child.once('error', (e) => {
        if (!spawned) {
          // Never started (no such command): 'close' may not follow on every platform.
          this.exit ??= { code: null, signal: null };
          reject(e);
        } else this.onerror?.(e);
      });
      child.once('spawn', () => {
        spawned = true;
        resolve();
      });
      child.stdin!.on('error', (e) => this.onerror?.(e));
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (chunk: string) => this.read(chunk));
      child.stdout!.on('error', (e) => this.onerror?.(e));
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (chunk: string) => this.onStderr?.(chunk));
      child.stderr!.on('error', () => {});
    });
  }

  private read(chunk: string) {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      if (line.trim()) this.line(line);
    }
    if (this.buffer.length > MAX_LINE) {
      const head = this.buffer.slice(0, 200);
      this.buffer = '';
      this.onStdoutNoise?.(head, `a line longer than ${MAX_LINE / 1048576} MB without a newline was dropped`);
    }
  }

  private line(line: string) {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      this.noise(line, `not JSON (${(e as Error).message})`);
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      this.noise(line, `not a JSON-RPC 2.0 message${issue ? ` (${issue.path.join('.') || 'message'}: ${issue.message})` : ''}`);
      return;
    }
    this.onmessage?.(parsed.data);
  }

  /** Reports a broken line; if it names a request id, fails that request with the reason. */
  private noise(line: string, why: string) {
    this.onStdoutNoise?.(line, why);
    const id = requestIdIn(line);
    if (id === null) return;
    const shown = line.length > 200 ? `${line.slice(0, 200)}…` : line;
    this.onmessage?.({ jsonrpc: '2.0', id, error: { code: PARSE_ERROR, message: `The server sent a malformed response: ${why}: ${shown}` } });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.child?.stdin;
      if (!stdin || !stdin.writable) {
        reject(new Error('The server process is not running.'));
        return;
      }
      if (stdin.write(JSON.stringify(message) + '\n')) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Ends stdin, then SIGTERM, then SIGKILL — to the whole process group. */
  async close(): Promise<void> {
    if (this.closing) return this.closed ?? undefined;
    this.closing = true;
    const child = this.child;
    if (!child || !this.closed) return;
    const waitFor = (ms: number) => Promise.race([this.closed!.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms).unref())]);
    try {
      child.stdin?.end();
    } catch {}
    if (await waitFor(1000)) return;
    this.signal(child, 'SIGTERM');
    if (await waitFor(2000)) return;
    this.signal(child, 'SIGKILL');
    await waitFor(2000);
  }

  /** Stops at once, without waiting (the host is exiting). */
  kill(): void {
    if (this.child) this.signal(this.child, 'SIGKILL');
  }

  private signal(child: ChildProcess, sig: NodeJS.Signals) {
    try {
      if (process.platform !== 'win32' && child.pid) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      try {
        child.kill(sig);
      } catch {}
    }
  }
}

/** The `"id"` of a line that looks like a JSON-RPC response, even when the line does not parse. */
export function requestIdIn(line: string): number | string | null {
  const t = line.trim();
  if (!t.startsWith('{')) return null;
  if (/"method"\s*:/.test(t)) return null; // a request or notification from the server, not a response
  const m = /"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.){1,200}")/.exec(t);
  if (!m) return null;
  if (m[1]!.startsWith('"')) {
    try {
      return JSON.parse(m[1]!) as string;
    } catch {
      return null;
    }
  }
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}
