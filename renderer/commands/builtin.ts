import { api } from '../api/client';
import { checkpointCommands } from '../features/checkpoints/register';
import { closeFile, reopenClosed, saveAll, saveFile, reloadFromDisk } from '../features/editor/documents';
import { startNewEntry } from '../features/explorer/file-operations';
import { openFolderFlow } from '../features/welcome/open-folder';
import { useApp } from '../stores/app-store';
import { useEditors } from '../stores/editor-store';
import { useUi } from '../stores/ui-store';
import { ask } from '../ui/dialog-store';
import { useCommands, type Command } from './registry';

const activeTab = () => {
  // A main-area view (the spec board) covers the editor: its commands must not act on a hidden tab.
  if (useUi.getState().mainView) return null;
  const { tabs, active } = useEditors.getState();
  return tabs.find((t) => t.path === active) ?? null;
};
const hasWorkspace = () => useApp.getState().workspace !== null;

/** The workbench's own commands; features register theirs the same way. */
export function registerBuiltinCommands(): () => void {
  const commands: Command[] = [
    { id: 'workbench.quickOpen', title: 'Go to File…', category: 'File', keys: 'Mod+P', global: true, when: hasWorkspace, run: () => useUi.getState().open('quickOpen') },
    { id: 'workbench.commandPalette', title: 'Show All Commands', category: 'View', keys: 'Mod+Shift+P', altKeys: ['F1'], global: true, run: () => useUi.getState().open('palette') },
    { id: 'file.save', title: 'Save', category: 'File', keys: 'Mod+S', global: true, when: () => !!activeTab(), run: () => saveFile(activeTab()!.path) },
    { id: 'file.saveAll', title: 'Save All', category: 'File', keys: 'Mod+Alt+S', global: true, run: () => saveAll() },
    { id: 'file.revert', title: 'Revert File (load the disk version)', category: 'File', when: () => !!activeTab(), run: () => reloadFromDisk(activeTab()!.path) },
    // Browsers keep Ctrl+W and Ctrl+Shift+T for themselves; Alt variants work everywhere.
    { id: 'editor.close', title: 'Close Editor', category: 'View', keys: 'Mod+W', altKeys: ['Alt+W'], global: true, when: () => !!activeTab(), run: () => closeFile(activeTab()!.path) },
    { id: 'editor.reopenClosed', title: 'Reopen Closed Editor', category: 'View', keys: 'Mod+Shift+T', altKeys: ['Alt+Shift+T'], global: true, run: () => reopenClosed() },
    {
      id: 'editor.next',
      title: 'Next Editor',
      category: 'View',
      keys: 'Ctrl+PageDown',
      global: true,
      run: () => cycleTabs(1),
    },
    { id: 'editor.previous', title: 'Previous Editor', category: 'View', keys: 'Ctrl+PageUp', global: true, run: () => cycleTabs(-1) },
    { id: 'file.newFile', title: 'New File…', category: 'File', keys: 'Alt+N', when: hasWorkspace, run: () => startNewEntry('newFile') },
    { id: 'file.newFolder', title: 'New Folder…', category: 'File', when: hasWorkspace, run: () => startNewEntry('newFolder') },
    { id: 'workbench.openFolder', title: 'Open Folder…', category: 'File', keys: 'Mod+O', global: true, run: () => openFolderFlow() },
    { id: 'workbench.closeFolder', title: 'Close Folder', category: 'File', when: hasWorkspace, run: () => closeFolderFlow() },
    { id: 'workbench.toggleSidebar', title: 'Toggle Primary Side Bar', category: 'View', keys: 'Mod+B', global: true, run: () => useUi.getState().toggleSidebar() },
    { id: 'workbench.togglePanel', title: 'Toggle Panel', category: 'View', keys: 'Mod+J', global: true, run: () => useUi.getState().togglePanel() },
    { id: 'workbench.showExplorer', title: 'Show Explorer', category: 'View', keys: 'Mod+Shift+E', global: true, run: () => useUi.getState().setSideView('explorer') },
    {
      id: 'policy.toggleAutopilot',
      title: 'Toggle Autopilot / Supervised',
      category: 'Agent',
      when: hasWorkspace,
      run: () => useApp.getState().setAutopilot(!useApp.getState().autopilot),
    },
    { id: 'workbench.reload', title: 'Reload Window', category: 'Developer', run: () => location.reload() },
    { id: 'workbench.version', title: 'About Specwright', category: 'Help', run: () => api.call('app.bootstrap', {}).then((b) => alertAbout(b.version, b.mode)) },
    ...checkpointCommands(),
  ];
  return useCommands.getState().register(commands);
}

function cycleTabs(step: number) {
  const { tabs, active, activate } = useEditors.getState();
  if (tabs.length < 2) return;
  const i = tabs.findIndex((t) => t.path === active);
  activate(tabs[(i + step + tabs.length) % tabs.length]!.path);
}

async function closeFolderFlow() {
  for (const tab of [...useEditors.getState().tabs]) if (!(await closeFile(tab.path))) return;
  await useApp.getState().closeFolder();
}

function alertAbout(version: string, mode: string) {
  void ask('About Specwright', `Specwright ${version} — ${mode === 'desktop' ? 'desktop app' : 'server mode'}.`, [{ label: 'OK', value: 'ok', primary: true }]);
}
