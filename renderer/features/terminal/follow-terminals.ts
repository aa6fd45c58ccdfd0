import type { TerminalSessions } from '../../../shared/contract/terminal';
import { api } from '../../api/client';
import { useApp } from '../../stores/app-store';
import { useTerminals } from '../../stores/terminal-store';
import { useUi } from '../../stores/ui-store';

/**
 * Keeps the renderer's terminals in step with the host's for the open workspace: new ones
 * (the agent's too) get a view at once, closed ones lose theirs, a shell the person ended
 * with a clean `exit` closes its tab, and a terminal starting an agent command is shown.
 */
export function followTerminals(): () => void {
  let off = () => {};
  let root: string | null = null;
  const start = () => {
    off();
    off = () => {};
    const workspace = useApp.getState().workspace;
    root = workspace?.root ?? null;
    useTerminals.getState().setSynced(false);
    if (!workspace) return apply({ terminals: [], activeId: null, scrollback: useTerminals.getState().scrollback, reveal: null });
    off = api.subscribe('terminal.sessions', {}, { event: apply });
  };
  const unsubscribe = useApp.subscribe((s, prev) => {
    if (s.generation !== prev.generation || (s.workspace?.root ?? null) !== root) start();
  });
  start();
  return () => {
    unsubscribe();
    off();
  };
}

let viewsLoaded: Promise<typeof import('./views')> | null = null;
export const loadViews = () => (viewsLoaded ??= import('./views'));

function apply(s: TerminalSessions) {
  const store = useTerminals.getState();
  const before = new Map(store.terminals.map((t) => [t.id, t]));
  store.setTerminals(s.terminals, s.scrollback);
  // xterm.js loads only once there is a terminal to show, not with the workbench.
  if (s.terminals.length) void loadViews().then((m) => m.syncViews(useTerminals.getState().terminals.map((t) => t.id), s.scrollback));
  else void viewsLoaded?.then((m) => m.syncViews([], s.scrollback));
  for (const t of s.terminals) {
    const was = before.get(t.id);
    if (t.kind === 'user' && t.status === 'exited' && t.exitCode === 0 && !t.signal && was?.status === 'running') void store.kill(t.id);
  }
  if (s.reveal) {
    useUi.getState().setPanelView('terminal');
    store.setActive(s.reveal);
  }
}
