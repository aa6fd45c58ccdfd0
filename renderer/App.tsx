import { lazy, Suspense, useEffect } from 'react';
import { onConnectionStatus } from './api/client';
import { registerBuiltinCommands } from './commands/builtin';
import { installKeybindings } from './commands/keybindings';
import { useApp } from './stores/app-store';
import { notifyError } from './stores/notifications';
import { useUi } from './stores/ui-store';
import { DialogHost } from './ui/DialogHost';
import { Toasts } from './ui/Toasts';
import { useTheme } from './features/editor/theme';
import { Workbench } from './features/layout/Workbench';
import { followWorkspaceChanges, persistOpenEditors, restoreWorkspace } from './features/workspace-sync';
import { FolderBrowser } from './features/welcome/FolderBrowser';
import { openFolderAt } from './features/welcome/open-folder';
import { openFile } from './features/editor/documents';
import { runCommand } from './commands/registry';
import { api } from './api/client';
import { registerBuiltinViews } from './features/builtin-views';

const QuickOpen = lazy(() => import('./features/quickopen/QuickOpen').then((m) => ({ default: m.QuickOpen })));
const CommandPalette = lazy(() => import('./features/palette/CommandPalette').then((m) => ({ default: m.CommandPalette })));

export function App() {
  const theme = useTheme();
  const booted = useApp((s) => s.booted);
  const generation = useApp((s) => s.generation);
  const hasWorkspace = useApp((s) => s.workspace !== null);
  const overlay = useUi((s) => s.overlay);

  useEffect(() => {
    const offs = [registerBuiltinCommands(), registerBuiltinViews(), installKeybindings(), persistOpenEditors()];
    offs.push(onConnectionStatus((connection) => useApp.setState({ connection })));
    offs.push(
      api.subscribe('app.commands', {}, (cmd) => {
        if (cmd.type === 'openFolder') void openFolderAt(cmd.path);
        else if (cmd.type === 'openFile') void openFile(cmd.path);
        else runCommand(cmd.command);
      }),
    );
    useApp
      .getState()
      .boot()
      .then(({ openFiles }) => restoreWorkspace(openFiles))
      .catch((e) => notifyError(e, 'Cannot reach the Specwright host.'));
    return () => offs.forEach((off) => off());
  }, []);

  // Each newly opened folder: follow its changes, restore its editors.
  useEffect(() => {
    if (!booted || !hasWorkspace) return;
    if (generation > 1) void restoreWorkspace([]);
    return followWorkspaceChanges();
  }, [generation, hasWorkspace, booted]);

  if (!booted) return <div className="booting" aria-busy="true" />;
  return (
    <>
      <Workbench theme={theme} />
      <Suspense>
        {overlay === 'quickOpen' && <QuickOpen />}
        {overlay === 'palette' && <CommandPalette />}
      </Suspense>
      <FolderBrowser />
      <DialogHost />
      <Toasts />
    </>
  );
}
