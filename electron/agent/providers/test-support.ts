import { vi } from 'vitest';
import { collectTurn, type AssistantTurn } from '../../../shared/agent/collect';
import type { ModelRequest } from '../../../shared/agent/messages';
import type { StreamEvent } from '../../../shared/agent/stream';
import { AgentSettings, type ModelEntry, type ProviderId } from '../../../shared/settings/agent';
import { startModelServers, type ModelServers, type ScriptInput } from '../../../e2e/fixtures/model-servers';
import { ProviderRegistry } from './registry';
import type { ModelProvider } from './types';

/** Every AWS variable that could let the developer's own configuration leak into a test. */
const AWS_VARS = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_BEARER_TOKEN_BEDROCK',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_BEDROCK_RUNTIME',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_AUTH_SCHEME_PREFERENCE',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_BASE_URL',
];

/**
 * Replaces the AWS/OpenAI/Anthropic environment with exactly `env` for this test: no
 * profile or shared files of the developer's, and never an instance-metadata lookup.
 * Restored by `vi.unstubAllEnvs()` (called in afterEach by the tests).
 */
export function isolateEnv(env: Record<string, string>): void {
  for (const k of AWS_VARS) vi.stubEnv(k, undefined);
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/specwright-test/config');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/specwright-test/credentials');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v === '' ? undefined : v);
}

/** Agent settings with fast retries, so tests of backoff take milliseconds. */
export const testAgentSettings = (over: Record<string, unknown> = {}) =>
  AgentSettings.parse({ retry: { maxRetries: 3, baseDelayMs: 5, maxDelayMs: 20 }, ...over });

export const entryFor = (agent: AgentSettings, provider: ProviderId): ModelEntry => agent.models.find((m) => m.provider === provider)!;

export interface Harness {
  servers: ModelServers;
  agent: AgentSettings;
  registry: ProviderRegistry;
  provider(kind: ProviderId): ModelProvider;
  entry(kind: ProviderId): ModelEntry;
  close(): Promise<void>;
}

/** The three fixture servers with `script`, reached through the standard environment variables only. */
export async function startHarness(script: ScriptInput, agentOver: Record<string, unknown> = {}): Promise<Harness> {
  const servers = await startModelServers({ script });
  isolateEnv(servers.env);
  const agent = testAgentSettings(agentOver);
  const registry = new ProviderRegistry();
  return {
    servers,
    agent,
    registry,
    provider: (kind) => registry.forModel(entryFor(agent, kind), agent),
    entry: (kind) => entryFor(agent, kind),
    async close() {
      registry.dispose();
      await servers.close();
    },
  };
}

export const ask = (model: string, text: string, over: Partial<ModelRequest> = {}): ModelRequest => ({
  model,
  system: 'You are a test.',
  messages: [{ role: 'user', content: [{ type: 'text', text }] }],
  tools: [
    { name: 'read_file', description: 'Reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } },
    { name: 'list_directory', description: 'Lists a folder', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } },
  ],
  maxTokens: 1024,
  ...over,
});

/** Runs a stream to its end, keeping every event. */
export async function run(provider: ModelProvider, request: ModelRequest, signal = new AbortController().signal): Promise<{ events: StreamEvent[]; turn: AssistantTurn }> {
  const events: StreamEvent[] = [];
  const turn = await collectTurn(provider.stream(request, signal), (e) => events.push(e));
  return { events, turn };
}
