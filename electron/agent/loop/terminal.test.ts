import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssistantEntry, UserEntry } from '../../../shared/agent/session';
import fixTest from '../../../e2e/fixtures/scripts/fix-failing-test.json' with { type: 'json' };
import project from '../../../e2e/fixtures/scripts/project.json' with { type: 'json' };
import { terminalService } from '../../terminal/handlers';
import { terminalRunner, terminalText } from '../service-adapters';
import { startAgentHarness, waitFor, type AgentHarness } from '../test-support';

let h: AgentHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const calls = (entries: { type: string }[]) => entries.filter((e): e is AssistantEntry => e.type === 'assistant').flatMap((a) => a.toolCalls);

describe('run_command in the visible Agent terminal (the terminal service)', () => {
  it('runs the failing and the passing test there; the model gets each exit code and output', async () => {
    h = await startAgentHarness({ script: fixTest, files: project, runner: (ws) => terminalRunner(terminalService(ws)), terminal: (ws) => terminalText(terminalService(ws)) });
    const { id } = await h.agent.createSession();
    expect((await h.ask(id, 'fix the failing test')).status).toBe('done');
    const runs = calls((await h.agent.get(id)).data.entries).filter((c) => c.name === 'run_command');
    expect(runs.map((c) => [c.status, c.exitCode])).toEqual([
      ['failed', 1],
      ['done', 0],
    ]);
    expect(runs[0]!.result).toContain('FAIL: add(2, 3) returned 6, expected 5');
    const sent = JSON.stringify(h.servers.requests('bedrock')[4]!.body);
    expect(sent).toContain('Exit code 1.');
    expect(sent).toContain('FAIL: add(2, 3) returned 6, expected 5');
    // It ran where the person can see it.
    expect(terminalService(h.ws).list().some((t) => t.kind === 'agent')).toBe(true);
    // And #terminal reads that terminal back.
    await h.ask(id, 'fix the failing test', { context: [{ kind: 'terminal', label: '#terminal' }] });
    const user = (await h.agent.get(id)).data.entries.filter((e): e is UserEntry => e.type === 'user')[1]!;
    expect(user.resolved[0]!.error).toBeUndefined();
    expect(user.contextText).toContain('PASS: add(2, 3) is 5');
  });

  it('Stop interrupts the command in the terminal', async () => {
    h = await startAgentHarness({
      script: { turns: [{ when: { lastUser: 'wait', step: 0 }, reply: [{ toolUse: { name: 'run_command', input: { command: 'echo started > started.txt; sleep 30' } } }] }, { when: { lastUser: 'wait' }, reply: [{ text: 'x' }] }] },
      files: project,
      runner: (ws) => terminalRunner(terminalService(ws)),
    });
    const { id } = await h.agent.createSession();
    const started = h.agent.send(id, { text: 'wait a while' });
    await waitFor(() => {
      void readFile(path.join(h!.root, 'started.txt'), 'utf8').then(() => (startedSeen = true), () => {});
      return startedSeen;
    }, 20_000, 'the command to start');
    await h.agent.stop(id);
    const outcome = await (await started).done;
    expect(outcome.status).toBe('stopped');
    const call = calls((await h.agent.get(id)).data.entries)[0]!;
    expect(call.status).toBe('stopped');
    expect(call.result).toMatch(/stopped|interrupted/i);
  });
});

let startedSeen = false;
