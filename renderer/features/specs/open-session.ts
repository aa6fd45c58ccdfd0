import { useChat } from '../../stores/chat-store';
import { useUi } from '../../stores/ui-store';

/** Shows the agent session that writes a document or works on a task in the chat, so the person sees what it does. */
export function openTaskSession(sessionId: string): void {
  useUi.getState().toggleAux(true);
  if (useChat.getState().sessionId !== sessionId) void useChat.getState().open(sessionId);
}
