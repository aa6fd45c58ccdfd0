import { lazy } from 'react';
import { useCommands } from '../../commands/registry';
import { useApp } from '../../stores/app-store';
import { useChat } from '../../stores/chat-store';
import { useUi } from '../../stores/ui-store';
import { useViews } from '../layout/views';

// The chat (and the markdown lexer with it) loads with the first workspace, beside the editor.
const ChatView = lazy(() => import('./ChatView').then((m) => ({ default: m.ChatView })));

/** Focuses the message box (it is a plain textarea with a known class, so the lazy view need not be loaded to find it). */
export const focusComposer = () => document.querySelector<HTMLTextAreaElement>('textarea.composer-input')?.focus();

const hasWorkspace = () => useApp.getState().workspace !== null;

/** The chat feature: its view in the secondary side bar and its commands (Ctrl/Cmd+L focuses it, as in Cursor). */
export function registerChatFeature(): () => void {
  const offs = [
    useViews.getState().register({ id: 'chat', title: 'Chat', area: 'aux', icon: 'logo', order: 0, component: ChatView, keys: 'Mod+L' }),
    useCommands.getState().register([
      {
        id: 'chat.focus',
        title: 'Focus Chat',
        category: 'Agent',
        keys: 'Mod+L',
        global: true,
        when: hasWorkspace,
        run: () => {
          useUi.getState().toggleAux(true);
          requestAnimationFrame(() => requestAnimationFrame(focusComposer));
        },
      },
      { id: 'chat.newSession', title: 'New Chat Session', category: 'Agent', when: hasWorkspace, run: () => useChat.getState().newSession() },
      { id: 'chat.stop', title: 'Stop the Agent', category: 'Agent', when: () => useChat.getState().run !== null, run: () => useChat.getState().stop() },
      { id: 'chat.history', title: 'Show Chat History', category: 'Agent', when: hasWorkspace, run: () => (useUi.getState().toggleAux(true), useChat.getState().setHistoryOpen(true)) },
    ]),
  ];
  return () => offs.forEach((off) => off());
}
