import { collectTurn } from '../../../shared/agent/collect';
import { fitByTruncation } from '../../../shared/agent/fit';
import { textOf, type ModelRequest } from '../../../shared/agent/messages';
import type { SessionEntry, SummaryEntry } from '../../../shared/agent/session';
import { countRequestTokens } from '../../../shared/agent/tokens';
import { activeEntries, toModelMessages } from '../../../shared/agent/transcript';
import type { AgentSettings, ModelEntry } from '../../../shared/settings/agent';
import type { ModelProvider } from '../providers/types';
import type { UsageLedger } from '../usage/ledger';
import { newId } from '../sessions/live-session';
import { COMPACTION_REQUEST, COMPACTION_SYSTEM } from './system-prompt';

export interface CompactionInput {
  entries: readonly SessionEntry[];
  entry: ModelEntry;
  agent: AgentSettings;
  provider: ModelProvider;
  ledger: Pick<UsageLedger, 'checkCall' | 'record'>;
  sessionId: string;
  signal: AbortSignal;
}

export type CompactionResult = { ok: true; summary: SummaryEntry; cost: number } | { ok: false; reason: string };

/**
 * Summarises the older part of a session (everything before the latest request) with the
 * model, so that the model reads the summary instead. Nothing is deleted: the entries stay
 * in the session and the chat, and the summary can be undone. Any failure is returned, not
 * thrown: the caller falls back to truncation and says so.
 */
export async function compactOlder(input: CompactionInput): Promise<CompactionResult> {
  const { entries } = input;
  const { entries: active } = activeEntries(entries);
  const lastUser = active.map((e) => e.type).lastIndexOf('user');
  if (lastUser <= 0) return { ok: false, reason: 'there is no earlier request to summarise (the current request alone is too large)' };
  const older = active.slice(0, lastUser);
  const upTo = older.at(-1)!;
  const upToIndex = entries.findIndex((e) => e.id === upTo.id);
  const olderEntries = entries.slice(0, upToIndex + 1);
  const messages = toModelMessages(olderEntries, { followUp: COMPACTION_REQUEST });
  const maxTokens = Math.min(4096, input.entry.maxOutputTokens);
  const fitted = fitByTruncation({ system: COMPACTION_SYSTEM, tools: [], maxTokens }, messages, { window: input.entry.contextWindow });
  if (!fitted.fits) return { ok: false, reason: 'the earlier messages do not fit the window even when cut' };
  const request: ModelRequest = { model: input.entry.model, system: COMPACTION_SYSTEM, messages: fitted.messages, maxTokens };
  const budget = await input.ledger.checkCall(input.sessionId, request, input.entry, input.agent);
  if (!budget.ok) return { ok: false, reason: budget.message };
  const turn = await collectTurn(input.provider.stream(request, input.signal));
  const record = turn.usage.inputTokens || turn.usage.outputTokens ? await input.ledger.record({ sessionId: input.sessionId, entry: input.entry, usage: turn.usage }) : null;
  if (turn.error) return { ok: false, reason: turn.error.message };
  const text = textOf(turn.content).trim();
  if (!text) return { ok: false, reason: 'the model returned an empty summary' };
  const covered = olderEntries.filter((e) => e.type === 'user' || e.type === 'assistant').length;
  const before = countRequestTokens({ messages: toModelMessages(olderEntries) });
  return {
    ok: true,
    cost: record?.cost ?? 0,
    summary: {
      type: 'summary',
      id: newId('c'),
      at: Date.now(),
      upTo: upTo.id,
      covered,
      text,
      tokensBefore: before,
      tokensAfter: countRequestTokens({ messages: [{ role: 'user', content: [{ type: 'text', text }] }] }),
    },
  };
}
