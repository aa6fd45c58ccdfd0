import type { ModelPrice } from '../settings/agent';
import type { Usage } from './stream';

/**
 * Cost of a call in currency units. `inputTokens` counts only input that was neither read
 * from nor written to the prompt cache (adapters normalise OpenAI's inclusive
 * `prompt_tokens` to this), so the four counts are disjoint and simply add up.
 */
export function costOf(usage: Usage, price: ModelPrice): number {
  return (
    (usage.inputTokens * price.inputPerMTok +
      usage.outputTokens * price.outputPerMTok +
      usage.cacheReadTokens * price.cacheReadPerMTok +
      usage.cacheWriteTokens * price.cacheWritePerMTok) /
    1_000_000
  );
}

export interface CostDisplay {
  display: 'currency' | 'credits';
  currency: string;
  currencyPerCredit: number;
}

/**
 * A cost as people read it: to 0.01 of a currency unit (`$0.03`), or in credits
 * (`1.50 credits`). A non-zero amount that rounds to nothing shows as `<$0.01`, so that a
 * paid call never reads as free.
 */
export function formatCost(amount: number, display: CostDisplay): string {
  if (display.display === 'credits') {
    const credits = amount / display.currencyPerCredit;
    if (credits > 0 && credits < 0.005) return '<0.01 credits';
    return `${credits.toFixed(2)} ${credits.toFixed(2) === '1.00' ? 'credit' : 'credits'}`;
  }
  const fmt = (n: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: display.currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
  if (amount > 0 && amount < 0.005) return `<${fmt(0.01)}`;
  return fmt(amount);
}

/** `950`, `12.3K`, `1.20M`. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}K`;
  return `${(n / 1_000_000).toFixed(2)}M`;
}
