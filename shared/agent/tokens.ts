import type { ChatMessage, ContentBlock, ModelRequest, ToolSpec } from './messages';

/**
 * APPROXIMATE token counting. Models' real tokenizers differ from each other and are not
 * shipped here, so this counts the way BPE tokenizers behave on average: a word costs about
 * one token per four characters, each punctuation mark or symbol one token, and CJK
 * characters one each. On English prose and code it lands within about ±15% of Claude's and
 * GPT-4's counts — good enough for fitting a context window and for budget estimates,
 * which is all it is used for. Providers' reported usage always wins where there is one.
 */
export function countTokens(text: string): number {
  if (!text) return 0;
  let tokens = 0;
  const re = /[A-Za-z0-9_]+|\s+|[\u3000-\u9fff\uac00-\ud7af]|[^\sA-Za-z0-9_]/gu;
  for (const m of text.matchAll(re)) {
    const piece = m[0];
    if (/^\s+$/.test(piece)) {
      // Single spaces merge into the next word; runs of indentation cost a little.
      if (piece.length > 1) tokens += Math.ceil(piece.length / 8);
    } else if (/^[A-Za-z0-9_]+$/.test(piece)) {
      tokens += Math.ceil(piece.length / 4);
    } else {
      tokens += 1;
    }
  }
  return tokens;
}

/** Per-message framing (role markers, separators) that every chat format adds. */
const MESSAGE_OVERHEAD = 4;
const IMAGE_TOKENS = 1600;

export function countBlockTokens(block: ContentBlock): number {
  switch (block.type) {
    case 'text':
      return countTokens(block.text);
    case 'image':
      return IMAGE_TOKENS;
    case 'tool_use':
      return countTokens(block.name) + countTokens(JSON.stringify(block.input)) + 4;
    case 'tool_result':
      return countTokens(block.content) + 4;
  }
}

export const countMessageTokens = (m: ChatMessage): number => MESSAGE_OVERHEAD + m.content.reduce((n, b) => n + countBlockTokens(b), 0);

export const countToolTokens = (tools: readonly ToolSpec[]): number =>
  tools.reduce((n, t) => n + countTokens(t.name) + countTokens(t.description) + countTokens(JSON.stringify(t.inputSchema)) + 8, 0);

/** Approximate input tokens of a whole request: system prompt, tools and messages. */
export function countRequestTokens(request: Pick<ModelRequest, 'system' | 'messages' | 'tools'>): number {
  return countTokens(request.system ?? '') + countToolTokens(request.tools ?? []) + request.messages.reduce((n, m) => n + countMessageTokens(m), 0);
}
