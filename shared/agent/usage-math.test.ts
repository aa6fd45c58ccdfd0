import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgentSettings } from '../settings/agent';
import { checkBudget, estimateCall } from './budget';
import { costOf, formatCost, formatTokens } from './cost';
import { countRequestTokens, countTokens } from './tokens';

const usd = { display: 'currency' as const, currency: 'USD', currencyPerCredit: 0.01 };
const sonnet = { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 };

describe('costOf', () => {
  it('prices each kind of token at its own rate per million', () => {
    const usage = { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 2_000_000, cacheWriteTokens: 10_000, estimated: false };
    // 3 + 1.5 + 0.6 + 0.0375
    expect(costOf(usage, sonnet)).toBeCloseTo(5.1375, 10);
  });

  it('is zero for a free local model and additive over calls', () => {
    const u = (i: number, o: number) => ({ inputTokens: i, outputTokens: o, cacheReadTokens: 0, cacheWriteTokens: 0, estimated: false });
    expect(costOf(u(5000, 5000), { inputPerMTok: 0, outputPerMTok: 0, cacheReadPerMTok: 0, cacheWritePerMTok: 0 })).toBe(0);
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.nat(10_000_000), fc.nat(10_000_000), fc.nat(10_000_000), (a, b, c, d) => {
        expect(costOf(u(a + c, b + d), sonnet)).toBeCloseTo(costOf(u(a, b), sonnet) + costOf(u(c, d), sonnet), 9);
      }),
    );
  });
});

describe('formatCost', () => {
  it('shows currency to 0.01, and never shows a paid call as free', () => {
    expect(formatCost(0, usd)).toBe('$0.00');
    expect(formatCost(0.004, usd)).toBe('<$0.01');
    expect(formatCost(0.005, usd)).toBe('$0.01');
    expect(formatCost(1.234, usd)).toBe('$1.23');
    expect(formatCost(1234.5, usd)).toBe('$1,234.50');
    expect(formatCost(2, { ...usd, currency: 'EUR' })).toBe('€2.00');
  });

  it('shows credits for people who think in credits', () => {
    const credits = { display: 'credits' as const, currency: 'USD', currencyPerCredit: 0.04 };
    expect(formatCost(0.06, credits)).toBe('1.50 credits');
    expect(formatCost(0.04, credits)).toBe('1.00 credit');
    expect(formatCost(0.0001, credits)).toBe('<0.01 credits');
  });

  it('formats token counts compactly', () => {
    expect([950, 1234, 12_345, 1_234_567].map(formatTokens)).toEqual(['950', '1.2K', '12K', '1.23M']);
  });
});

describe('countTokens (approximate)', () => {
  it('counts about four characters of a word per token and a token per symbol', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('hello')).toBe(2);
    expect(countTokens('a b c')).toBe(3);
    expect(countTokens('foo(bar);')).toBe(5);
  });

  it('lands near the usual rule of thumb on prose (within ±35% of chars/4)', () => {
    const prose = 'The quick brown fox jumps over the lazy dog while the agent reads the requirements and writes a design. '.repeat(20);
    const n = countTokens(prose);
    expect(n / (prose.length / 4)).toBeGreaterThan(0.65);
    expect(n / (prose.length / 4)).toBeLessThan(1.35);
  });

  it('grows with the text: appending never lowers the count', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => countTokens(a + ' ' + b) >= countTokens(a)));
  });

  it('counts a request’s system prompt, tools and messages', () => {
    const base = { system: 'sys', messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hello there' }] }] };
    const withTools = { ...base, tools: [{ name: 'read_file', description: 'Reads a file from the workspace', inputSchema: { type: 'object' } }] };
    expect(countRequestTokens(withTools)).toBeGreaterThan(countRequestTokens(base));
  });
});

describe('budgets', () => {
  const request = { system: 'You are helpful.', messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'x '.repeat(4000) }] }], maxTokens: 8000 };

  it('estimates a call at its worst case: all input uncached, every allowed output token', () => {
    const e = estimateCall(request, { price: sonnet });
    expect(e.maxOutputTokens).toBe(8000);
    expect(e.maxCost).toBeCloseTo((e.inputTokens * 3 + 8000 * 15) / 1e6, 10);
  });

  it('lets a call through when no limit is set or every limit holds', () => {
    expect(checkBudget({ session: null, day: null, month: null }, { session: 100, day: 100, month: 100 }, 5, usd)).toEqual({ ok: true });
    expect(checkBudget({ session: 1, day: 5, month: 50 }, { session: 0.5, day: 2, month: 10 }, 0.5, usd)).toEqual({ ok: true });
  });

  it('stops a call that would take the session past its limit, saying by how much and what to do', () => {
    const r = checkBudget({ session: 1, day: null, month: null }, { session: 0.95, day: 3, month: 3 }, 0.13, usd);
    expect(r).toMatchObject({ ok: false, scope: 'session', limit: 1, spent: 0.95, estimatedCost: 0.13 });
    if (r.ok) return;
    expect(r.message).toBe(
      'Stopped before calling the model: this call could cost up to $0.13, and this session has spent $0.95 of its $1.00 session limit. Start a new session or raise agent.budgets.session in settings.',
    );
  });

  it('checks the day and the month too, session first', () => {
    const limits = { session: 10, day: 2, month: 20 };
    expect(checkBudget(limits, { session: 1, day: 1.9, month: 5 }, 0.2, usd)).toMatchObject({ ok: false, scope: 'day' });
    expect(checkBudget(limits, { session: 1, day: 1, month: 19.9 }, 0.2, usd)).toMatchObject({ ok: false, scope: 'month' });
    expect(checkBudget(limits, { session: 9.9, day: 1.9, month: 19.9 }, 0.2, usd)).toMatchObject({ ok: false, scope: 'session' });
  });

  it('is sound: whenever it allows a call, no limit is exceeded by its estimate', () => {
    const limit = fc.option(fc.double({ min: 0.01, max: 100, noNaN: true }), { nil: null });
    const spend = fc.double({ min: 0, max: 100, noNaN: true });
    fc.assert(
      fc.property(limit, limit, limit, spend, spend, spend, fc.double({ min: 0, max: 10, noNaN: true }), (ls, ld, lm, s, d, m, est) => {
        const r = checkBudget({ session: ls, day: ld, month: lm }, { session: s, day: d, month: m }, est, usd);
        if (r.ok) {
          for (const [l, x] of [
            [ls, s],
            [ld, d],
            [lm, m],
          ] as const)
            if (l !== null) expect(x + est).toBeLessThanOrEqual(l);
        }
      }),
    );
  });

  it('has no limits by default', () => {
    expect(AgentSettings.parse({}).budgets).toEqual({ session: null, day: null, month: null });
  });
});
