import type { ChatMessage, ContentBlock } from './messages';
import type { AssistantEntry, SessionEntry, SummaryEntry, UserEntry } from './session';

/**
 * What the model reads, derived from the session's entries:
 *
 * - a user entry: its `#` context, then its text;
 * - an assistant entry: its text and tool calls, then one user message with a result for
 *   EVERY tool call (the APIs refuse a tool call without its result: a call that never ran
 *   gets a result saying why);
 * - the latest summary stands in for the entries it covers;
 * - notices are for the person only.
 *
 * Consecutive messages of the same role are merged, since Bedrock and Anthropic want the
 * roles to alternate.
 */
export interface ModelMessagesOptions {
  /** Appended as a user message: e.g. "continue where you were cut off". */
  followUp?: string;
}

export const SUMMARY_PREFIX = 'Summary of the earlier part of this conversation (it was compacted to fit the context window; the person still sees the full messages):';

export function userText(e: UserEntry): string {
  return e.contextText ? `${e.contextText}\n\n${e.text}` : e.text;
}

const NOT_RUN = 'This tool call did not run: the turn ended before it (stopped by the person, or the session was interrupted).';

/** The model's view of one assistant entry: its message and the results of its tool calls. */
export function assistantMessages(e: AssistantEntry): ChatMessage[] {
  const content: ContentBlock[] = [];
  let text = e.text;
  if (e.status === 'stopped' && text) text += '\n\n[The person stopped this answer here.]';
  if ((e.status === 'partial' || e.status === 'interrupted') && text) text += '\n\n[This answer was cut off here.]';
  if (text.trim()) content.push({ type: 'text', text });
  for (const c of e.toolCalls) content.push({ type: 'tool_use', id: c.id, name: c.name, input: c.input });
  if (!content.length) return [];
  const out: ChatMessage[] = [{ role: 'assistant', content }];
  if (e.toolCalls.length) {
    out.push({
      role: 'user',
      content: e.toolCalls.map((c) => ({ type: 'tool_result' as const, toolUseId: c.id, content: c.result ?? NOT_RUN, isError: c.result === undefined ? true : c.isError })),
    });
  }
  return out;
}

/** The entries the model reads after the latest summary (and the summary itself). */
export function activeEntries(entries: readonly SessionEntry[]): { summary: SummaryEntry | null; entries: SessionEntry[] } {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.type !== 'summary') continue;
    const upTo = entries.findIndex((x) => x.id === e.upTo);
    if (upTo < 0) continue; // what it summarised is gone (a restore): ignore it
    return { summary: e, entries: entries.slice(upTo + 1).filter((x) => x.type !== 'summary') };
  }
  return { summary: null, entries: entries.filter((x) => x.type !== 'summary') };
}

export function toModelMessages(entries: readonly SessionEntry[], options: ModelMessagesOptions = {}): ChatMessage[] {
  const { summary, entries: active } = activeEntries(entries);
  const messages: ChatMessage[] = [];
  if (summary) messages.push({ role: 'user', content: [{ type: 'text', text: `${SUMMARY_PREFIX}\n\n${summary.text}` }] });
  for (const e of active) {
    if (e.type === 'user') messages.push({ role: 'user', content: [{ type: 'text', text: userText(e) }] });
    else if (e.type === 'assistant') messages.push(...assistantMessages(e));
  }
  if (options.followUp) messages.push({ role: 'user', content: [{ type: 'text', text: options.followUp }] });
  return mergeRoles(messages);
}

/** Joins consecutive messages of one role; tool results go first in a user message, as the APIs expect. */
export function mergeRoles(messages: readonly ChatMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    const last = out.at(-1);
    if (last && last.role === m.role) last.content = [...last.content, ...m.content];
    else out.push({ role: m.role, content: [...m.content] });
  }
  for (const m of out) {
    if (m.role !== 'user') continue;
    const results = m.content.filter((b) => b.type === 'tool_result');
    if (results.length && m.content[0]?.type !== 'tool_result') m.content = [...results, ...m.content.filter((b) => b.type !== 'tool_result')];
  }
  // A conversation starts with the person.
  while (out[0]?.role === 'assistant') out.shift();
  return out;
}

/**
 * Where the entries may be cut for a summary: just before a user entry (the start of a
 * request), so a tool call is never separated from its result. Returns the index of the
 * last entry of each possible "older" part.
 */
export function requestStarts(entries: readonly SessionEntry[]): number[] {
  return entries.flatMap((e, i) => (e.type === 'user' ? [i] : []));
}
