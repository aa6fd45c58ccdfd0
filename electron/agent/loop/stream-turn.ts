import { TurnCollector, type AssistantTurn } from '../../../shared/agent/collect';
import type { ModelRequest } from '../../../shared/agent/messages';
import type { AssistantEntry } from '../../../shared/agent/session';
import type { ModelProvider } from '../providers/types';
import type { LiveSession } from '../sessions/live-session';

/**
 * One model call, streamed into an assistant entry as it arrives: text deltas to the chat,
 * tool calls as cards while their input is written, retries as a visible countdown. Returns
 * the collected turn; the provider's stream never throws, so neither does this.
 */
export async function streamTurn(provider: ModelProvider, request: ModelRequest, entry: AssistantEntry, session: LiveSession, signal: AbortSignal): Promise<AssistantTurn> {
  const collector = new TurnCollector();
  for await (const e of provider.stream(request, signal)) {
    collector.add(e);
    switch (e.type) {
      case 'text_delta':
        if (session.run?.phase !== 'streaming') session.patchRun({ phase: 'streaming', retry: undefined });
        session.delta(entry, e.text);
        break;
      case 'tool_use_start':
        if (session.run?.phase !== 'streaming') session.patchRun({ phase: 'streaming', retry: undefined });
        session.tool(entry, { id: e.id, name: e.name, category: 'other', input: {}, status: 'preparing', isError: false });
        break;
      case 'tool_use_end': {
        const card = entry.toolCalls.find((c) => c.id === e.id);
        session.tool(entry, { ...(card ?? { id: e.id, name: e.name, category: 'other', status: 'preparing', isError: false }), input: e.input });
        break;
      }
      case 'retry':
        entry.retries++;
        session.patchRun({ phase: 'retrying', retry: { attempt: e.attempt, maxAttempts: e.maxAttempts, retryAt: e.retryAt, delayMs: e.delayMs, reason: e.reason, message: e.message } });
        break;
      default:
        break;
    }
  }
  return collector.turn;
}
