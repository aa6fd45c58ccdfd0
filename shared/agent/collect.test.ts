import { describe, expect, it } from 'vitest';
import { TurnCollector } from './collect';
import { StreamEvent } from './stream';

describe('TurnCollector', () => {
  it('folds deltas into blocks in order, with usage summed and invalid tool calls kept apart', () => {
    const c = new TurnCollector();
    const events: StreamEvent[] = [
      { type: 'retry', attempt: 1, maxAttempts: 3, delayMs: 10, retryAt: 1, reason: 'throttled', message: 'slow down' },
      { type: 'text_delta', text: 'Hel' },
      { type: 'text_delta', text: 'lo' },
      { type: 'tool_use_start', id: 't1', name: 'read_file' },
      { type: 'tool_use_delta', id: 't1', fragment: '{"path":"a"}' },
      { type: 'tool_use_end', id: 't1', name: 'read_file', input: { path: 'a' } },
      { type: 'tool_use_invalid', id: 't2', name: 'write_file', rawInput: '{', error: 'bad' },
      { type: 'text_delta', text: 'Done.' },
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 1, cacheWriteTokens: 0, estimated: false } },
      { type: 'usage', usage: { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 2, estimated: true } },
      { type: 'stop', reason: 'tool_use' },
    ];
    for (const e of events) c.add(StreamEvent.parse(e));
    expect(c.turn).toEqual({
      content: [
        { type: 'text', text: 'Hello' },
        { type: 'tool_use', id: 't1', name: 'read_file', input: { path: 'a' } },
        { type: 'text', text: 'Done.' },
      ],
      stopReason: 'tool_use',
      usage: { inputTokens: 11, outputTokens: 6, cacheReadTokens: 1, cacheWriteTokens: 2, estimated: true },
      invalidToolUses: [{ id: 't2', name: 'write_file', rawInput: '{', error: 'bad' }],
      error: null,
      retries: 1,
    });
  });

  it('rejects an event that does not fit the schema (what the RPC layer will validate)', () => {
    expect(StreamEvent.safeParse({ type: 'text_delta' }).success).toBe(false);
    expect(StreamEvent.safeParse({ type: 'error', error: { kind: 'nope', message: 'x', retryable: false }, partial: [] }).success).toBe(false);
  });
});
