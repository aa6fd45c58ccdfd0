import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ModelEntry } from '../../../shared/settings/agent';
import { startModelServers, type ModelServers } from '../../../e2e/fixtures/model-servers';
import { detectOllama, ollamaModelEntries } from './ollama';
import { ProviderRegistry } from './registry';
import { EnvSecretSource } from '../../secrets/secret-store';
import { ask, entryFor, isolateEnv, run, testAgentSettings } from './test-support';

/** OpenAI-compatible and Anthropic specifics: keys, base URLs, local servers, Ollama. */
let servers: ModelServers;
beforeAll(async () => {
  servers = await startModelServers({ script: { models: ['llama3.1:8b', 'qwen2.5-coder:7b'], turns: [{ reply: [{ text: 'ok' }] }] } });
});
afterAll(() => servers.close());
afterEach(() => {
  vi.unstubAllEnvs();
  for (const s of Object.values(servers.servers)) s.player.requests.length = 0;
});

const lastRequest = (kind: 'openai' | 'anthropic') => servers.requests(kind).at(-1)!;

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

describe('OpenAI-compatible', () => {
  it('sends the key from OPENAI_API_KEY as a bearer token to OPENAI_BASE_URL, with usage requested', async () => {
    isolateEnv(servers.env);
    const agent = testAgentSettings();
    const { turn } = await run(new ProviderRegistry().forModel(entryFor(agent, 'openai'), agent), ask('gpt-4o-mini', 'hi'));
    expect(turn.content).toEqual([{ type: 'text', text: 'ok' }]);
    const r = lastRequest('openai');
    expect(r.headers.authorization).toBe('Bearer sk-fixture-openai');
    expect(r.body).toMatchObject({ stream: true, stream_options: { include_usage: true }, max_tokens: 1024, tools: [{ type: 'function', function: { name: 'read_file' } }, expect.anything()] });
  });

  it('prefers the base URL in settings over OPENAI_BASE_URL', async () => {
    isolateEnv({ ...servers.env, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    const agent = testAgentSettings({ openai: { baseUrl: servers.openai } });
    const { turn } = await run(new ProviderRegistry().forModel(entryFor(agent, 'openai'), agent), ask('gpt-4o-mini', 'hi'));
    expect(turn.error).toBeNull();
  });

  it('refuses to call a remote endpoint without a key, naming the variable to set', async () => {
    isolateEnv({ OPENAI_BASE_URL: 'https://api.openai.example/v1' });
    const agent = testAgentSettings();
    const { turn } = await run(new ProviderRegistry().forModel(entryFor(agent, 'openai'), agent), ask('gpt-4o-mini', 'hi'));
    expect(turn.error).toMatchObject({ kind: 'auth', retryable: false });
    expect(turn.error!.message).toContain('set OPENAI_API_KEY');
  });

  it('calls a local server without a key', async () => {
    isolateEnv({ OPENAI_BASE_URL: servers.openai });
    const agent = testAgentSettings();
    const { turn } = await run(new ProviderRegistry().forModel(entryFor(agent, 'openai'), agent), ask('local-model', 'hi'));
    expect(turn.error).toBeNull();
    expect(lastRequest('openai').headers.authorization).toBeUndefined();
  });

  it('converts tool results to `tool` messages and assistant tool calls to JSON arguments', async () => {
    isolateEnv(servers.env);
    const agent = testAgentSettings();
    const request = ask('gpt-4o-mini', 'go');
    request.messages.push(
      { role: 'assistant', content: [{ type: 'text', text: 'Looking.' }, { type: 'tool_use', id: 'call_9', name: 'read_file', input: { path: 'a' } }] },
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 'call_9', content: 'no such file', isError: true }, { type: 'text', text: 'and then?' }] },
    );
    await run(new ProviderRegistry().forModel(entryFor(agent, 'openai'), agent), request);
    const body = lastRequest('openai').body as { messages: unknown[] };
    expect(body.messages).toEqual([
      { role: 'system', content: 'You are a test.' },
      { role: 'user', content: 'go' },
      { role: 'assistant', content: 'Looking.', tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'read_file', arguments: '{"path":"a"}' } }] },
      { role: 'tool', tool_call_id: 'call_9', content: 'Error: no such file' },
      { role: 'user', content: 'and then?' },
    ]);
  });

  it('reports a server that is not there as a network error after its retries', async () => {
    const port = await closedPort();
    isolateEnv({ OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` });
    const agent = testAgentSettings({ retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const { events, turn } = await run(new ProviderRegistry().forModel(entryFor(agent, 'openai'), agent), ask('m', 'hi'));
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(1);
    expect(turn.error?.kind).toBe('network');
    expect(turn.error!.message).toMatch(/Cannot reach .*ECONNREFUSED/);
  });
});

describe('Ollama', () => {
  it('is detected on its native /api/tags, with its models', async () => {
    const root = servers.openai.replace(/\/v1$/, '');
    const found = await detectOllama({ url: root });
    expect(found).toEqual({ baseUrl: `${root}/v1`, models: ['llama3.1:8b', 'qwen2.5-coder:7b'] });
  });

  it('is not detected where nothing answers', async () => {
    expect(await detectOllama({ url: `http://127.0.0.1:${await closedPort()}` })).toBeNull();
  });

  it('offers its models as catalog entries that work without a key', async () => {
    isolateEnv({ OPENAI_API_KEY: 'sk-not-for-ollama' });
    const found = await detectOllama({ url: servers.openai.replace(/\/v1$/, '') });
    const entries = ollamaModelEntries(found!).map((e) => ModelEntry.parse(e));
    expect(entries.map((e) => e.id)).toEqual(['ollama/llama3.1:8b', 'ollama/qwen2.5-coder:7b']);
    expect(entries[0]!.price).toEqual({ inputPerMTok: 0, outputPerMTok: 0, cacheReadPerMTok: 0, cacheWritePerMTok: 0 });
    const agent = testAgentSettings({ models: entries });
    const { turn } = await run(new ProviderRegistry().forModel(entries[0]!, agent), ask(entries[0]!.model, 'hi'));
    expect(turn.content).toEqual([{ type: 'text', text: 'ok' }]);
    const r = lastRequest('openai');
    expect(r.conversation!.model).toBe('llama3.1:8b');
    expect(r.headers.authorization).toBeUndefined();
  });
});

describe('Anthropic', () => {
  it('sends x-api-key and anthropic-version to ANTHROPIC_BASE_URL', async () => {
    isolateEnv(servers.env);
    const agent = testAgentSettings();
    const { turn } = await run(new ProviderRegistry().forModel(entryFor(agent, 'anthropic'), agent), ask('claude-sonnet-4-5', 'hi'));
    expect(turn.error).toBeNull();
    const r = lastRequest('anthropic');
    expect(r.headers['x-api-key']).toBe('sk-ant-fixture');
    expect(r.headers['anthropic-version']).toBe('2023-06-01');
    expect(r.body).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 1024, system: 'You are a test.', stream: true, tools: [{ name: 'read_file', input_schema: { type: 'object' } }, expect.anything()] });
  });

  it('names ANTHROPIC_API_KEY when there is no key, and sends nothing', async () => {
    isolateEnv({ ANTHROPIC_BASE_URL: servers.anthropic });
    const agent = testAgentSettings();
    const { turn } = await run(new ProviderRegistry().forModel(entryFor(agent, 'anthropic'), agent), ask('claude-sonnet-4-5', 'hi'));
    expect(turn.error).toMatchObject({ kind: 'auth' });
    expect(turn.error!.message).toContain('set ANTHROPIC_API_KEY');
    expect(servers.requests('anthropic')).toHaveLength(0);
  });

  it('reads the key through the SecretSource it is given, under the name in settings', async () => {
    isolateEnv({ ANTHROPIC_BASE_URL: servers.anthropic });
    const agent = testAgentSettings({ anthropic: { apiKeyName: 'TEAM_CLAUDE_KEY' } });
    const registry = new ProviderRegistry({ secrets: new EnvSecretSource({ TEAM_CLAUDE_KEY: 'sk-ant-team' }) });
    await run(registry.forModel(entryFor(agent, 'anthropic'), agent), ask('claude-sonnet-4-5', 'hi'));
    expect(lastRequest('anthropic').headers['x-api-key']).toBe('sk-ant-team');
  });
});
