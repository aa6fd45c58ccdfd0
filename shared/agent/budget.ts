import type { AgentSettings, ModelEntry } from '../settings/agent';
import { costOf, formatCost, type CostDisplay } from './cost';
import type { ModelRequest } from './messages';
import { countRequestTokens } from './tokens';

export type BudgetScope = 'session' | 'day' | 'month';
export type BudgetLimits = Record<BudgetScope, number | null>;
/** What has been spent so far, in currency units. */
export type SpendTotals = Record<BudgetScope, number>;

export interface CallEstimate {
  inputTokens: number;
  /** The most the call can produce: the request's `maxTokens`. */
  maxOutputTokens: number;
  /** Worst-case cost: every input token uncached, every allowed output token produced. */
  maxCost: number;
}

/** The worst case of one call, from the approximate token count and the model's prices. */
export function estimateCall(request: Pick<ModelRequest, 'system' | 'messages' | 'tools' | 'maxTokens'>, entry: Pick<ModelEntry, 'price'>): CallEstimate {
  const inputTokens = countRequestTokens(request);
  const maxCost = costOf({ inputTokens, outputTokens: request.maxTokens, cacheReadTokens: 0, cacheWriteTokens: 0, estimated: true }, entry.price);
  return { inputTokens, maxOutputTokens: request.maxTokens, maxCost };
}

export type BudgetCheck =
  | { ok: true }
  | { ok: false; scope: BudgetScope; limit: number; spent: number; estimatedCost: number; message: string };

const WHERE: Record<BudgetScope, { spent: string; hint: string }> = {
  session: { spent: 'this session has spent', hint: 'Start a new session or raise agent.budgets.session in settings.' },
  day: { spent: 'today’s spend is', hint: 'It resets at midnight; or raise agent.budgets.day in settings.' },
  month: { spent: 'this month’s spend is', hint: 'It resets on the 1st; or raise agent.budgets.month in settings.' },
};

/**
 * Whether a call may start: it may not when its worst-case cost would take any limit past
 * its value. Checked BEFORE the call, so a budget is never overshot by more than the
 * estimate's error. The message names the limit, the spend, the estimate and what to do.
 */
export function checkBudget(limits: BudgetLimits, spent: SpendTotals, estimate: number, display: CostDisplay): BudgetCheck {
  for (const scope of ['session', 'day', 'month'] as const) {
    const limit = limits[scope];
    if (limit == null) continue;
    if (spent[scope] + estimate > limit) {
      const f = (n: number) => formatCost(n, display);
      return {
        ok: false,
        scope,
        limit,
        spent: spent[scope],
        estimatedCost: estimate,
        message: `Stopped before calling the model: this call could cost up to ${f(estimate)}, and ${WHERE[scope].spent} ${f(spent[scope])} of its ${f(limit)} ${scope} limit. ${WHERE[scope].hint}`,
      };
    }
  }
  return { ok: true };
}

export const budgetLimits = (agent: AgentSettings): BudgetLimits => agent.budgets;
export const costDisplay = (agent: AgentSettings): CostDisplay => agent.usage;
