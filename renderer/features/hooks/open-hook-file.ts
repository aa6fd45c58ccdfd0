import { notifyInfo } from '../../stores/notifications';
import { openFile } from '../editor/documents';
import { revealLine } from '../editor/editor-instance';

/**
 * Opens a hook or steering file in the editor at a line. Files of `~/.kiro/` live outside
 * the workspace, where the editor's file operations are confined by design: for those the
 * person is told where the file is instead.
 */
export async function openHookFile(file: string, line: number, scope: 'workspace' | 'user' | 'agents'): Promise<void> {
  if (scope === 'user') {
    notifyInfo(`${file} is outside the workspace (it applies to every workspace): open it in another editor to change it.`);
    return;
  }
  await openFile(file);
  revealLine(Math.max(1, line), 1);
}
