import type { StreamEvent } from '../../../shared/agent/stream';

/**
 * Assembles a tool call's input from the JSON fragments a provider streams, keyed by the
 * provider's block index. When the call ends, the whole text must parse to a JSON object;
 * otherwise the call becomes a `tool_use_invalid` event that the loop returns to the model
 * as a tool error — a model's bad JSON never crashes anything.
 */
export class ToolInputAssembler {
  private calls = new Map<string | number, { id: string; name: string; raw: string }>();

  start(key: string | number, id: string, name: string): StreamEvent {
    this.calls.set(key, { id, name, raw: '' });
    return { type: 'tool_use_start', id, name };
  }

  has(key: string | number): boolean {
    return this.calls.has(key);
  }

  delta(key: string | number, fragment: string): StreamEvent | null {
    const call = this.calls.get(key);
    if (!call || !fragment) return null;
    call.raw += fragment;
    return { type: 'tool_use_delta', id: call.id, fragment };
  }

  finish(key: string | number): StreamEvent | null {
    const call = this.calls.get(key);
    if (!call) return null;
    this.calls.delete(key);
    return parseToolInput(call.id, call.name, call.raw);
  }

  /** Ends every open call (a provider that does not close its blocks one by one). */
  finishAll(): StreamEvent[] {
    return [...this.calls.keys()].map((k) => this.finish(k)!);
  }
}

export function parseToolInput(id: string, name: string, raw: string): StreamEvent {
  // A tool without parameters may stream nothing at all: that is an empty object.
  if (raw.trim() === '') return { type: 'tool_use_end', id, name, input: {} };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    return { type: 'tool_use_invalid', id, name, rawInput: raw, error: `The input of ${name} is not valid JSON (${(e as Error).message}).` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { type: 'tool_use_invalid', id, name, rawInput: raw, error: `The input of ${name} must be a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'null' : typeof value}.` };
  }
  return { type: 'tool_use_end', id, name, input: value as Record<string, unknown> };
}
