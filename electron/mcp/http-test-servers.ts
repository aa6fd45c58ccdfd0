import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

/** Real MCP servers over HTTP, started in-process with the SDK, for tests and the bench. */

export interface TestHttpServer {
  url: string;
  /** Requests seen, with their Authorization header. */
  requests: { method: string; path: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

function mcpServer(name: string): McpServer {
  const s = new McpServer({ name, version: '1.0.0' });
  s.registerTool('add', { description: 'Adds two numbers.', inputSchema: { a: z.number(), b: z.number() }, annotations: { readOnlyHint: true } }, async ({ a, b }) => ({
    content: [{ type: 'text', text: String(a + b) }],
  }));
  s.registerTool('whoami', { description: 'Says which Authorization header it saw.', inputSchema: {} }, async (_args, extra) => ({
    content: [{ type: 'text', text: `authorization: ${extra.requestInfo?.headers.authorization ?? '(none)'}` }],
  }));
  return s;
}

async function listen(server: http.Server, requests: TestHttpServer['requests'], path: string): Promise<TestHttpServer> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const readBody = (req: http.IncomingMessage) =>
  new Promise<unknown>((resolve) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      try {
        resolve(data ? JSON.parse(data) : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });

/** Streamable HTTP at `/mcp` (one session per client). With `token`, anything else gets 401. */
export async function startStreamableHttpServer(options: { token?: string } = {}): Promise<TestHttpServer> {
  const requests: TestHttpServer['requests'] = [];
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const server = http.createServer(async (req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end(JSON.stringify({ error: 'unauthorized' }));
      return;
    }
    if (!req.url?.startsWith('/mcp')) {
      res.writeHead(404).end();
      return;
    }
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const sid = req.headers['mcp-session-id'];
    let transport = typeof sid === 'string' ? sessions.get(sid) : undefined;
    if (!transport) {
      transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (id) => void sessions.set(id, transport!) });
      await mcpServer('http-test').connect(transport);
    }
    await transport.handleRequest(req, res, body);
  });
  return listen(server, requests, '/mcp');
}

/** The older HTTP+SSE transport: GET `/sse` opens the stream, POST `/messages` sends; POST `/sse` is refused (405) as such servers do. */
export async function startLegacySseServer(): Promise<TestHttpServer> {
  const requests: TestHttpServer['requests'] = [];
  const transports = new Map<string, SSEServerTransport>();
  const server = http.createServer(async (req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/sse' && req.method === 'GET') {
      const t = new SSEServerTransport('/messages', res);
      transports.set(t.sessionId, t);
      await mcpServer('sse-test').connect(t);
      return;
    }
    if (url.pathname === '/messages' && req.method === 'POST') {
      const t = transports.get(url.searchParams.get('sessionId') ?? '');
      if (!t) {
        res.writeHead(404).end();
        return;
      }
      await t.handlePostMessage(req, res, await readBody(req));
      return;
    }
    res.writeHead(405, { allow: 'GET' }).end();
  });
  return listen(server, requests, '/sse');
}

/** Answers 401 to everything. */
export async function startUnauthorizedServer(): Promise<TestHttpServer> {
  const requests: TestHttpServer['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized');
  });
  return listen(server, requests, '/mcp');
}

/** A port nobody listens on (bound, then released). */
export async function closedPortUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}/mcp`;
}
