import { afterEach, describe, expect, it } from 'vitest';
import type { AssistantEntry } from '../../../shared/agent/session';
import { recordingGateForTests, startAgentHarness, type AgentHarness } from '../test-support';
import { mcpTool, mcpToolName } from './mcp-tool';

let h: AgentHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('MCP tools registered by another feature', () => {
  it('are offered as mcp__<server>__<tool> with the server schema, gated as mcp actions, and their results go back to the model', async () => {
    const gate = recordingGateForTests();
    h = await startAgentHarness({
      script: {
        turns: [
          { when: { lastUser: 'docs', step: 0, tool: 'mcp__docs__search' }, reply: [{ toolUse: { name: 'mcp__docs__search', input: { q: 'retry' } } }] },
          { when: { lastUser: 'docs', step: 1, lastToolResult: 'backoff' }, reply: [{ text: 'The docs say: backoff.' }] },
        ],
      },
      gate: gate.gate,
    });
    const seen: unknown[] = [];
    const off = h.agent.registerTool(
      mcpTool({
        server: 'docs',
        tool: 'search',
        description: 'Search the docs',
        inputSchema: { properties: { q: { type: 'string' } }, required: ['q'] },
        autoApproved: true,
        async call(input) {
          seen.push(input);
          return { text: 'Use exponential backoff.' };
        },
      }),
    );
    const { id } = await h.agent.createSession();
    expect((await h.ask(id, 'what do the docs say?')).text).toBe('The docs say: backoff.');
    expect(seen).toEqual([{ q: 'retry' }]);
    expect(gate.asked[0]!.action).toEqual({ kind: 'mcp', server: 'docs', tool: 'search', input: { q: 'retry' }, autoApproved: true });
    const call = (await h.agent.get(id)).data.entries.filter((e): e is AssistantEntry => e.type === 'assistant')[0]!.toolCalls[0]!;
    expect(call).toMatchObject({ name: 'mcp__docs__search', category: 'mcp', status: 'done' });
    const offered = JSON.stringify(h.servers.requests('bedrock')[0]!.body);
    expect(offered).toContain('"name":"mcp__docs__search"');
    expect(offered).toContain('"required":["q"]');
    off();
    expect(h.agent.tools.get('mcp__docs__search')).toBeUndefined();
    expect(mcpToolName('my server', 'do.thing')).toBe('mcp__my_server__do_thing');
  });
});
