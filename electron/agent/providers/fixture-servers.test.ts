import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSettings } from '../../settings/settings-service';
import { parseScript } from '../../../e2e/fixtures/model-servers';
import { startModelServersProcess, type ModelServersProcess } from '../../../e2e/fixtures/model-servers/process';
import { ProviderRegistry } from './registry';
import { ask, entryFor, isolateEnv, run, testAgentSettings } from './test-support';

const examples = path.join(import.meta.dirname, '..', '..', '..', 'e2e', 'fixtures', 'model-servers', 'examples');

describe('the fixture servers as their own process (the CLI)', () => {
  let proc: ModelServersProcess;
  beforeAll(async () => {
    proc = await startModelServersProcess({ script: path.join(examples, 'read-and-answer.json') });
  }, 30_000);
  afterAll(() => proc?.stop());
  afterEach(() => vi.unstubAllEnvs());

  it('prints its URLs and the environment that reaches them', () => {
    expect(proc.bedrock).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(proc.openai).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(proc.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME).toBe(proc.bedrock);
    expect(proc.env.ANTHROPIC_BASE_URL).toBe(proc.anthropic);
  });

  it.each(['bedrock', 'openai', 'anthropic'] as const)('plays a two-step tool conversation over %s, reached only through the environment', async (kind) => {
    isolateEnv(proc.env);
    const agent = testAgentSettings();
    const registry = new ProviderRegistry();
    try {
      const provider = registry.forModel(entryFor(agent, kind), agent);
      const request = ask('any-model', 'What does hello.txt say?');
      const first = await run(provider, request);
      expect(first.turn.stopReason).toBe('tool_use');
      const call = first.turn.content.find((b) => b.type === 'tool_use');
      expect(call).toMatchObject({ name: 'read_file', input: { path: 'hello.txt' } });
      request.messages.push({ role: 'assistant', content: first.turn.content }, { role: 'user', content: [{ type: 'tool_result', toolUseId: call!.type === 'tool_use' ? call!.id : '', content: 'Hello, world', isError: false }] });
      const second = await run(provider, request);
      expect(second.turn.content).toEqual([{ type: 'text', text: 'It says hello to the world.' }]);
      expect(second.turn.usage).toMatchObject({ inputTokens: 180, outputTokens: 12, cacheReadTokens: 100 });
      const seen = await proc.requests(kind);
      expect(seen.slice(-2).map((r) => r.turn)).toEqual(['look at the file', 'answer from the file']);
    } finally {
      registry.dispose();
    }
  });

  it('takes a new script through its control endpoint', async () => {
    isolateEnv(proc.env);
    await proc.setScript({ turns: [{ when: { lastUser: 'ping' }, reply: [{ text: 'pong' }] }] });
    const agent = testAgentSettings();
    const { turn } = await run(new ProviderRegistry().forModel(entryFor(agent, 'anthropic'), agent), ask('m', 'ping'));
    expect(turn.content).toEqual([{ type: 'text', text: 'pong' }]);
  });

  it('refuses a bad script with a message that points at the field', async () => {
    await expect(proc.setScript({ turns: [{ reply: [{ txt: 'typo' }] }] } as never)).rejects.toThrow(/turns\.0\.reply\.0/);
  });
});

describe('scripts', () => {
  it('the shipped example is valid', async () => {
    const script = parseScript(JSON.parse(await readFile(path.join(examples, 'read-and-answer.json'), 'utf8')));
    expect(script.turns.map((t) => t.name)).toEqual(['look at the file', 'answer from the file', 'busy service']);
  });

  it('reject unknown fields instead of ignoring a typo', () => {
    expect(() => parseScript({ turns: [{ wen: {} }] })).toThrow(/Invalid model-server script at turns\.0/);
    expect(() => parseScript({ turns: [{ fail: { kind: 'teapot' } }] })).toThrow(/turns\.0\.fail\.kind/);
  });
});

describe('agent settings', () => {
  it('drop a bad value with its key and keep the rest', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const os = await import('node:os');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sw-agent-settings-'));
    try {
      await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ agent: { retry: { maxRetries: 99 }, budgets: { day: 5 }, bedrock: { profile: 'work' } } }));
      const { settings, issues } = loadSettings(dir, null);
      expect(issues.map((i) => i.key)).toEqual(['agent.retry.maxRetries']);
      expect(settings.agent.retry.maxRetries).toBe(4);
      expect(settings.agent.budgets.day).toBe(5);
      expect(settings.agent.bedrock.profile).toBe('work');
      expect(settings.agent.model).toBe('auto');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
