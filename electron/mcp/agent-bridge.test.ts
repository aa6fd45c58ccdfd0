import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssistantEntry, ToolCallRecord } from '../../shared/agent/session';
import type { PendingApproval } from '../../shared/contract/policy';
import { policyGate } from '../agent/policy-gate';
import { recordingCheckpointsForTests, startAgentHarness, type AgentHarness } from '../agent/test-support';
import { getPolicy } from '../policy/policy-service';
import { waitFor } from '../workspace/test-support';
import { bridgeMcpToAgent } from './agent-bridge';
import { McpManager } from './manager';
import { everythingEntry, fixture, mcpJson, node } from './test-support';

// MCP tools through the agent's real loop: the fixture model calls them, the real policy
// service decides (autoApprove, guardrails, the person), checkpoints are taken before
// tools that may change things, results go back to the model, and the audit log has it all.

let h: AgentHarness | null = null;
let mcp: McpManager | null = null;
afterEach(async () => {
  await h?.close(); // disposes the workspace, and with it the MCP servers
  h = null;
  mcp = null;
});

const calls = (entries: { type: string }[]): ToolCallRecord[] => entries.filter((e): e is AssistantEntry => e.type === 'assistant').flatMap((a) => a.toolCalls);

const config = (extra: Record<string, unknown> = {}) =>
  mcpJson({
    everything: { command: node, args: [everythingEntry], autoApprove: ['echo'] },
    box: { command: node, args: [fixture('toolbox.mjs')], disabledTools: ['crash'] },
    ...extra,
  });

async function start(script: Parameters<typeof startAgentHarness>[0]['script'], files: Record<string, string> = {}) {
  const cps = recordingCheckpointsForTests();
  h = await startAgentHarness({ script, files: { '.kiro/settings/mcp.json': config(), ...files }, gate: (ws) => policyGate(getPolicy(ws)), checkpoints: cps.checkpoints });
  mcp = h.ws.service('mcp', (w) => new McpManager(w, { userKiroDir: null }));
  bridgeMcpToAgent(h.agent, mcp);
  await mcp.ready;
  // Registration follows the servers' tool lists a moment after they change.
  await waitFor(() => mcp!.tools().length > 0 && mcp!.tools().every((t) => h!.agent.tools.get(t.qualifiedName) !== undefined), 5000, 'the MCP tools to be registered');
  expect(h.agent.tools.get('mcp__everything__echo')).toBeDefined();
  expect(h.agent.tools.get('mcp__box__write_note')).toBeDefined();
  const policy = getPolicy(h.ws);
  const asked: PendingApproval[] = [];
  policy.approvalsChanged.on((pending) => {
    for (const a of pending) if (!asked.some((x) => x.id === a.id)) asked.push(a);
  });
  return { policy, asked, checkpoints: cps.made };
}

describe('MCP tools in the agent loop', () => {
  it('are offered with their server schema; disabledTools are not; an autoApprove tool runs without asking and its result reaches the model', async () => {
    const { policy, asked, checkpoints } = await start({
      turns: [
        { when: { lastUser: 'echo', step: 0 }, reply: [{ toolUse: { name: 'mcp__everything__echo', input: { message: 'hello mcp' } } }] },
        { when: { lastUser: 'echo', step: 1, lastToolResult: 'Echo: hello mcp' }, reply: [{ text: 'The server said hello.' }] },
      ],
    });
    const { id } = await h!.agent.createSession();
    expect((await h!.ask(id, 'echo please')).text).toBe('The server said hello.');
    expect(asked).toEqual([]);
    const [call] = calls((await h!.agent.get(id)).data.entries);
    expect(call).toMatchObject({ name: 'mcp__everything__echo', category: 'mcp', status: 'done', decision: { verdict: 'allow', by: 'rule' } });
    // Read-only (the server says so): no checkpoint.
    expect(checkpoints.filter((c) => c.toolCallId === call!.id)).toEqual([]);
    const offered = JSON.stringify(h!.servers.requests('bedrock')[0]!.body);
    expect(offered).toContain('"name":"mcp__everything__echo"');
    expect(offered).toContain('"name":"mcp__box__write_note"');
    expect(offered).not.toContain('mcp__box__crash');
    const types = (await policy.audit.readAll()).filter((r) => r.toolCallId === call!.id).map((r) => r.type);
    expect(types).toEqual(['proposal', 'decision', 'result']);
  });

  it('any other tool asks the person; approved, it runs after a checkpoint; rejected, it does not', async () => {
    const { policy, asked, checkpoints } = await start({ turns: [] });
    const note = path.join(h!.root, 'note.txt');
    h!.servers.setScript({
      turns: [
        { when: { lastUser: 'write', step: 0 }, reply: [{ toolUse: { name: 'mcp__box__write_note', input: { path: note, text: 'from mcp' } } }] },
        { when: { lastUser: 'write', step: 1, lastToolResult: 'wrote 8 characters' }, reply: [{ text: 'Written.' }] },
        { when: { lastUser: 'write', step: 1, toolError: true }, reply: [{ text: 'Not written.' }] },
      ],
    });
    const { id } = await h!.agent.createSession();
    const first = h!.ask(id, 'write a note');
    await waitFor(() => asked.length === 1, 10_000, 'the approval');
    expect(asked[0]).toMatchObject({ kind: 'mcp', view: { mcp: { server: 'box', tool: 'write_note' } }, decision: { verdict: 'ask' } });
    expect(existsSync(note)).toBe(false);
    await policy.respond(asked[0]!.id, 'approve');
    expect((await first).text).toBe('Written.');
    expect(await readFile(note, 'utf8')).toBe('from mcp');
    const [call] = calls((await h!.agent.get(id)).data.entries);
    expect(checkpoints.find((c) => c.toolCallId === call!.id)?.label).toBe('Before MCP box/write_note');
    expect((await policy.audit.readAll()).filter((r) => r.toolCallId === call!.id).map((r) => r.type)).toEqual(['proposal', 'decision', 'approval', 'result']);

    await writeFile(note, 'untouched');
    const second = h!.ask(id, 'write it again');
    await waitFor(() => asked.length === 2, 10_000, 'the second approval');
    await policy.respond(asked[1]!.id, 'reject');
    expect((await second).text).toBe('Not written.');
    expect(await readFile(note, 'utf8')).toBe('untouched');
  });

  it('a guardrail deny refuses the call with the rule, even with autoApprove', async () => {
    await start(
      {
        turns: [
          { when: { lastUser: 'echo', step: 0 }, reply: [{ toolUse: { name: 'mcp__everything__echo', input: { message: 'x' } } }] },
          { when: { lastUser: 'echo', step: 1, lastToolResult: 'policy denied' }, reply: [{ text: 'Refused.' }] },
        ],
      },
      { '.kiro/kiro.json': JSON.stringify({ guardrails: { deny: { actions: ['everything/echo'] } } }) },
    );
    const { id } = await h!.agent.createSession();
    expect((await h!.ask(id, 'echo')).text).toBe('Refused.');
    const [call] = calls((await h!.agent.get(id)).data.entries);
    expect(call).toMatchObject({ status: 'denied', decision: { verdict: 'deny' } });
    expect(call!.result).toMatch(/everything\/echo/);
  });

  it('shows progress on the card while it runs, and images in the result', async () => {
    await start({
      turns: [
        { when: { lastUser: 'slow', step: 0 }, reply: [{ toolUse: { name: 'mcp__box__slow', input: { steps: 4, ms: 250 } } }] },
        { when: { lastUser: 'slow', step: 1 }, reply: [{ toolUse: { name: 'mcp__everything__get-tiny-image', input: {} } }] },
        { when: { lastUser: 'slow', step: 2, lastToolResult: 'image/png' }, reply: [{ text: 'Done.' }] },
      ],
    });
    const policy = getPolicy(h!.ws);
    const off = policy.approvalsChanged.on((pending) => pending.forEach((p) => setTimeout(() => void policy.respond(p.id, 'approve'), 5)));
    const { id } = await h!.agent.createSession();
    const progress: unknown[] = [];
    const offEvents = (await h!.agent.get(id)).events.on((e) => {
      if (e.type === 'tool' && e.call.progress) progress.push(e.call.progress);
    });
    expect((await h!.ask(id, 'slow then image')).text).toBe('Done.');
    off();
    offEvents();
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatchObject({ progress: 1, total: 4, message: 'step 1 of 4' });
    const [slow, image] = calls((await h!.agent.get(id)).data.entries);
    expect(slow).toMatchObject({ status: 'done', result: 'done after 4 steps' });
    expect(slow!.progress).toBeUndefined();
    expect(image!.media).toHaveLength(1);
    expect(image!.media![0]!.mimeType).toBe('image/png');
    expect(image!.result).toMatch(/\[image: image\/png/);
  });

  it('#mcp adds a prompt to the message; the tool list follows the servers', async () => {
    await start({ turns: [{ when: { lastUser: 'use the prompt' }, reply: [{ text: 'ok' }] }] });
    const { id } = await h!.agent.createSession();
    await h!.ask(id, 'use the prompt', { context: [{ kind: 'mcp', arg: 'everything/prompt/simple-prompt', label: '#mcp everything/prompt/simple-prompt' }] });
    const sent = JSON.stringify(h!.servers.requests('bedrock').at(-1)!.body);
    expect(sent).toContain('This is a simple prompt without arguments.');

    await mcp!.setEnabled('box', false);
    await waitFor(() => h!.agent.tools.get('mcp__box__write_note') === undefined, 10_000, 'the box tools to go');
    expect(h!.agent.tools.get('mcp__everything__echo')).toBeDefined();
  });
});
