import { describe, expect, it } from 'vitest';
import { dropOldest, fitByTruncation, truncateMiddle } from './fit';
import type { AssistantEntry, SessionEntry, UserEntry } from './session';
import { toModelMessages, SUMMARY_PREFIX } from './transcript';

const user = (id: string, text: string, extra: Partial<UserEntry> = {}): UserEntry => ({ type: 'user', id, at: 0, text, context: [], resolved: [], contextText: '', source: 'chat', ...extra });
const answer = (id: string, text: string, extra: Partial<AssistantEntry> = {}): AssistantEntry => ({ type: 'assistant', id, at: 0, requestId: 'u', text, toolCalls: [], modelId: 'm', status: 'complete', stopReason: 'end_turn', retries: 0, ...extra });
const call = (id: string, result?: string) => ({ id, name: 'read_file', category: 'read' as const, input: { path: 'a' }, status: 'done' as const, isError: false, ...(result !== undefined ? { result } : {}) });

describe('what the model reads', () => {
  it('gives every tool call a result, even one that never ran, and keeps the roles alternating', () => {
    const entries: SessionEntry[] = [
      user('u1', 'hi', { contextText: 'CONTEXT' }),
      answer('a1', 'Reading.', { toolCalls: [call('t1', 'file text'), call('t2')] }),
      { type: 'notice', id: 'n', at: 0, level: 'info', kind: 'stopped', message: 'Stopped.', retryable: true },
      user('u2', 'next'),
    ];
    const m = toModelMessages(entries);
    expect(m.map((x) => x.role)).toEqual(['user', 'assistant', 'user']);
    expect(m[0]!.content).toEqual([{ type: 'text', text: 'CONTEXT\n\nhi' }]);
    expect(m[2]!.content.map((b) => b.type)).toEqual(['tool_result', 'tool_result', 'text']);
    expect(m[2]!.content[1]).toMatchObject({ type: 'tool_result', toolUseId: 't2', isError: true, content: expect.stringMatching(/did not run/) });
  });

  it('marks stopped and cut answers, drops empty failed ones, and never starts with the assistant', () => {
    const m = toModelMessages([answer('a0', 'orphan'), user('u1', 'q'), answer('a1', 'half', { status: 'partial' }), answer('a2', '', { status: 'failed' })], { followUp: 'go on' });
    expect(m.map((x) => x.role)).toEqual(['user', 'assistant', 'user']);
    expect(m[1]!.content).toEqual([{ type: 'text', text: 'half\n\n[This answer was cut off here.]' }]);
    expect(m[2]!.content).toEqual([{ type: 'text', text: 'go on' }]);
  });

  it('reads the latest summary instead of what it covers; a summary whose entries are gone is ignored', () => {
    const entries: SessionEntry[] = [user('u1', 'old question'), answer('a1', 'old answer'), { type: 'summary', id: 's', at: 0, upTo: 'a1', covered: 2, text: 'SUMMARY', tokensBefore: 10, tokensAfter: 2 }, user('u2', 'new question')];
    const m = toModelMessages(entries);
    expect(JSON.stringify(m)).not.toContain('old question');
    expect(m).toEqual([{ role: 'user', content: [{ type: 'text', text: `${SUMMARY_PREFIX}\n\nSUMMARY` }, { type: 'text', text: 'new question' }] }]);
    const orphan = toModelMessages([entries[2]!, user('u3', 'x')]);
    expect(orphan).toEqual([{ role: 'user', content: [{ type: 'text', text: 'x' }] }]);
  });
});

describe('fitting the window', () => {
  it('cuts the middle of long text with a note that says how much', () => {
    const t = truncateMiddle('a'.repeat(600) + '\n' + 'b'.repeat(600), 100, 'to test');
    expect(t.truncated).toBe(true);
    expect(t.text).toMatch(/^a{60}\n\n\[… 1101 characters \(1 lines\) left out to test …\]\n\nb{40}$/);
    expect(truncateMiddle('short', 100)).toEqual({ text: 'short', truncated: false });
  });

  it('cuts old tool outputs first, then drops whole old requests, never the latest', () => {
    const big = 'word '.repeat(4000);
    const entries: SessionEntry[] = [user('u1', 'first'), answer('a1', '', { toolCalls: [call('t1', big)] }), answer('a1b', 'done'), user('u2', 'second'), answer('a2', 'ok'), user('u3', 'third')];
    const messages = toModelMessages(entries);
    const r = fitByTruncation({ maxTokens: 100 }, messages, { window: 1500 });
    expect(r.fits).toBe(true);
    expect(r.truncatedResults).toBe(1);
    expect(r.droppedMessages).toBe(0);
    const tight = fitByTruncation({ maxTokens: 100 }, messages, { window: 200 });
    expect(tight.droppedMessages).toBeGreaterThan(0);
    expect(JSON.stringify(tight.messages)).toContain('third');
    expect(JSON.stringify(tight.messages)).toContain('earlier messages are left out here');
    // Dropping keeps tool calls with their results: no orphan tool_result is left at the start.
    const d = dropOldest({}, messages, 10);
    expect(d.messages[0]!.role).toBe('user');
    expect(d.messages[0]!.content.some((b) => b.type === 'tool_result')).toBe(false);
  });
});
