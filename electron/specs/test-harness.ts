import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { vi } from 'vitest';
import type { AppContract, SpecCard } from '../../shared/contract';
import { startModelServers, type ModelServers, type ScriptInput } from '../../e2e/fixtures/model-servers';
import { createClient, type Client } from '../../shared/rpc/client';
import { createMemoryTransportPair } from '../../shared/rpc/transport';
import { isolateEnv } from '../agent/providers/test-support';
import { createHost, type Host } from '../host/host';
import { makeTempTree, waitFor } from '../workspace/test-support';
import type { Workspace } from '../workspace/workspace';
import type { TaskEndedEvent, TaskStartedEvent } from './runner';
import { specsFor, type SpecsFeature } from './service';

/**
 * The whole host over the real RPC layer (in-memory transport), the real agent loop, and
 * the fixture model servers speaking Bedrock's wire protocol with a scripted model: what
 * the board does, end to end, without a browser.
 */
export interface SpecHarness {
  root: string;
  dataDir: string;
  host: Host;
  client: Client<AppContract>;
  ws: Workspace;
  specs: SpecsFeature;
  servers: ModelServers;
  started: TaskStartedEvent[];
  ended: TaskEndedEvent[];
  card(id: string): Promise<SpecCard>;
  read(rel: string): Promise<string>;
  write(rel: string, text: string): Promise<void>;
  /** Names of the scripted turns that answered, in order. */
  turns(): (string | null)[];
  /** Everything the model was sent, as one string. */
  sent(): string;
  close(): Promise<void>;
}

export async function startSpecHarness(o: { script: ScriptInput; files?: Record<string, string>; settings?: Record<string, unknown>; autopilot?: boolean }): Promise<SpecHarness> {
  const servers = await startModelServers({ script: o.script });
  isolateEnv(servers.env);
  vi.stubEnv('SPECWRIGHT_HOME_KIRO', '');
  const root = await makeTempTree({ 'README.md': '# calc\n', ...(o.files ?? {}) }, 'sw-spec-ws-');
  const dataDir = await makeTempTree({}, 'sw-spec-data-');
  await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ agent: { retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 } }, ...(o.settings ?? {}) }));
  const host = createHost({ mode: 'server', dataDir });
  const [a, b] = createMemoryTransportPair();
  host.attach(a);
  const client = createClient<AppContract>(b);
  await client.call('workspace.open', { path: root });
  if (o.autopilot !== false) await client.call('workspace.setState', { autopilot: true });
  const ws = host.workspaces.all[0]!;
  const specs = specsFor(ws, host);
  await specs.runner.recovered;
  const started: TaskStartedEvent[] = [];
  const ended: TaskEndedEvent[] = [];
  specs.runner.taskStarted.on((e) => started.push(e));
  specs.runner.taskEnded.on((e) => ended.push(e));
  return {
    root,
    dataDir,
    host,
    client,
    ws,
    specs,
    servers,
    started,
    ended,
    card: (id) => specs.store.card(id),
    read: (rel) => readFile(path.join(root, rel), 'utf8'),
    async write(rel, text) {
      await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await writeFile(path.join(root, rel), text);
    },
    turns: () => servers.requests('bedrock').filter((r) => r.operation === 'ConverseStream').map((r) => r.turn),
    sent: () => JSON.stringify(servers.requests('bedrock').map((r) => r.body)),
    async close() {
      await host.dispose();
      await servers.close();
      vi.unstubAllEnvs();
      await rm(root, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export { waitFor };
