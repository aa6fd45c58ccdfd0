// `mcp.ready`: from `workspace.open` (over the host's RPC) to every configured local server
// ready — started, initialized, tools/prompts/resources listed — for server-everything,
// server-filesystem and the toolbox fixture, started in parallel. Beside it, the same three
// servers started by the SDK directly in one process (StdioClientTransport, connect, and the
// same list calls), also in parallel.
//
// `mcp.call-overhead`: one `echo` call through the MCP manager (name lookup, the runtime's
// timeout/progress bookkeeping, result formatting) beside the same call made with the SDK's
// `client.callTool` on its own connection to the same server. `mcp.call-added` is the
// difference: what the host adds on top of the server's own time. (The policy gate and the
// audit log come on top in the agent; they are the policy's figures.)

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { AppContract, McpState } from '../../shared/contract';
import { createClient } from '../../shared/rpc/client';
import { createMemoryTransportPair } from '../../shared/rpc/transport';
import { createHost } from '../../electron/host/host';
import { getMcp } from '../../electron/mcp/manager';
import { benchTemp, median, type Bench } from './lib';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const node = process.execPath;
const SERVERS: Record<string, string[]> = {
  everything: [path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js')],
  fs: [path.join(repoRoot, 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'), '.'],
  box: [path.join(repoRoot, 'e2e/fixtures/mcp-servers/toolbox.mjs')],
};
const READY_RUNS = 9;
const CALLS = 300;

async function workspace(): Promise<{ root: string; dataDir: string }> {
  const root = await benchTemp('mcp');
  const dataDir = await benchTemp('mcp-data');
  await mkdir(path.join(root, '.kiro', 'settings'), { recursive: true });
  const mcpServers = Object.fromEntries(Object.entries(SERVERS).map(([name, args]) => [name, { command: node, args }]));
  await writeFile(path.join(root, '.kiro', 'settings', 'mcp.json'), JSON.stringify({ mcpServers }));
  return { root, dataDir };
}

/** workspace.open → every server ready, through the real host. */
async function hostReady(root: string, dataDir: string): Promise<number> {
  process.env.SPECWRIGHT_HOME_KIRO = '';
  const host = createHost({ mode: 'server', dataDir });
  const [a, b] = createMemoryTransportPair();
  host.attach(a);
  const client = createClient<AppContract>(b);
  const started = performance.now();
  await client.call('workspace.open', { path: root });
  const elapsed = await new Promise<number>((resolve, reject) => {
    const off = client.subscribe('mcp.changes', {}, (s: McpState) => {
      if (s.loaded && s.servers.length === Object.keys(SERVERS).length && s.servers.every((x) => x.state === 'ready')) {
        resolve(performance.now() - started);
        off();
      } else if (s.servers.some((x) => x.state === 'failed')) reject(new Error(`a server failed: ${JSON.stringify(s.servers.map((x) => [x.name, x.reason]))}`));
    });
  });
  client.close();
  await host.dispose();
  return elapsed;
}

async function sdkConnect(root: string, args: string[]): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(new StdioClientTransport({ command: node, args, cwd: root, stderr: 'ignore' }));
  const caps = client.getServerCapabilities() ?? {};
  await Promise.all([caps.tools ? client.listTools() : null, caps.prompts ? client.listPrompts() : null, caps.resources ? client.listResources() : null]);
  return client;
}

/** The same servers, started and initialized by the SDK directly, in parallel. */
async function sdkReady(root: string): Promise<number> {
  const started = performance.now();
  const clients = await Promise.all(Object.values(SERVERS).map((args) => sdkConnect(root, args)));
  const elapsed = performance.now() - started;
  await Promise.all(clients.map((c) => c.close()));
  return elapsed;
}

export const benches: Bench[] = [
  {
    ids: ['mcp.ready'],
    async run(emit) {
      const { root, dataDir } = await workspace();
      const host: number[] = [];
      const sdk: number[] = [];
      await hostReady(root, dataDir); // warm the file cache
      // Alternating which goes first, so that neither always follows the other's shutdown.
      for (let i = 0; i < READY_RUNS; i++) {
        if (i % 2) sdk.push(await sdkReady(root));
        host.push(await hostReady(root, dataDir));
        if (i % 2 === 0) sdk.push(await sdkReady(root));
      }
      emit({ id: 'mcp.ready', value: median(host), unit: 'ms', vs: { id: 'sdk.connect-3-servers', value: median(sdk), unit: 'ms' } });
    },
  },
  {
    ids: ['mcp.call-overhead', 'mcp.call-added'],
    async run(emit) {
      const { root, dataDir } = await workspace();
      process.env.SPECWRIGHT_HOME_KIRO = '';
      const host = createHost({ mode: 'server', dataDir });
      const [a, b] = createMemoryTransportPair();
      host.attach(a);
      const rpc = createClient<AppContract>(b);
      await rpc.call('workspace.open', { path: root });
      const mcp = getMcp(host.workspaces.all[0]!);
      await mcp.ready;
      const direct = await sdkConnect(root, SERVERS.box!);
      const viaHost = async () => {
        const r = await mcp.callTool('mcp__box__echo', { text: 'ping' });
        if (r.isError) throw new Error(r.text);
      };
      const viaSdk = async () => {
        await direct.callTool({ name: 'echo', arguments: { text: 'ping' } });
      };
      for (let i = 0; i < 30; i++) {
        await viaHost();
        await viaSdk();
      }
      // Interleaved, so that both see the same machine load.
      const h: number[] = [];
      const d: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        let t = performance.now();
        await viaHost();
        h.push(performance.now() - t);
        t = performance.now();
        await viaSdk();
        d.push(performance.now() - t);
      }
      emit({ id: 'mcp.call-overhead', value: median(h), unit: 'ms', vs: { id: 'sdk.callTool', value: median(d), unit: 'ms' } });
      emit({ id: 'mcp.call-added', value: (median(h) - median(d)) * 1000, unit: 'µs' });
      await direct.close();
      rpc.close();
      await host.dispose();
    },
  },
];
