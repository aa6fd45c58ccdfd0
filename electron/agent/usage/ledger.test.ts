import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentSettings, ModelEntry } from '../../../shared/settings/agent';
import { UsageLedger } from './ledger';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sw-usage-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const sonnet = ModelEntry.parse({ id: 'sonnet', provider: 'bedrock', model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', price: { inputPerMTok: 3, outputPerMTok: 15, cacheReadPerMTok: 0.3, cacheWritePerMTok: 3.75 } });
const usage = (i: number, o: number, cr = 0, cw = 0) => ({ inputTokens: i, outputTokens: o, cacheReadTokens: cr, cacheWriteTokens: cw, estimated: false });
const at = (iso: string) => new Date(iso);

describe('UsageLedger', () => {
  it('totals usage and cost per message, session, day and month, and survives a restart', async () => {
    let now = at('2026-03-31T10:00:00');
    const ledger = new UsageLedger(dir, () => now);
    await ledger.record({ sessionId: 's1', messageId: 'm1', entry: sonnet, usage: usage(100_000, 10_000, 50_000, 0), at: at('2026-03-30T09:00:00') });
    await ledger.record({ sessionId: 's1', messageId: 'm2', entry: sonnet, usage: usage(200_000, 20_000), at: at('2026-03-31T09:00:00') });
    await ledger.record({ sessionId: 's1', messageId: 'm2', entry: sonnet, usage: usage(10_000, 1_000, 0, 10_000), at: at('2026-03-31T09:30:00') });
    await ledger.record({ sessionId: 's2', entry: sonnet, usage: usage(1_000_000, 0), at: at('2026-04-01T08:00:00') });

    const t = await ledger.totals('s1');
    // m1: 0.3 + 0.15 + 0.015 = 0.465; m2: 0.6 + 0.3 + 0.03 + 0.015 + 0.0375 = 0.9825
    expect(t.session.cost).toBeCloseTo(1.4475, 10);
    expect(t.session.calls).toBe(3);
    expect(t.session.usage).toEqual({ inputTokens: 310_000, outputTokens: 31_000, cacheReadTokens: 50_000, cacheWriteTokens: 10_000, estimated: false });
    expect(t.day.cost).toBeCloseTo(0.9825, 10);
    expect(t.month.cost).toBeCloseTo(1.4475, 10);
    expect((await ledger.message('m2')).calls).toBe(2);

    now = at('2026-04-01T12:00:00');
    const reopened = new UsageLedger(dir, () => now);
    const t2 = await reopened.totals('s1');
    expect(t2.session.cost).toBeCloseTo(1.4475, 10);
    expect(t2.day.cost).toBeCloseTo(3, 10);
    expect(t2.month.cost).toBeCloseTo(3, 10);
    expect((await readFile(path.join(dir, 'usage-2026-03.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(3);
    expect((await readFile(path.join(dir, 'usage-2026-04.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('gives the last days for a chart, empty days included', async () => {
    const ledger = new UsageLedger(dir, () => at('2026-05-03T12:00:00'));
    await ledger.record({ sessionId: 's', entry: sonnet, usage: usage(1_000_000, 0), at: at('2026-05-01T10:00:00') });
    await ledger.record({ sessionId: 's', entry: sonnet, usage: usage(0, 100_000), at: at('2026-05-03T10:00:00') });
    const days = await ledger.days(4);
    expect(days.map((d) => [d.date, Number(d.cost.toFixed(2)), d.calls])).toEqual([
      ['2026-04-30', 0, 0],
      ['2026-05-01', 3, 1],
      ['2026-05-02', 0, 0],
      ['2026-05-03', 1.5, 1],
    ]);
  });

  it('skips a damaged line and keeps everything else', async () => {
    const ledger = new UsageLedger(dir, () => at('2026-06-10T12:00:00'));
    await ledger.record({ sessionId: 's', entry: sonnet, usage: usage(1_000_000, 0), at: at('2026-06-10T10:00:00') });
    await appendFile(path.join(dir, 'usage-2026-06.jsonl'), '{"at": "2026-06-10T11:00:00", "sessionId": "s", "co\n');
    await appendFile(path.join(dir, 'usage-2026-06.jsonl'), JSON.stringify({ at: 'not a date', sessionId: 's', cost: 5, usage: usage(1, 1) }) + '\n');
    const reopened = new UsageLedger(dir, () => at('2026-06-10T12:00:00'));
    expect((await reopened.totals('s')).session.cost).toBeCloseTo(3, 10);
    expect(reopened.skippedLines).toBe(2);
  });

  it('stops a call before it would exceed a budget, with the estimate in the message', async () => {
    const ledger = new UsageLedger(dir, () => at('2026-07-01T12:00:00'));
    await ledger.record({ sessionId: 's', entry: sonnet, usage: usage(200_000, 0) });
    const agent = AgentSettings.parse({ budgets: { session: 1 } });
    const request = { messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hello' }] }], maxTokens: 8192 };
    const allowed = await ledger.checkCall('s', request, sonnet, agent);
    expect(allowed.ok).toBe(true);
    await ledger.record({ sessionId: 's', entry: sonnet, usage: usage(0, 30_000) });
    // spent 0.6 + 0.45 = 1.05 > 1: nothing more may go out.
    const refused = await ledger.checkCall('s', request, sonnet, agent);
    expect(refused).toMatchObject({ ok: false, scope: 'session' });
    if (!refused.ok) expect(refused.message).toMatch(/could cost up to \$0\.12, and this session has spent \$1\.05 of its \$1\.00 session limit/);
    // Another session is not held back by this one's limit.
    expect((await ledger.checkCall('other', request, sonnet, agent)).ok).toBe(true);
  });

  it('shows a budget in credits when the person prefers credits', async () => {
    const ledger = new UsageLedger(dir, () => at('2026-07-01T12:00:00'));
    await ledger.record({ sessionId: 's', entry: sonnet, usage: usage(0, 60_000) });
    const agent = AgentSettings.parse({ budgets: { day: 1 }, usage: { display: 'credits', currencyPerCredit: 0.04 } });
    const r = await ledger.checkCall('s', { messages: [], maxTokens: 8192 }, sonnet, agent);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/up to 3\.07 credits, and today’s spend is 22\.50 credits of its 25\.00 credits day limit/);
  });
});
