import type { ContentBlock } from './messages';
import { addUsage, emptyUsage, type ProviderErrorInfo, type StopReason, type StreamEvent, type Usage } from './stream';

/** The assistant's turn as assembled from its stream. */
export interface AssistantTurn {
  content: ContentBlock[];
  stopReason: StopReason | null;
  usage: Usage;
  /** Tool calls whose input did not parse; the loop answers each with a tool error. */
  invalidToolUses: { id: string; name: string; rawInput: string; error: string }[];
  error: ProviderErrorInfo | null;
  retries: number;
}

/**
 * Folds stream events into content blocks: consecutive text deltas into one text block, a
 * finished tool call into a tool_use block. Used by the providers (the partial answer of a
 * failed stream) and by the loop (the turn to persist).
 */
export class TurnCollector {
  private blocks: ContentBlock[] = [];
  private text = '';
  readonly turn: AssistantTurn = { content: [], stopReason: null, usage: emptyUsage(), invalidToolUses: [], error: null, retries: 0 };

  add(e: StreamEvent): void {
    switch (e.type) {
      case 'text_delta':
        this.text += e.text;
        break;
      case 'tool_use_end':
        this.flushText();
        this.blocks.push({ type: 'tool_use', id: e.id, name: e.name, input: e.input });
        break;
      case 'tool_use_invalid':
        this.flushText();
        this.turn.invalidToolUses.push({ id: e.id, name: e.name, rawInput: e.rawInput, error: e.error });
        break;
      case 'usage':
        this.turn.usage = addUsage(this.turn.usage, e.usage);
        break;
      case 'stop':
        this.turn.stopReason = e.reason;
        break;
      case 'retry':
        this.turn.retries++;
        break;
      case 'error':
        this.turn.error = e.error;
        break;
    }
    this.turn.content = this.content();
  }

  /** Whether any part of an answer has arrived (text or a tool call). */
  get hasContent(): boolean {
    return this.text.length > 0 || this.blocks.length > 0 || this.turn.invalidToolUses.length > 0;
  }

  content(): ContentBlock[] {
    return this.text ? [...this.blocks, { type: 'text', text: this.text }] : [...this.blocks];
  }

  private flushText() {
    if (this.text) this.blocks.push({ type: 'text', text: this.text });
    this.text = '';
  }
}

/** Reads a whole stream into a turn (tests, non-interactive callers). */
export async function collectTurn(events: AsyncIterable<StreamEvent>, onEvent?: (e: StreamEvent) => void): Promise<AssistantTurn> {
  const c = new TurnCollector();
  for await (const e of events) {
    onEvent?.(e);
    c.add(e);
  }
  return c.turn;
}
