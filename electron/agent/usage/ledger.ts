import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkBudget, estimateCall, type BudgetCheck, type CallEstimate, type SpendTotals } from '../../../shared/agent/budget';
import { costOf } from '../../../shared/agent/cost';
import type { ModelRequest } from '../../../shared/agent/messages';
import { addUsage, emptyUsage, Usage } from '../../../shared/agent/stream';
import type { AgentSettings, ModelEntry, ProviderId } from '../../../shared/settings/agent';

/** One model call as charged: what it used and what that cost at the prices of the day. */
export interface UsageRecord {
  /** ISO time of the call's end. */
  at: string;
  sessionId: string;
  /** The chat message (turn) the call belongs to, when there is one. */
  messageId: string | null;
  /** The catalog entry's id (`claude-sonnet-4.5`) and the provider's model id. */
  modelId: string;
  provider: ProviderId;
  model: string;
  usage: Usage;
  /** Currency units, from the entry's price table at the time of the call. */
  cost: number;
}

export interface UsageTotal {
  usage: Usage;
  cost: number;
  calls: number;
}

export interface UsageTotals {
  session: UsageTotal;
  /** Today, in local time. */
  day: UsageTotal;
  /** This calendar month, in local time. */
  month: UsageTotal;
}

const pad = (n: number) => String(n).padStart(2, '0');
export const dayKey = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
export const monthKey = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;

const emptyTotal = (): UsageTotal => ({ usage: emptyUsage(), cost: 0, calls: 0 });
const add = (t: UsageTotal | undefined, r: UsageRecord): UsageTotal => {
  const base = t ?? emptyTotal();
  return { usage: addUsage(base.usage, r.usage), cost: base.cost + r.cost, calls: base.calls + 1 };
};

/**
 * Usage and cost per message, session, day and month, kept as one JSON line per call in
 * `<dir>/usage-YYYY-MM.jsonl` (append-only: a crash loses at most the line being written,
 * and a damaged line is skipped and counted, never fatal). Totals live in memory, rebuilt
 * from the files on first use. Budgets are checked against these totals before each call.
 */
export class UsageLedger {
  private loaded: Promise<void> | null = null;
  private bySession = new Map<string, UsageTotal>();
  private byMessage = new Map<string, UsageTotal>();
  private byDay = new Map<string, UsageTotal>();
  private byMonth = new Map<string, UsageTotal>();
  private writes: Promise<void> = Promise.resolve();
  /** Lines that could not be read (damaged by hand or by a crash mid-write). */
  skippedLines = 0;

  constructor(
    readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      let names: string[];
      try {
        names = (await readdir(this.dir)).filter((n) => /^usage-\d{4}-\d{2}\.jsonl$/.test(n)).sort();
      } catch {
        return;
      }
      for (const name of names) {
        const text = await readFile(path.join(this.dir, name), 'utf8');
        for (const line of text.split('\n')) {
          if (!line.trim()) continue;
          const r = parseRecord(line);
          if (r) this.index(r);
          else this.skippedLines++;
        }
      }
    })();
    return this.loaded;
  }

  private index(r: UsageRecord) {
    const at = new Date(r.at);
    this.bySession.set(r.sessionId, add(this.bySession.get(r.sessionId), r));
    if (r.messageId) this.byMessage.set(r.messageId, add(this.byMessage.get(r.messageId), r));
    this.byDay.set(dayKey(at), add(this.byDay.get(dayKey(at)), r));
    this.byMonth.set(monthKey(at), add(this.byMonth.get(monthKey(at)), r));
  }

  /** Records one call's usage, priced with `entry`'s price table. */
  async record(input: { sessionId: string; messageId?: string | null; entry: ModelEntry; usage: Usage; at?: Date }): Promise<UsageRecord> {
    await this.load();
    const at = input.at ?? this.now();
    const r: UsageRecord = {
      at: at.toISOString(),
      sessionId: input.sessionId,
      messageId: input.messageId ?? null,
      modelId: input.entry.id,
      provider: input.entry.provider,
      model: input.entry.model,
      usage: input.usage,
      cost: costOf(input.usage, input.entry.price),
    };
    this.index(r);
    const file = path.join(this.dir, `usage-${monthKey(at)}.jsonl`);
    const write = this.writes.then(async () => {
      await mkdir(this.dir, { recursive: true });
      await appendFile(file, JSON.stringify(r) + '\n');
    });
    this.writes = write.catch(() => {});
    await write;
    return r;
  }

  async totals(sessionId: string): Promise<UsageTotals> {
    await this.load();
    const now = this.now();
    return {
      session: this.bySession.get(sessionId) ?? emptyTotal(),
      day: this.byDay.get(dayKey(now)) ?? emptyTotal(),
      month: this.byMonth.get(monthKey(now)) ?? emptyTotal(),
    };
  }

  async message(messageId: string): Promise<UsageTotal> {
    await this.load();
    return this.byMessage.get(messageId) ?? emptyTotal();
  }

  async spend(sessionId: string): Promise<SpendTotals> {
    const t = await this.totals(sessionId);
    return { session: t.session.cost, day: t.day.cost, month: t.month.cost };
  }

  /** The last `count` days, oldest first, empty days included: the data of the usage chart. */
  async days(count: number): Promise<{ date: string; cost: number; usage: Usage; calls: number }[]> {
    await this.load();
    const today = this.now();
    const out = [];
    for (let i = count - 1; i >= 0; i--) {
      const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - i);
      const t = this.byDay.get(dayKey(d)) ?? emptyTotal();
      out.push({ date: dayKey(d), cost: t.cost, usage: t.usage, calls: t.calls });
    }
    return out;
  }

  /**
   * Whether the next call may go out under the budgets in `agent`, from its worst-case
   * estimate. Call it before every model call; when it says no, show `message` and do not call.
   */
  async checkCall(sessionId: string, request: Pick<ModelRequest, 'system' | 'messages' | 'tools' | 'maxTokens'>, entry: ModelEntry, agent: AgentSettings): Promise<BudgetCheck & { estimate: CallEstimate }> {
    const estimate = estimateCall(request, entry);
    const check = checkBudget(agent.budgets, await this.spend(sessionId), estimate.maxCost, agent.usage);
    return { ...check, estimate };
  }

  /** Resolves when every record so far is on disk. */
  flush(): Promise<void> {
    return this.writes;
  }

  async dispose(): Promise<void> {
    await this.flush();
  }
}

const RecordShape = {
  parse(v: unknown): UsageRecord | null {
    if (!v || typeof v !== 'object') return null;
    const r = v as Record<string, unknown>;
    const usage = Usage.safeParse(r.usage);
    if (typeof r.at !== 'string' || Number.isNaN(Date.parse(r.at)) || typeof r.sessionId !== 'string' || typeof r.cost !== 'number' || !usage.success) return null;
    return {
      at: r.at,
      sessionId: r.sessionId,
      messageId: typeof r.messageId === 'string' ? r.messageId : null,
      modelId: String(r.modelId ?? ''),
      provider: (r.provider as ProviderId) ?? 'bedrock',
      model: String(r.model ?? ''),
      usage: usage.data,
      cost: r.cost,
    };
  },
};

function parseRecord(line: string): UsageRecord | null {
  try {
    return RecordShape.parse(JSON.parse(line));
  } catch {
    return null;
  }
}
