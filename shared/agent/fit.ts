import type { ChatMessage, ModelRequest } from './messages';
import { countRequestTokens } from './tokens';

/**
 * Fitting a request into a model's context window, by APPROXIMATE token counts
 * (`countTokens`): the window is kept with a safety margin for the estimate's error.
 */

/** Keeps the head and the tail of a long text, with a note in the middle that says how much was left out and why. */
export function truncateMiddle(text: string, maxChars: number, why = 'to keep the context small'): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  const head = Math.floor(maxChars * 0.6);
  const tail = Math.max(0, maxChars - head);
  const left = text.length - head - tail;
  const lines = text.slice(head, text.length - tail).split('\n').length - 1;
  return {
    text: `${text.slice(0, head)}\n\n[… ${left} characters${lines ? ` (${lines} lines)` : ''} left out ${why} …]\n\n${text.slice(text.length - tail)}`,
    truncated: true,
  };
}

export interface FitOptions {
  /** The model's context window, in tokens. */
  window: number;
  /** Part of the window kept free for the estimate's error (default 0.05). */
  margin?: number;
  /** Tool results longer than this, except in the last message, are cut first (default 4000 characters). */
  oldToolResultChars?: number;
  /** A lower input budget than the window allows (after a failed summary: the compaction threshold). */
  limit?: number;
}

export interface FitResult {
  messages: ChatMessage[];
  /** Approximate input tokens of the fitted request. */
  tokens: number;
  /** The most the input may be: window − maxTokens − margin. */
  limit: number;
  fits: boolean;
  truncatedResults: number;
  droppedMessages: number;
}

/** The input budget of a request: what is left of the window after the answer's room and the margin. */
export const inputLimit = (window: number, maxTokens: number, margin = 0.05) => Math.max(0, Math.floor(window * (1 - margin)) - maxTokens);

const count = (r: Pick<ModelRequest, 'system' | 'tools'>, messages: ChatMessage[]) => countRequestTokens({ ...r, messages });

/** Step 1: large tool outputs of earlier steps are cut to their head and tail, with a note. */
export function truncateOldToolResults(messages: readonly ChatMessage[], maxChars: number): { messages: ChatMessage[]; truncated: number } {
  let truncated = 0;
  const out = messages.map((m, i) => {
    if (i === messages.length - 1 || m.role !== 'user') return m;
    return {
      ...m,
      content: m.content.map((b) => {
        if (b.type !== 'tool_result' || b.content.length <= maxChars) return b;
        truncated++;
        return { ...b, content: truncateMiddle(b.content, maxChars, 'of this earlier tool output to fit the context window').text };
      }),
    };
  });
  return { messages: out, truncated };
}

/**
 * Step 2 (the fallback when a summary is not possible): the oldest requests are left out
 * of what the model reads, whole — from one user text message to the next — so a tool
 * call never loses its result. The latest request always stays.
 */
export function dropOldest(r: Pick<ModelRequest, 'system' | 'tools'>, messages: readonly ChatMessage[], limit: number): { messages: ChatMessage[]; dropped: number } {
  const starts = messages.flatMap((m, i) => (i > 0 && m.role === 'user' && m.content.some((b) => b.type === 'text') && !m.content.some((b) => b.type === 'tool_result') ? [i] : []));
  let current = [...messages];
  let dropped = 0;
  for (const start of starts) {
    if (count(r, current) <= limit) break;
    const keep = messages.slice(start);
    dropped = messages.length - keep.length;
    current = [{ role: 'user', content: [{ type: 'text', text: `[${dropped} earlier messages are left out here to fit the context window.]` }] }, ...keep];
    current = joinFirst(current);
  }
  return { messages: current, dropped };
}

/** After a drop note, the first real message is a user message too: join them. */
function joinFirst(messages: ChatMessage[]): ChatMessage[] {
  if (messages.length > 1 && messages[0]!.role === 'user' && messages[1]!.role === 'user') {
    return [{ role: 'user', content: [...messages[0]!.content, ...messages[1]!.content] }, ...messages.slice(2)];
  }
  return messages;
}

/** Truncation only (no model call): cut old tool outputs, then drop the oldest requests. */
export function fitByTruncation(r: Pick<ModelRequest, 'system' | 'tools' | 'maxTokens'>, messages: readonly ChatMessage[], options: FitOptions): FitResult {
  const limit = Math.min(options.limit ?? Infinity, inputLimit(options.window, r.maxTokens, options.margin));
  let current = [...messages];
  let tokens = count(r, current);
  let truncatedResults = 0;
  let droppedMessages = 0;
  if (tokens > limit) {
    const t = truncateOldToolResults(current, options.oldToolResultChars ?? 4000);
    current = t.messages;
    truncatedResults = t.truncated;
    tokens = count(r, current);
  }
  if (tokens > limit) {
    const d = dropOldest(r, current, limit);
    current = d.messages;
    droppedMessages = d.dropped;
    tokens = count(r, current);
  }
  return { messages: current, tokens, limit, fits: tokens <= limit, truncatedResults, droppedMessages };
}
