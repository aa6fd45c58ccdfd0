import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { VERSION } from '../host/version';
import { ProcessTransport } from './stdio-transport';
import type { Launch } from './variables';

export type ConnectedVia = 'stdio' | 'streamable-http' | 'sse';

export interface Connected {
  client: Client;
  transport: Transport;
  via: ConnectedVia;
}

export interface ConnectOptions {
  /** The workspace root: a relative `cwd` is resolved against it, and it is the default. */
  root: string;
  timeoutMs: number;
  /** The attempt was abandoned (the server was stopped meanwhile). */
  signal?: AbortSignal;
  onStderr(text: string): void;
  onNote(text: string): void;
  /** The transport, as soon as it exists (so a stdio pid can be shown while it starts). */
  onTransport?(t: Transport): void;
}

/** A failure with a message for the person (the panel shows it as the reason). */
export class McpStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'McpStartError';
  }
}

const newClient = () => new Client({ name: 'Specwright', version: VERSION }, { capabilities: {} });

/** Connects and completes the MCP handshake (`initialize`) within the start timeout. */
export async function connectServer(launch: Launch, o: ConnectOptions): Promise<Connected> {
  if (launch.transport === 'stdio') return connectStdio(launch, o);
  return connectHttp(launch, o);
}

async function connectStdio(launch: Launch, o: ConnectOptions): Promise<Connected> {
  const cwd = launch.cwd ? path.resolve(o.root, launch.cwd) : o.root;
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) throw new McpStartError(`Its working folder "${launch.cwd}" (${cwd}) does not exist.`);
  // Only the SDK's safe variables (HOME, PATH, SHELL, TERM, USER, LOGNAME) and what mcp.json
  // sets: a server sees Specwright's other variables only through an approved ${VAR}.
  const env = { ...getDefaultEnvironment(), ...launch.env };
  const transport = new ProcessTransport({ command: launch.command, args: launch.args, env, cwd });
  transport.onStderr = o.onStderr;
  const noise: string[] = [];
  transport.onStdoutNoise = (line, why) => {
    if (noise.length < 3) noise.push(`${line.length > 160 ? `${line.slice(0, 160)}…` : line} (${why})`);
    o.onNote(`stdout: ${why}: ${line.length > 500 ? `${line.slice(0, 500)}…` : line}`);
  };
  o.onTransport?.(transport);
  const client = newClient();
  try {
    await handshake(client, transport, o);
  } catch (e) {
    // Described before closing: a server we stop after a timeout must not read as "killed".
    const message = describeStdioFailure(e, launch, transport, noise, o.timeoutMs);
    await transport.close().catch(() => {});
    throw new McpStartError(message);
  }
  return { client, transport, via: 'stdio' };
}

async function connectHttp(launch: Launch, o: ConnectOptions): Promise<Connected> {
  let url: URL;
  try {
    url = new URL(launch.url);
  } catch {
    throw new McpStartError(`"${launch.url}" is not a valid URL.`);
  }
  const requestInit: RequestInit = { headers: launch.headers };
  const started = Date.now();
  const streamable = new StreamableHTTPClientTransport(url, { requestInit });
  o.onTransport?.(streamable);
  let client = newClient();
  try {
    await handshake(client, streamable, o);
    return { client, transport: streamable, via: 'streamable-http' };
  } catch (first) {
    await streamable.close().catch(() => {});
    if (!fallsBackToSse(first)) throw new McpStartError(describeHttpFailure(first, url, o.timeoutMs));
    o.onNote(`Streamable HTTP was refused (${(first as Error).message.slice(0, 200)}); trying the older HTTP+SSE transport.`);
    const sse = new SSEClientTransport(url, { requestInit });
    client = newClient();
    try {
      await handshake(client, sse, { ...o, timeoutMs: Math.max(1000, o.timeoutMs - (Date.now() - started)) });
      return { client, transport: sse, via: 'sse' };
    } catch (second) {
      await sse.close().catch(() => {});
      throw new McpStartError(`${describeHttpFailure(first, url, o.timeoutMs)} The older HTTP+SSE transport failed too: ${describeHttpFailure(second, url, o.timeoutMs)}`);
    }
  }
}

/** `client.connect` (transport start + initialize), bounded by the start timeout and the abort signal. */
async function handshake(client: Client, transport: Transport, o: ConnectOptions): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HandshakeTimeout()), o.timeoutMs);
    onAbort = () => reject(new DOMException('The server was stopped while it started.', 'AbortError'));
    o.signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([client.connect(transport, { timeout: o.timeoutMs, ...(o.signal ? { signal: o.signal } : {}) }), limit]);
  } finally {
    clearTimeout(timer);
    if (onAbort) o.signal?.removeEventListener('abort', onAbort);
  }
}

class HandshakeTimeout extends Error {
  constructor() {
    super('timeout');
    this.name = 'HandshakeTimeout';
  }
}

const isTimeout = (e: unknown) => e instanceof HandshakeTimeout || (e instanceof McpError && e.code === ErrorCode.RequestTimeout);
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function describeStdioFailure(e: unknown, launch: Launch, t: ProcessTransport, noise: string[], timeoutMs: number): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT' && t.pid === null) {
    return `The command "${launch.command}" was not found. Is it installed, and on the PATH Specwright was started with?`;
  }
  if ((err?.code === 'EACCES' || err?.code === 'EPERM') && t.pid === null) return `The command "${launch.command}" cannot be run: permission denied.`;
  if (e instanceof DOMException && e.name === 'AbortError') return 'Stopped while starting.';
  if (t.exit) {
    const how = t.exit.signal ? `was killed by ${t.exit.signal}` : `exited with code ${t.exit.code}`;
    return `The server ${how} before it was ready.`;
  }
  if (e instanceof McpError && e.code === ErrorCode.ParseError) return `${e.message.replace(/^MCP error -?\d+: /, '')}`;
  if (isTimeout(e)) {
    const extra = noise.length ? ` It wrote to stdout what is not JSON-RPC: ${noise.join('; ')}.` : '';
    return `The server did not answer the MCP handshake (initialize) within ${seconds(timeoutMs)}.${extra} Is it an MCP server speaking stdio?`;
  }
  return `The server could not be started: ${(e as Error)?.message ?? String(e)}`;
}

/** Streamable HTTP refused in a way that an older HTTP+SSE server would explain. */
function fallsBackToSse(e: unknown): boolean {
  if (e instanceof StreamableHTTPError) return e.code === 400 || e.code === 404 || e.code === 405;
  return false;
}

function describeHttpFailure(e: unknown, url: URL, timeoutMs: number): string {
  const where = `${url.origin}${url.pathname}`;
  const code = (e as { code?: unknown })?.code;
  if (isTimeout(e)) return `${where} did not complete the MCP handshake (initialize) within ${seconds(timeoutMs)}.`;
  if (e instanceof DOMException && e.name === 'AbortError') return 'Stopped while starting.';
  if (e instanceof Error && e.name === 'UnauthorizedError') return `${where} requires authorization (401 Unauthorized). Check the Authorization header in mcp.json; OAuth sign-in is not supported yet.`;
  if (typeof code === 'number' && code >= 100 && code < 600) {
    if (code === 401) return `${where} answered 401 Unauthorized: check the Authorization header (and its \${VAR}) in mcp.json.`;
    if (code === 403) return `${where} answered 403 Forbidden: the credentials in mcp.json are not allowed to use it.`;
    return `${where} answered HTTP ${code}: ${(e as Error).message.slice(0, 300)}`;
  }
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  const sys = cause?.code ?? (typeof code === 'string' ? code : undefined);
  if (sys === 'ECONNREFUSED') return `Cannot reach ${where}: connection refused (is the server running?).`;
  if (sys === 'ENOTFOUND' || sys === 'EAI_AGAIN') return `Cannot reach ${where}: the host name "${url.hostname}" does not resolve.`;
  if (sys === 'ECONNRESET') return `${where} closed the connection.`;
  if (sys) return `Cannot reach ${where}: ${sys}${cause?.message ? ` (${cause.message})` : ''}.`;
  return `${where}: ${(e as Error)?.message ?? String(e)}`;
}
