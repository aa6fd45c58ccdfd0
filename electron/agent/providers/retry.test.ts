import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './retry';
import { parseToolInput } from './tool-input';

describe('backoffDelay', () => {
  const policy = { maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 30_000 };

  it('doubles per attempt, keeping between half and all of the exponential delay', () => {
    expect(backoffDelay(1, { ...policy, random: () => 0 })).toBe(500);
    expect(backoffDelay(1, { ...policy, random: () => 0.999999 })).toBe(1000);
    expect(backoffDelay(3, { ...policy, random: () => 0 })).toBe(2000);
    expect(backoffDelay(3, { ...policy, random: () => 0.5 })).toBe(3000);
  });

  it('never exceeds the cap, and never drops below half the capped delay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(attempt, { ...policy, random: () => r });
        const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
        expect(d).toBeLessThanOrEqual(policy.maxDelayMs);
        expect(d).toBeGreaterThanOrEqual(Math.floor(exp / 2));
      }),
    );
  });

  it('waits at least as long as a Retry-After asks, up to the cap', () => {
    expect(backoffDelay(1, { ...policy, random: () => 0 }, 7000)).toBe(7000);
    expect(backoffDelay(1, { ...policy, random: () => 0 }, 120_000)).toBe(30_000);
  });
});

describe('parseToolInput', () => {
  it('parses an object, and treats no input at all as {}', () => {
    expect(parseToolInput('t', 'read_file', '{"path":"a"}')).toEqual({ type: 'tool_use_end', id: 't', name: 'read_file', input: { path: 'a' } });
    expect(parseToolInput('t', 'list', '  ')).toEqual({ type: 'tool_use_end', id: 't', name: 'list', input: {} });
  });

  it.each([
    ['{"path": "a"', /not valid JSON/],
    ['null', /must be a JSON object, got null/],
    ['"a.txt"', /must be a JSON object, got string/],
    ['[1]', /must be a JSON object, got an array/],
  ])('returns a tool_use_invalid event for %s', (raw, message) => {
    const e = parseToolInput('t', 'read_file', raw);
    expect(e).toMatchObject({ type: 'tool_use_invalid', id: 't', name: 'read_file', rawInput: raw });
    if (e.type === 'tool_use_invalid') expect(e.error).toMatch(message);
  });

  it('never throws, whatever the model sends', () => {
    fc.assert(fc.property(fc.string(), (raw) => ['tool_use_end', 'tool_use_invalid'].includes(parseToolInput('t', 'x', raw).type)));
  });
});

describe('redactSecrets', () => {
  it('cuts anything that looks like a key out of a provider’s message', async () => {
    const { redactSecrets } = await import('./http-errors');
    expect(redactSecrets('Incorrect API key provided: sk-proj-abcdefghijklmnop1234. You can find your key…')).toBe('Incorrect API key provided: sk-proj… You can find your key…');
    expect(redactSecrets('invalid x-api-key sk-ant-api03-AbCdEfGhIjKlMnOp')).toBe('invalid x-api-key sk-ant…');
    expect(redactSecrets('The key AKIAIOSFODNN7EXAMPLE is invalid')).toBe('The key AKIA… is invalid');
    expect(redactSecrets('Rate limit reached for requests')).toBe('Rate limit reached for requests');
  });
});
