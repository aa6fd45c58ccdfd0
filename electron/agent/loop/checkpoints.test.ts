import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssistantEntry } from '../../../shared/agent/session';
import fixTest from '../../../e2e/fixtures/scripts/fix-failing-test.json' with { type: 'json' };
import project from '../../../e2e/fixtures/scripts/project.json' with { type: 'json' };
import { checkpointsFor } from '../../checkpoints/checkpoint-service';
import { serviceCheckpointer } from '../service-adapters';
import { startAgentHarness, type AgentHarness } from '../test-support';

let h: AgentHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const calls = (entries: { type: string }[]) => entries.filter((e): e is AssistantEntry => e.type === 'assistant').flatMap((a) => a.toolCalls);

describe('the loop with the real checkpoint service', () => {
  it('checkpoints the request and each change before it is made; a "both" restore puts back the files and cuts the conversation', async () => {
    h = await startAgentHarness({ script: fixTest, files: project, checkpoints: (ws) => serviceCheckpointer(checkpointsFor(ws)) });
    const service = checkpointsFor(h.ws);
    const { id } = await h.agent.createSession();
    expect((await h.ask(id, 'please fix the failing test')).status).toBe('done');
    const list = await service.list();
    const agentCps = list.checkpoints.filter((c) => c.sessionId === id).reverse(); // oldest first
    // A checkpoint is made only when something changed since the last one; a call with nothing new to save gets the previous one.
    expect(agentCps.map((c) => [c.reason, c.label])).toEqual([
      ['turn', 'Before: please fix the failing test'],
      ['tool-call', 'Before run_command node test.js'],
      ['tool-call', 'Before run_command node test.js'],
    ]);
    expect(list.sessions.find((s) => s.id === id)?.kind).toBe('agent');
    const records = calls((await h.agent.get(id)).data.entries).filter((c) => c.name === 'edit_file' || c.name === 'run_command');
    expect(records.map((r) => r.checkpointId)).toEqual([agentCps[0]!.id, agentCps[1]!.id, agentCps[1]!.id, agentCps[2]!.id]);
    expect(agentCps[1]!.toolCallId).toBe(records[1]!.id);
    // The first run's checkpoint holds the first edit (a * b): files and conversation go back there.
    const result = await service.restore(agentCps[1]!.id, 'both');
    expect(result.conversation).toBe('restored');
    expect(await readFile(path.join(h.root, 'src/math.js'), 'utf8')).toBe('exports.add = (a, b) => a * b;\n');
    expect(calls((await h.agent.get(id)).data.entries).map((c) => c.name)).toEqual(['list_directory', 'read_file', 'edit_file']);
    // Conversation only, back to before the request: the files stay, the chat is empty but for the notice.
    await service.restore(agentCps[0]!.id, 'conversation');
    expect((await h.agent.get(id)).data.entries.map((e) => e.type)).toEqual(['notice']);
    expect(await readFile(path.join(h.root, 'src/math.js'), 'utf8')).toBe('exports.add = (a, b) => a * b;\n');
  });
});
