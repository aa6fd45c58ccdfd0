import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProviderId } from '../../../shared/settings/agent';
import type { ScriptInput } from '../../../e2e/fixtures/model-servers';
import { ask, run, startHarness, testAgentSettings, type Harness } from './test-support';

/**
 * The same scripted model behind all three wire protocols, driven through the real
 * clients (the AWS SDK over HTTP/2; fetch with SSE): every adapter must turn it into the
 * same neutral events.
 */
const script: ScriptInput = {
  turns: [
    {
      name: 'greet',
      when: { lastUser: '^say hello$' },
      reply: [{ text: 'Hello from the scripted model, streamed in small pieces.', chunkChars: 5 }],
      usage: { inputTokens: 42, outputTokens: 11, cacheReadTokens: 7, cacheWriteTokens: 3 },
    },
    {
      name: 'read',
      when: { lastUser: 'read notes', step: 0 },
      reply: [
        { text: 'Reading it.' },
        { toolUse: { id: 'call_read_1', name: 'read_file', input: { path: 'docs/notes.md', range: [1, 20] } }, fragments: 5 },
      ],
      usage: { inputTokens: 100, outputTokens: 25 },
    },
    {
      name: 'after read',
      when: { lastUser: 'read notes', step: 1, lastToolResult: 'NOTES:' },
      reply: [{ text: 'The notes say hi.' }],
      usage: { inputTokens: 130, outputTokens: 6 },
    },
    { name: 'two tools', when: { lastUser: 'two tools' }, reply: [{ toolUse: { name: 'list_directory', input: { path: '.' } } }, { toolUse: { name: 'read_file', input: { path: 'a' } } }] },
    { name: 'bad json', when: { lastUser: 'bad json' }, reply: [{ toolUse: { id: 'call_bad', name: 'read_file', rawInput: '{"path": "a.txt"' }, fragments: 2 }] },
    { name: 'not an object', when: { lastUser: 'array input' }, reply: [{ toolUse: { name: 'read_file', rawInput: '["a.txt"]' } }] },
    { name: 'throttled', when: { lastUser: 'busy' }, fail: { kind: 'throttle', times: 2 }, reply: [{ text: 'Answered after waiting.' }] },
    { name: 'always throttled', when: { lastUser: 'never' }, fail: { kind: 'throttle', times: 99 } },
    { name: '5xx', when: { lastUser: 'flaky' }, fail: { kind: 'server', times: 1 }, reply: [{ text: 'Recovered.' }] },
    { name: 'exception first', when: { lastUser: 'early exception' }, times: 1, reply: [{ fault: 'exception', kind: 'throttle' }] },
    { name: 'exception then ok', when: { lastUser: 'early exception' }, reply: [{ text: 'Second try worked.' }] },
    { name: 'mid-stream', when: { lastUser: 'mid-stream error' }, reply: [{ text: 'The first half of an answer ' }, { fault: 'exception', kind: 'server', message: 'model fell over' }] },
    { name: 'drop', when: { lastUser: 'drop it' }, reply: [{ text: 'Partial words before the cut ' }, { pauseMs: 20 }, { fault: 'drop' }] },
    { name: 'slow', when: { lastUser: 'long story' }, reply: [{ text: 'word '.repeat(400), chunkChars: 5, delayMs: 25 }] },
    { name: 'too long', when: { lastUser: 'huge' }, fail: { kind: 'context_too_long', times: 99 } },
    { name: 'refused', when: { lastUser: 'no access' }, fail: { kind: 'auth', times: 99 } },
    { name: 'max tokens', when: { lastUser: 'ramble' }, reply: [{ text: 'and so on' }], stopReason: 'max_tokens' },
  ],
};

const kinds: ProviderId[] = ['bedrock', 'openai', 'anthropic'];

describe.each(kinds)('%s adapter against its fixture server', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(script);
  });
  afterAll(async () => {
    await h.close();
    vi.unstubAllEnvs();
  });
  afterEach(() => {
    // Each server keeps its requests; tests look only at what they sent.
    for (const s of Object.values(h.servers.servers)) s.player.requests.length = 0;
  });
  const model = () => h.entry(kind).model;
  const sent = () => h.servers.requests(kind).filter((r) => r.conversation);

  it('streams text in several deltas, then usage and the stop reason', async () => {
    const { events, turn } = await run(h.provider(kind), ask(model(), 'say hello'));
    const deltas = events.filter((e) => e.type === 'text_delta');
    expect(deltas.length).toBeGreaterThan(5);
    expect(turn.content).toEqual([{ type: 'text', text: 'Hello from the scripted model, streamed in small pieces.' }]);
    expect(turn.stopReason).toBe('end_turn');
    expect(turn.usage).toEqual({ inputTokens: 42, outputTokens: 11, cacheReadTokens: 7, cacheWriteTokens: kind === 'openai' ? 0 : 3, estimated: false });
    expect(events.at(-1)).toEqual({ type: 'stop', reason: 'end_turn' });
    expect(events.at(-2)?.type).toBe('usage');
  });

  it('sends the system prompt, the messages and the tools in its wire format', async () => {
    await run(h.provider(kind), ask(model(), 'say hello'));
    const [r] = sent();
    expect(r!.conversation).toMatchObject({ model: model(), system: 'You are a test.', tools: ['read_file', 'list_directory'], maxTokens: 1024, stream: true });
    expect(r!.conversation!.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'say hello' }] }]);
    expect(r!.httpVersion).toBe(kind === 'bedrock' ? '2.0' : '1.1');
  });

  it('streams a tool call: start, JSON fragments, then the parsed input', async () => {
    const { events, turn } = await run(h.provider(kind), ask(model(), 'read notes'));
    const start = events.find((e) => e.type === 'tool_use_start');
    expect(start).toEqual({ type: 'tool_use_start', id: 'call_read_1', name: 'read_file' });
    const fragments = events.flatMap((e) => (e.type === 'tool_use_delta' ? [e.fragment] : []));
    expect(fragments.length).toBe(5);
    expect(JSON.parse(fragments.join(''))).toEqual({ path: 'docs/notes.md', range: [1, 20] });
    expect(turn.content).toEqual([
      { type: 'text', text: 'Reading it.' },
      { type: 'tool_use', id: 'call_read_1', name: 'read_file', input: { path: 'docs/notes.md', range: [1, 20] } },
    ]);
    expect(turn.stopReason).toBe('tool_use');
    expect(turn.usage.outputTokens).toBe(25);
  });

  it('carries tool results back to the model and continues the conversation', async () => {
    const first = await run(h.provider(kind), ask(model(), 'read notes'));
    const request = ask(model(), 'read notes');
    request.messages.push(
      { role: 'assistant', content: first.turn.content },
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 'call_read_1', content: 'NOTES: hi there', isError: false }] },
    );
    const second = await run(h.provider(kind), request);
    expect(second.turn.content).toEqual([{ type: 'text', text: 'The notes say hi.' }]);
    const r = sent().at(-1)!;
    expect(r.turn).toBe('after read');
    expect(r.conversation!.messages.at(-2)!.content).toContainEqual({ type: 'tool_use', id: 'call_read_1', name: 'read_file', input: { path: 'docs/notes.md', range: [1, 20] } });
    expect(r.conversation!.messages.at(-1)!.content).toEqual([{ type: 'tool_result', toolUseId: 'call_read_1', content: 'NOTES: hi there', isError: false }]);
  });

  it('keeps two tool calls of one turn apart', async () => {
    const { turn } = await run(h.provider(kind), ask(model(), 'two tools'));
    expect(turn.content.map((b) => (b.type === 'tool_use' ? [b.name, b.input] : b.type))).toEqual([
      ['list_directory', { path: '.' }],
      ['read_file', { path: 'a' }],
    ]);
  });

  it('turns malformed tool JSON into a tool_use_invalid event, not a crash', async () => {
    const { events, turn } = await run(h.provider(kind), ask(model(), 'bad json'));
    const invalid = events.find((e) => e.type === 'tool_use_invalid');
    expect(invalid).toMatchObject({ type: 'tool_use_invalid', id: 'call_bad', name: 'read_file', rawInput: '{"path": "a.txt"' });
    expect(invalid && invalid.type === 'tool_use_invalid' && invalid.error).toMatch(/not valid JSON/);
    expect(turn.invalidToolUses).toHaveLength(1);
    expect(turn.stopReason).toBe('tool_use');
    expect(turn.error).toBeNull();
  });

  it('refuses tool input that is JSON but not an object', async () => {
    const { turn } = await run(h.provider(kind), ask(model(), 'array input'));
    expect(turn.invalidToolUses[0]?.error).toMatch(/must be a JSON object, got an array/);
  });

  it('retries throttling with backoff and says so with retry events', async () => {
    const { events, turn } = await run(h.provider(kind), ask(model(), 'busy'));
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries).toHaveLength(2);
    expect(retries.map((r) => r.type === 'retry' && [r.attempt, r.maxAttempts, r.reason])).toEqual([
      [1, 4, 'throttled'],
      [2, 4, 'throttled'],
    ]);
    for (const r of retries) if (r.type === 'retry') expect(r.retryAt).toBeGreaterThan(0);
    expect(turn.content).toEqual([{ type: 'text', text: 'Answered after waiting.' }]);
    expect(sent().map((r) => r.outcome)).toEqual(['fail', 'fail', 'reply']);
  });

  it('gives up after the bounded number of retries with a throttled error', async () => {
    const { events, turn } = await run(h.provider(kind), ask(model(), 'never'));
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(3);
    expect(turn.error).toMatchObject({ kind: 'throttled', retryable: true });
    expect(sent()).toHaveLength(4);
  });

  it('retries a server error', async () => {
    const { events, turn } = await run(h.provider(kind), ask(model(), 'flaky'));
    expect(events.filter((e) => e.type === 'retry').map((e) => e.type === 'retry' && e.reason)).toEqual(['server']);
    expect(turn.content).toEqual([{ type: 'text', text: 'Recovered.' }]);
  });

  it('retries an error that arrives in the stream before any content', async () => {
    const { events, turn } = await run(h.provider(kind), ask(model(), 'early exception'));
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(1);
    expect(turn.content).toEqual([{ type: 'text', text: 'Second try worked.' }]);
  });

  it('ends a stream that fails mid-answer with stream_cut and keeps the partial answer', async () => {
    const { events, turn } = await run(h.provider(kind), ask(model(), 'mid-stream error'));
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(0);
    const last = events.at(-1)!;
    expect(last.type).toBe('error');
    if (last.type !== 'error') return;
    expect(last.error.kind).toBe('stream_cut');
    expect(last.error.message).toMatch(/cut off.*partial answer is kept/);
    expect(last.partial).toEqual([{ type: 'text', text: 'The first half of an answer ' }]);
    // Nothing is charged silently: an estimate stands in for the usage the provider never sent.
    expect(turn.usage.estimated).toBe(true);
    expect(turn.usage.outputTokens).toBeGreaterThan(0);
  });

  it('keeps the partial answer when the connection drops', async () => {
    const { events } = await run(h.provider(kind), ask(model(), 'drop it'));
    const last = events.at(-1)!;
    expect(last).toMatchObject({ type: 'error', error: { kind: 'stream_cut' }, partial: [{ type: 'text', text: 'Partial words before the cut ' }] });
  });

  it('ends promptly when aborted mid-stream, with what had arrived', async () => {
    const controller = new AbortController();
    const events: string[] = [];
    let text = '';
    for await (const e of h.provider(kind).stream(ask(model(), 'long story'), controller.signal)) {
      events.push(e.type);
      if (e.type === 'text_delta') {
        text += e.text;
        if (text.length >= 20) controller.abort();
      }
      if (e.type === 'error') {
        expect(e.error.kind).toBe('aborted');
        expect(e.partial).toEqual([{ type: 'text', text }]);
      }
    }
    expect(events.at(-1)).toBe('error');
    // The whole reply is 2000 characters at 25 ms per 5: an abort that did not stop the stream would have collected far more.
    expect(text.length).toBeLessThan(60);
  });

  it('aborts during a retry wait', async () => {
    const slowAgent = testAgentSettings({ retry: { maxRetries: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const e of h.registry.forModel(h.entry(kind), slowAgent).stream(ask(model(), 'never'), controller.signal)) {
      seen.push(e.type === 'error' ? `error:${e.error.kind}` : e.type);
      if (e.type === 'retry') controller.abort();
    }
    // A wait that ignored the abort would take a minute and fail this test by its timeout.
    expect(seen).toEqual(['retry', 'error:aborted']);
  });

  it('an already aborted signal sends nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const { events } = await run(h.provider(kind), ask(model(), 'say hello'), controller.signal);
    expect(events).toEqual([{ type: 'error', error: expect.objectContaining({ kind: 'aborted' }), partial: [] }]);
    expect(sent()).toHaveLength(0);
  });

  it('classifies a context that is too long, without retrying', async () => {
    const { events, turn } = await run(h.provider(kind), ask(model(), 'huge'));
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(0);
    expect(turn.error).toMatchObject({ kind: 'context_too_long', retryable: false });
    expect(turn.error!.message).toContain(model());
  });

  it('classifies refused credentials as auth, saying what to do', async () => {
    const { turn } = await run(h.provider(kind), ask(model(), 'no access'));
    expect(turn.error?.kind).toBe('auth');
    expect(turn.error!.message).toMatch(kind === 'bedrock' ? /model access/i : kind === 'openai' ? /OPENAI_API_KEY/ : /ANTHROPIC_API_KEY/);
  });

  it('reports max_tokens as the stop reason', async () => {
    const { turn } = await run(h.provider(kind), ask(model(), 'ramble'));
    expect(turn.stopReason).toBe('max_tokens');
  });

  it('answers an unscripted conversation visibly instead of hanging', async () => {
    const { turn } = await run(h.provider(kind), ask(model(), 'something nobody scripted'));
    expect(turn.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('No scripted turn matches') });
    expect(sent()[0]!.outcome).toBe('unmatched');
  });
});
