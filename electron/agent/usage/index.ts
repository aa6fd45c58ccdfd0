/** Usage, cost and budgets of model calls. Pure math lives in shared/agent (cost, budget, tokens). */
export { UsageLedger, dayKey, monthKey, type UsageRecord, type UsageTotal, type UsageTotals } from './ledger';
export { usageLedgerFor } from './service';
export { countTokens, countRequestTokens, countMessageTokens } from '../../../shared/agent/tokens';
export { costOf, formatCost, formatTokens } from '../../../shared/agent/cost';
export { checkBudget, estimateCall, type BudgetCheck, type CallEstimate } from '../../../shared/agent/budget';
