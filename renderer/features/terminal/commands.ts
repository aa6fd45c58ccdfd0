import { useCommands, type Command } from '../../commands/registry';
import { useApp } from '../../stores/app-store';
import { useTerminals, whenTerminalsSynced } from '../../stores/terminal-store';
import { useUi } from '../../stores/ui-store';
import { prompt } from '../../ui/dialog-store';
import { loadViews } from './follow-terminals';

const hasWorkspace = () => useApp.getState().workspace !== null;
const active = () => useTerminals.getState().activeId;
const terminalFocused = () => !!document.activeElement?.closest('.terminal-view');

/** Shows the terminal panel (opening a shell when there is none) and focuses the terminal. */
export async function showTerminal({ create = false }: { create?: boolean } = {}): Promise<void> {
  useUi.getState().setPanelView('terminal');
  // Right after a reload the host's list may not be here yet: without waiting, Ctrl+` would
  // open a second shell beside the one that is about to reattach.
  if (!create) await whenTerminalsSynced();
  const store = useTerminals.getState();
  const id = create || store.terminals.length === 0 ? await store.create() : store.activeId;
  if (id) (await loadViews()).existingView(id)?.focus();
}

/** Ctrl+`: hides the panel when the terminal has the focus, else shows and focuses it. */
function toggleTerminal() {
  const ui = useUi.getState();
  if (ui.panelVisible && ui.panelView === 'terminal' && terminalFocused()) {
    ui.togglePanel();
    return;
  }
  void showTerminal();
}

export async function renameTerminal(id: string): Promise<void> {
  const t = useTerminals.getState().terminals.find((x) => x.id === id);
  if (!t) return;
  const name = await prompt('Rename Terminal', 'Terminal name', t.name, 'Rename');
  if (name?.trim()) await useTerminals.getState().rename(id, name.trim());
  // The dialog took the focus; give it back to the terminal, where the person was typing.
  (await loadViews()).existingView(id)?.focus();
}

export function registerTerminalCommands(): () => void {
  const commands: Command[] = [
    { id: 'terminal.toggle', title: 'Toggle Terminal', category: 'Terminal', keys: 'Ctrl+`', global: true, when: hasWorkspace, run: toggleTerminal },
    { id: 'terminal.new', title: 'Create New Terminal', category: 'Terminal', keys: 'Ctrl+Shift+Backquote', global: true, when: hasWorkspace, run: () => showTerminal({ create: true }) },
    { id: 'terminal.kill', title: 'Kill the Active Terminal', category: 'Terminal', when: () => !!active(), run: () => useTerminals.getState().kill(active()!) },
    { id: 'terminal.rename', title: 'Rename Terminal…', category: 'Terminal', when: () => !!active(), run: () => renameTerminal(active()!) },
    { id: 'terminal.find', title: 'Find in Terminal', category: 'Terminal', keys: 'Mod+F', global: true, when: terminalFocused, run: () => useTerminals.getState().setSearchOpen(true) },
    { id: 'terminal.clear', title: 'Clear Terminal', category: 'Terminal', when: () => !!active(), run: async () => (await loadViews()).existingView(active())?.term.clear() },
  ];
  return useCommands.getState().register(commands);
}
