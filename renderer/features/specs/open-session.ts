import { useUi } from '../../stores/ui-store';

/**
 * Shows the agent session that works on a task (or writes a document) in the chat.
 * TRANSITIONAL: until the chat is part of this build, it only opens the secondary side bar.
 */
export function openTaskSession(_sessionId: string): void {
  useUi.getState().toggleAux(true);
}
