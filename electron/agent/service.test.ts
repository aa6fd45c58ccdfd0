import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentSession, AssistantEntry, NoticeEntry, SummaryEntry } from '../../shared/agent/session';
import fixTest from '../../e2e/fixtures/scripts/fix-failing-test.json' with { type: 'json' };
import project from '../../e2e/fixtures/scripts/project.json' with { type: 'json' };
import { recordingCheckpointsForTests, startAgentHarness, type AgentHarness } from './test-support';

let h: AgentHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const assistants = (entries: { type: string }[]) => entries.filter((e): e is AssistantEntry => e.type === 'assistant');
const notices = (entries: { type: string }[]) => entries.filter((e): e is NoticeEntry => e.type === 'notice');
const lastBody = (h: AgentHarness) => JSON.stringify(h.servers.requests('bedrock').filter((r) => r.operation === 'ConverseStream').at(-1)!.body);

/** A small model, so that a few long messages fill its window. */
const tiny = { id: 'tiny', provider: 'bedrock', model: 'tiny-model', contextWindow: 6000, maxOutputTokens: 500, price: { inputPerMTok: 1, outputPerMTok: 1 } };
const long = (word: string) => `${word}: ${`${word} `.repeat(600)}`;

describe('compaction', () => {
  it('summarises older turns near the window; they stay in the session and the model reads the summary', async () => {
    h = await startAgentHarness({
      script: {
        turns: [
          { name: 'compact', when: { system: 'compacting' }, reply: [{ text: 'The person asked about alpha and beta; both were answered.' }] },
          { name: 'answer', when: { lastUser: 'question' }, reply: [{ text: 'Noted.' }] },
        ],
      },
      agent: { models: [tiny], model: 'tiny' },
    });
    const { id } = await h.agent.createSession();
    await h.ask(id, `question one ${long('alpha')}`);
    await h.ask(id, `question two ${long('beta')}`);
    expect(h.servers.requests('bedrock').map((r) => r.turn)).toEqual(['answer', 'answer']);
    const third = await h.ask(id, `question three ${long('gamma')}`);
    expect(third).toMatchObject({ status: 'done', text: 'Noted.' });
    expect(h.servers.requests('bedrock').map((r) => r.turn)).toEqual(['answer', 'answer', 'compact', 'answer']);
    const s = (await h.agent.get(id)).data;
    const summary = s.entries.find((e): e is SummaryEntry => e.type === 'summary')!;
    expect(summary).toMatchObject({ covered: 4, text: 'The person asked about alpha and beta; both were answered.' });
    // Nothing was deleted: the summarised messages are still in the session, before the summary.
    expect(s.entries.findIndex((e) => e.type === 'user' && e.text.startsWith('question one'))).toBeLessThan(s.entries.indexOf(summary));
    expect(notices(s.entries).some((n) => n.kind === 'compaction' && /summarised to fit/.test(n.message))).toBe(true);
    const body = lastBody(h);
    expect(body).toContain('Summary of the earlier part of this conversation');
    expect(body).not.toContain('alpha alpha');
    expect(body).toContain('gamma gamma');
    // Undoing the summary puts the messages back in what the model reads.
    await h.agent.uncompact(id, summary.id);
    expect((await h.agent.get(id)).data.entries.some((e) => e.type === 'summary')).toBe(false);
  });

  it('falls back to truncation with a notice when the summary fails, and the session stays usable', async () => {
    h = await startAgentHarness({
      script: {
        turns: [
          { name: 'compact', when: { system: 'compacting' }, fail: { kind: 'server', times: 100 }, reply: [{ text: 'never' }] },
          { name: 'answer', when: { lastUser: 'question' }, reply: [{ text: 'Noted.' }] },
        ],
      },
      agent: { models: [tiny], model: 'tiny' },
    });
    const { id } = await h.agent.createSession();
    await h.ask(id, `question one ${long('alpha')}`);
    await h.ask(id, `question two ${long('beta')}`);
    const third = await h.ask(id, `question three ${long('gamma')}`);
    expect(third).toMatchObject({ status: 'done', text: 'Noted.' });
    const s = (await h.agent.get(id)).data;
    expect(s.entries.some((e) => e.type === 'summary')).toBe(false);
    expect(notices(s.entries).find((n) => n.kind === 'compaction')!.message).toMatch(/Could not summarise the earlier messages \(.*\)\. The oldest \d+ are left out of what the model reads/);
    const body = lastBody(h);
    expect(body).not.toContain('alpha alpha');
    expect(body).toContain('gamma gamma');
    expect(body).toMatch(/earlier messages are left out here to fit the context window/);
    // And the next message still works.
    expect((await h.ask(id, 'question four')).text).toBe('Noted.');
  });

  it('says clearly when one request alone does not fit the window', async () => {
    h = await startAgentHarness({ script: { turns: [{ reply: [{ text: 'x' }] }] }, agent: { models: [tiny], model: 'tiny' } });
    const { id } = await h.agent.createSession();
    const r = await h.ask(id, `question ${long('huge')} ${long('more')} ${long('evenmore')} ${long('andmore')}`);
    expect(r.status).toBe('failed');
    expect(r.message).toMatch(/does not fit the model's context window \(6K tokens\)/);
    expect(h.servers.requests()).toHaveLength(0);
  });
});

describe('persistence', () => {
  it('keeps sessions across a host restart: messages, tool calls, usage and checkpoint ids', async () => {
    const cps = recordingCheckpointsForTests();
    h = await startAgentHarness({ script: fixTest, files: project, checkpoints: cps.checkpoints });
    const { id } = await h.agent.createSession();
    await h.ask(id, 'fix the failing test');
    await h.agent.rename(id, 'Fix add()');
    const before = structuredClone((await h.agent.get(id)).data);
    const agent = await h.restart();
    const list = await agent.list();
    expect(list.map((s) => [s.id, s.title, s.messages])).toEqual([[id, 'Fix add()', 8]]);
    const after = (await agent.get(id)).data;
    expect(after).toEqual(before);
    expect(assistants(after.entries).flatMap((a) => a.toolCalls.map((c) => c.checkpointId)).filter(Boolean)).toHaveLength(4);
    expect(assistants(after.entries).every((a) => a.usage)).toBe(true);
    // The file on disk is the session.
    const file = JSON.parse(await readFile(path.join(h.dataDir, 'workspaces', h.ws.id, 'agent', 'sessions', `${id}.json`), 'utf8')) as AgentSession;
    expect(file.entries).toHaveLength(after.entries.length);
  });

  it('marks a step that was running when the host stopped as interrupted, and Retry continues', async () => {
    h = await startAgentHarness({ script: { turns: [{ when: { lastUser: 'Continue from where you stopped' }, reply: [{ text: 'rest of it.' }] }] } });
    const { id } = await h.agent.createSession();
    const data = structuredClone((await h.agent.get(id)).data);
    const dir = path.join(h.dataDir, 'workspaces', h.ws.id, 'agent', 'sessions');
    const crashed: AgentSession = {
      ...data,
      entries: [
        { type: 'user', id: 'u-1', at: 1, text: 'write it', context: [], resolved: [], contextText: '', source: 'chat' },
        {
          type: 'assistant', id: 'a-1', at: 2, requestId: 'u-1', text: 'first part', modelId: 'claude-sonnet-4.5', status: 'streaming', stopReason: null, retries: 0,
          toolCalls: [],
        },
      ],
    };
    const agent = await h.restart(async () => {
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, `${id}.json`), JSON.stringify(crashed));
      await writeFile(path.join(dir, 's-broken.json'), '{"id": "s-broken", "entr');
    });
    const s = await agent.get(id);
    expect(assistants(s.data.entries)[0]!.status).toBe('interrupted');
    expect((await agent.list()).map((x) => x.id)).toEqual([id]);
    const r = await (await agent.retry(id)).done;
    expect(r).toMatchObject({ status: 'done', text: 'rest of it.' });
    expect(lastBody(h)).toContain('first part\\n\\n[This answer was cut off here.]');
  });

  it('a conversation restore cuts the session back to the checkpoint', async () => {
    const cps = recordingCheckpointsForTests();
    h = await startAgentHarness({ script: fixTest, files: project, checkpoints: cps.checkpoints });
    const { id } = await h.agent.createSession();
    await h.ask(id, 'fix the failing test');
    const s = await h.agent.get(id);
    const secondEdit = cps.made.filter((c) => c.reason === 'tool-call')[2]!;
    await h.agent.restoreConversation({ id: secondEdit.id, sessionId: id, label: secondEdit.label, toolCallId: secondEdit.toolCallId! });
    const calls = assistants(s.data.entries).flatMap((a) => a.toolCalls.map((c) => c.name));
    expect(calls).toEqual(['list_directory', 'read_file', 'edit_file', 'run_command']);
    expect(assistants(s.data.entries).at(-1)!.text).toBe('Still failing: it must add.');
    expect(notices(s.data.entries).at(-1)!.message).toMatch(/restored to the checkpoint “Before edit_file src\/math.js”: 2 later messages were removed/);
    // Back to before the request: the session is empty but for the notice.
    await h.agent.restoreConversation({ id: cps.made[0]!.id, sessionId: id, label: cps.made[0]!.label, turn: 1 });
    expect(s.data.entries.map((e) => e.type)).toEqual(['notice']);
    await expect(h.agent.restoreConversation({ id: secondEdit.id, sessionId: id, label: 'x', toolCallId: secondEdit.toolCallId! })).rejects.toThrow(/no longer reaches/);
  });

  it('exports a session as Markdown', async () => {
    h = await startAgentHarness({ script: fixTest, files: project });
    const { id } = await h.agent.createSession();
    await h.ask(id, 'fix the failing test');
    const { markdown, fileName } = await h.agent.exportMarkdown(id);
    expect(fileName).toMatch(/^\d{4}-\d\d-\d\d-fix-the-failing-test\.md$/);
    expect(markdown).toContain('# fix the failing test');
    expect(markdown).toContain('<code>run_command</code> — failed: Exit code 1');
    expect(markdown).toContain('Fixed: `add` in `src/math.js` now adds');
  });
});

describe('models', () => {
  it('offers a local Ollama in the picker when one answers, and talks to it as an OpenAI-compatible server', async () => {
    h = await startAgentHarness({ script: { models: ['llama3.1:8b'], turns: [{ when: { model: 'llama3\\.1' }, reply: [{ text: 'Hello from Ollama.' }] }] }, ollamaUrl: (s) => s.openai.replace(/\/v1$/, '') });
    const m = await h.agent.models();
    expect(m.ollama).toEqual({ baseUrl: h.servers.openai, models: ['llama3.1:8b'] });
    expect(m.options.map((o) => o.id)).toContain('ollama/llama3.1:8b');
    expect(m.options[0]).toMatchObject({ id: 'auto', detail: expect.stringMatching(/small questions and hooks → claude-haiku-4\.5; spec and task work → claude-sonnet-4\.5/) });
    const { id } = await h.agent.createSession({ model: 'ollama/llama3.1:8b' });
    expect((await h.ask(id, 'hi')).text).toBe('Hello from Ollama.');
    const req = h.servers.requests('openai').find((r) => r.operation === 'chat.completions')!;
    expect(req.body).toMatchObject({ model: 'llama3.1:8b', stream: true });
    expect(req.headers.authorization).toBeUndefined();
    // Usage is counted, and free.
    expect((await h.agent.usage(id)).session).toMatchObject({ calls: 1, cost: 0 });
  });

  it('refuses a model that is not in the catalog with a message saying so', async () => {
    h = await startAgentHarness({ script: { turns: [] } });
    const { id } = await h.agent.createSession();
    await expect(h.agent.setModel(id, 'nope')).rejects.toThrow("The model 'nope' is not in agent.models.");
    await expect(h.agent.send(id, { text: 'x', model: 'nope' })).rejects.toThrow(/The model 'nope' is not in agent\.models; pick another model or add it in settings\./);
    await expect(h.agent.send(id, { text: '  ' })).rejects.toThrow('The message is empty.');
  });
});
