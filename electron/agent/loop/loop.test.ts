import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssistantEntry, NoticeEntry } from '../../../shared/agent/session';
import fixTest from '../../../e2e/fixtures/scripts/fix-failing-test.json' with { type: 'json' };
import project from '../../../e2e/fixtures/scripts/project.json' with { type: 'json' };
import { recordingCheckpointsForTests, recordingGateForTests, startAgentHarness, type AgentHarness } from '../test-support';

let h: AgentHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const assistants = (entries: { type: string }[]) => entries.filter((e): e is AssistantEntry => e.type === 'assistant');
const notices = (entries: { type: string }[]) => entries.filter((e): e is NoticeEntry => e.type === 'notice');
/** Whether a process runs (a zombie whose parent is gone does not: in a container nobody may reap it). */
async function alive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/^\d+ \(.*\) Z/.test(stat);
}
const toolResults = (body: unknown): string[] => JSON.stringify(body).match(/Exit code \d+/g) ?? [];

describe('the tool loop, against the Bedrock fixture through the real SDK', () => {
  it('lists, reads, edits, runs a failing test, edits again and passes — with approvals, checkpoints and audit where they belong', async () => {
    const gate = recordingGateForTests();
    const cps = recordingCheckpointsForTests();
    h = await startAgentHarness({ script: fixTest, files: project, gate: gate.gate, checkpoints: cps.checkpoints });
    const { id } = await h.agent.createSession();
    const outcome = await h.ask(id, 'Please fix the failing test');
    expect(outcome).toMatchObject({ status: 'done', text: 'Fixed: `add` in `src/math.js` now adds, and `node test.js` passes.' });

    // The disk: the fix is there.
    expect(await readFile(path.join(h.root, 'src/math.js'), 'utf8')).toBe('exports.add = (a, b) => a + b;\n');

    // The conversation: seven model calls, six tool calls in order, each done.
    const s = (await h.agent.get(id)).data;
    const calls = assistants(s.entries).flatMap((a) => a.toolCalls);
    expect(calls.map((c) => [c.name, c.status])).toEqual([
      ['list_directory', 'done'],
      ['read_file', 'done'],
      ['edit_file', 'done'],
      ['run_command', 'failed'],
      ['edit_file', 'done'],
      ['run_command', 'done'],
    ]);
    expect(calls[3]!.exitCode).toBe(1);
    expect(calls[3]!.result).toContain('FAIL: add(2, 3) returned 6, expected 5');
    expect(calls[5]!.exitCode).toBe(0);
    expect(calls[2]!.file).toMatchObject({ path: 'src/math.js', change: 'edit', added: 1, removed: 1 });
    expect(calls[2]!.file!.patch).toContain('-exports.add = (a, b) => a - b;\n+exports.add = (a, b) => a * b;');

    // The model received the failing command's exit code and output (the fixture's recorded request).
    const requests = h.servers.requests('bedrock').filter((r) => r.operation === 'ConverseStream');
    expect(requests).toHaveLength(7);
    expect(requests.map((r) => r.turn)).toEqual(['list', 'read', 'edit wrong', 'test fails', 'edit right', 'test passes', 'done']);
    expect(toolResults(requests[4]!.body)).toEqual(['Exit code 1']);
    expect(JSON.stringify(requests[4]!.body)).toContain('FAIL: add(2, 3) returned 6, expected 5');
    expect(JSON.stringify(requests[1]!.body)).toContain('src/');

    // Policy: every call asked, in order, with the exact change or command.
    expect(gate.asked.map((a) => a.action.kind)).toEqual(['read', 'read', 'write', 'command', 'write', 'command']);
    expect(gate.asked[2]!.action).toEqual({ kind: 'write', path: 'src/math.js', before: 'exports.add = (a, b) => a - b;\n', after: 'exports.add = (a, b) => a * b;\n' });
    expect(gate.asked[3]!.action).toEqual({ kind: 'command', command: 'node test.js' });
    expect(gate.asked.every((a) => a.meta.sessionId === id && a.meta.actor === 'agent')).toBe(true);
    // Audit: a result for every call, with the exit codes.
    expect(gate.results.map((r) => [r.ok, r.exitCode])).toEqual([
      [true, undefined],
      [true, undefined],
      [true, undefined],
      [false, 1],
      [true, undefined],
      [true, 0],
    ]);

    // Checkpoints: one at the start of the request, one before each mutating call, none before reads.
    expect(cps.made.map((c) => [c.reason, c.toolCallId ? calls.find((x) => x.id === c.toolCallId)!.name : null])).toEqual([
      ['turn', null],
      ['tool-call', 'edit_file'],
      ['tool-call', 'run_command'],
      ['tool-call', 'edit_file'],
      ['tool-call', 'run_command'],
    ]);
    expect(calls.filter((c) => c.checkpointId).map((c) => c.name)).toEqual(['edit_file', 'run_command', 'edit_file', 'run_command']);
    expect(s.entries[0]).toMatchObject({ type: 'user', checkpointId: cps.made[0]!.id, model: { id: 'claude-sonnet-4.5', auto: true } });

    // Usage: every call counted in the ledger and on its message.
    const totals = await h.ledger.totals(id);
    expect(totals.session.calls).toBe(7);
    expect(assistants(s.entries).every((a) => a.usage && a.cost !== undefined && a.cost > 0)).toBe(true);
  });

  it('sends a rejected or denied call back to the model without running it', async () => {
    const gate = recordingGateForTests((a) => (a.kind === 'write' ? 'reject' : a.kind === 'command' ? 'deny' : 'allow'));
    h = await startAgentHarness({
      script: {
        turns: [
          { when: { lastUser: 'change', step: 0 }, reply: [{ toolUse: { name: 'write_file', input: { path: 'a.txt', content: 'new' } } }] },
          { when: { lastUser: 'change', step: 1 }, reply: [{ toolUse: { name: 'run_command', input: { command: 'rm -rf build' } } }] },
          { when: { lastUser: 'change', step: 2 }, reply: [{ text: 'Understood, leaving it.' }] },
        ],
      },
      files: { 'a.txt': 'old' },
      gate: gate.gate,
    });
    const { id } = await h.agent.createSession();
    expect((await h.ask(id, 'change a.txt')).status).toBe('done');
    expect(await readFile(path.join(h.root, 'a.txt'), 'utf8')).toBe('old');
    const calls = assistants((await h.agent.get(id)).data.entries).flatMap((a) => a.toolCalls);
    expect(calls.map((c) => c.status)).toEqual(['denied', 'denied']);
    expect(calls[0]!.result).toMatch(/The person rejected this write_file call; it was not run/);
    expect(calls[1]!.result).toMatch(/The policy denied this run_command call; it was not run\. Reason: a guardrail denies it/);
    const sent = JSON.stringify(h.servers.requests('bedrock').at(-1)!.body);
    expect(sent).toContain('The policy denied this run_command call');
  });
});

describe('Stop', () => {
  it('stops mid-stream: the partial answer is kept and marked, the session is usable again', async () => {
    h = await startAgentHarness({
      script: {
        turns: [
          { when: { lastUser: 'long story' }, reply: [{ text: 'Once upon a time there was a very long story that went on and on and on. '.repeat(20), chunkChars: 4, delayMs: 15 }] },
          { when: { lastUser: 'hello' }, reply: [{ text: 'Hi again.' }] },
        ],
      },
    });
    const { id } = await h.agent.createSession();
    const s = await h.agent.get(id);
    let deltas = 0;
    s.events.on((e) => {
      if (e.type === 'delta' && ++deltas === 3) void h!.agent.stop(id);
    });
    const outcome = await h.ask(id, 'tell me a long story');
    expect(outcome.status).toBe('stopped');
    const a = assistants(s.data.entries)[0]!;
    expect(a.status).toBe('stopped');
    expect(a.text.length).toBeGreaterThan(0);
    expect(a.text.length).toBeLessThan(300);
    expect(notices(s.data.entries).at(-1)).toMatchObject({ kind: 'stopped', retryable: true });
    expect(s.run).toBeNull();
    // The stopped answer is sent back marked, and the next message works.
    expect((await h.ask(id, 'hello')).text).toBe('Hi again.');
    expect(JSON.stringify(h.servers.requests('bedrock').at(-1)!.body)).toContain('[The person stopped this answer here.]');
  });

  it('stops mid-command: the command and what it started are killed, and the call says so', async () => {
    h = await startAgentHarness({
      script: {
        turns: [
          { when: { lastUser: 'serve', step: 0 }, reply: [{ toolUse: { name: 'run_command', input: { command: 'echo $$ > pid.txt; sleep 60 & echo $! > child.txt; wait' } } }] },
          { when: { lastUser: 'serve', step: 1 }, reply: [{ text: 'not reached' }] },
        ],
      },
    });
    const { id } = await h.agent.createSession();
    const s = await h.agent.get(id);
    s.events.on((e) => {
      if (e.type === 'tool' && e.call.status === 'running' && e.call.name === 'run_command') {
        // Once the shell has written its pids, press Stop.
        const poll = setInterval(async () => {
          const child = await readFile(path.join(h!.root, 'child.txt'), 'utf8').catch(() => '');
          if (child.trim()) {
            clearInterval(poll);
            void h!.agent.stop(id);
          }
        }, 20);
      }
    });
    const outcome = await h.ask(id, 'serve it');
    expect(outcome.status).toBe('stopped');
    const call = assistants(s.data.entries)[0]!.toolCalls[0]!;
    expect(call.status).toBe('stopped');
    expect(call.result).toMatch(/Stopped|stopped/);
    const pids = [await readFile(path.join(h.root, 'pid.txt'), 'utf8'), await readFile(path.join(h.root, 'child.txt'), 'utf8')].map((p) => Number(p.trim()));
    for (const pid of pids) expect(await alive(pid)).toBe(false);
    // The model was not called again after the stop.
    expect(h.servers.requests('bedrock').filter((r) => r.operation === 'ConverseStream')).toHaveLength(1);
  });
});

describe('malformed tool calls go back to the model as tool errors', () => {
  it('bad JSON, an unknown tool and a schema mismatch each get an error result; the model recovers', async () => {
    h = await startAgentHarness({
      script: {
        turns: [
          { when: { lastUser: 'go', step: 0 }, reply: [{ toolUse: { name: 'read_file', rawInput: '{"path": ' } }] },
          { when: { lastUser: 'go', step: 1, lastToolResult: 'not valid JSON' }, reply: [{ toolUse: { name: 'frobnicate', input: { x: 1 } } }] },
          { when: { lastUser: 'go', step: 2, lastToolResult: 'no tool named' }, reply: [{ toolUse: { name: 'read_file', input: { file: 'a.txt' } } }] },
          { when: { lastUser: 'go', step: 3, lastToolResult: 'does not match its schema' }, reply: [{ toolUse: { name: 'read_file', input: { path: 'a.txt' } } }] },
          { when: { lastUser: 'go', step: 4, lastToolResult: 'hello' }, reply: [{ text: 'It says hello.' }] },
        ],
      },
      files: { 'a.txt': 'hello\n' },
    });
    const { id } = await h.agent.createSession();
    const outcome = await h.ask(id, 'go read it');
    expect(outcome).toMatchObject({ status: 'done', text: 'It says hello.' });
    const calls = assistants((await h.agent.get(id)).data.entries).flatMap((a) => a.toolCalls);
    expect(calls.map((c) => [c.name, c.status, c.isError])).toEqual([
      ['read_file', 'invalid', true],
      ['frobnicate', 'invalid', true],
      ['read_file', 'invalid', true],
      ['read_file', 'done', false],
    ]);
    expect(calls[0]!.rawInput).toBe('{"path": ');
    expect(calls[1]!.result).toMatch(/There is no tool named 'frobnicate'\. The tools are: read_file, list_directory, search, write_file, edit_file, delete_file, run_command, fetch_url\./);
    expect(calls[2]!.result).toMatch(/path: Invalid input: expected string, received undefined/);
  });

  it('gives up after agent.loop.maxToolErrors malformed calls in a row, with a notice', async () => {
    h = await startAgentHarness({ script: { turns: [{ when: { lastUser: 'go' }, reply: [{ toolUse: { name: 'read_file', rawInput: '{oops' } }] }] }, agent: { loop: { maxToolErrors: 3 } } });
    const { id } = await h.agent.createSession();
    const outcome = await h.ask(id, 'go');
    expect(outcome.status).toBe('failed');
    expect(outcome.message).toMatch(/malformed tool calls 3 times in a row/);
    expect(h.servers.requests('bedrock').filter((r) => r.operation === 'ConverseStream')).toHaveLength(3);
  });
});

describe('limits', () => {
  it('stops before a call that would pass the session budget, and sends nothing', async () => {
    h = await startAgentHarness({ script: { turns: [{ reply: [{ text: 'never' }] }] }, agent: { budgets: { session: 0.001 } } });
    const { id } = await h.agent.createSession();
    const outcome = await h.ask(id, 'write a poem');
    expect(outcome.status).toBe('budget');
    expect(outcome.message).toMatch(/Stopped before calling the model: this call could cost up to \$0\.\d\d, and this session has spent \$0\.00 of its <?\$0\.0\d session limit/);
    expect(h.servers.requests()).toHaveLength(0);
    expect(notices((await h.agent.get(id)).data.entries).at(-1)).toMatchObject({ kind: 'budget', level: 'error' });
  });

  it('pauses after agent.loop.maxTurns model calls; Continue goes on', async () => {
    h = await startAgentHarness({
      script: {
        turns: [
          { when: { lastUser: 'loop', step: 0 }, reply: [{ toolUse: { name: 'list_directory', input: {} } }] },
          { when: { lastUser: 'loop', step: 1 }, reply: [{ toolUse: { name: 'list_directory', input: {} } }] },
          { when: { lastUser: 'loop', step: 2 }, reply: [{ text: 'Done looking.' }] },
        ],
      },
      agent: { loop: { maxTurns: 2 } },
    });
    const { id } = await h.agent.createSession();
    const first = await h.ask(id, 'loop a bit');
    expect(first.status).toBe('limit');
    expect(first.message).toMatch(/Paused after 2 model calls/);
    const again = await (await h.agent.retry(id)).done;
    expect(again).toMatchObject({ status: 'done', text: 'Done looking.' });
  });
});

describe('resilience', () => {
  it('shows throttling retries as a countdown, then answers', async () => {
    h = await startAgentHarness({ script: { turns: [{ when: { lastUser: 'busy' }, fail: { kind: 'throttle', times: 2 }, reply: [{ text: 'Not any more.' }] }] } });
    const { id } = await h.agent.createSession();
    const s = await h.agent.get(id);
    const retries: unknown[] = [];
    s.events.on((e) => {
      if (e.type === 'run' && e.run?.retry) retries.push(e.run.retry);
    });
    expect((await h.ask(id, 'are you busy?')).text).toBe('Not any more.');
    expect(retries).toHaveLength(2);
    expect(retries[0]).toMatchObject({ attempt: 1, maxAttempts: 4, reason: 'throttled' });
    expect(retries[1]).toMatchObject({ attempt: 2, maxAttempts: 4 });
    expect(assistants(s.data.entries)[0]!.retries).toBe(2);
  });

  it('keeps a cut answer, marked; Retry continues it', async () => {
    h = await startAgentHarness({
      script: {
        turns: [
          { name: 'cut', when: { lastUser: 'explain' }, reply: [{ text: 'The first half of the explanation, ' }, { pauseMs: 30 }, { fault: 'drop' }] },
          { name: 'continue', when: { lastUser: 'Continue from where you stopped' }, reply: [{ text: 'and the second half.' }] },
        ],
      },
    });
    const { id } = await h.agent.createSession();
    const first = await h.ask(id, 'explain it');
    expect(first.status).toBe('failed');
    const s = await h.agent.get(id);
    const cut = assistants(s.data.entries)[0]!;
    expect(cut).toMatchObject({ status: 'partial', text: 'The first half of the explanation, ', error: { kind: 'stream_cut', retryable: true } });
    const next = await (await h.agent.retry(id)).done;
    expect(next).toMatchObject({ status: 'done', text: 'and the second half.' });
    const sent = JSON.stringify(h.servers.requests('bedrock').at(-1)!.body);
    expect(sent).toContain('The first half of the explanation, \\n\\n[This answer was cut off here.]');
    expect(assistants(s.data.entries).map((a) => a.status)).toEqual(['partial', 'complete']);
  });

  it('names what to set when credentials are missing', async () => {
    h = await startAgentHarness({ script: { turns: [{ reply: [{ text: 'x' }] }] }, agent: { model: 'anthropic/claude-sonnet-4.5', anthropic: { apiKeyName: 'MY_MISSING_ANTHROPIC_KEY' } } });
    const { id } = await h.agent.createSession();
    const outcome = await h.ask(id, 'hello');
    expect(outcome.status).toBe('failed');
    const a = assistants((await h.agent.get(id)).data.entries)[0]!;
    expect(a.status).toBe('failed');
    expect(a.error).toMatchObject({ kind: 'auth' });
    expect(a.error!.message).toMatch(/MY_MISSING_ANTHROPIC_KEY/);
  });

  it('runs the same loop through the OpenAI-compatible and Anthropic fixtures', async () => {
    h = await startAgentHarness({
      script: {
        turns: [
          { when: { lastUser: 'read', step: 0 }, reply: [{ toolUse: { name: 'read_file', input: { path: 'a.txt' } } }] },
          { when: { lastUser: 'read', step: 1, lastToolResult: 'alpha' }, reply: [{ text: 'It says alpha.' }] },
        ],
      },
      files: { 'a.txt': 'alpha\n' },
    });
    for (const model of ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5']) {
      const { id } = await h.agent.createSession({ model });
      expect(await h.ask(id, 'read a.txt')).toMatchObject({ status: 'done', text: 'It says alpha.' });
    }
    expect(h.servers.requests('openai').filter((r) => r.operation === 'chat.completions')).toHaveLength(2);
    expect(h.servers.requests('anthropic').filter((r) => r.operation === 'messages')).toHaveLength(2);
  });
});
