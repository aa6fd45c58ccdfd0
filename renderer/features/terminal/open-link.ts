import { openFile } from '../editor/documents';
import { editorInstance, revealLine } from '../editor/editor-instance';

/**
 * Opens a workspace file from a terminal link and moves to its line. The editor may not
 * exist yet (nothing was open) or still show another file, so the line is revealed once
 * the editor has this file's model — for up to two seconds.
 */
export async function openAt(path: string, line?: number, column = 1): Promise<void> {
  await openFile(path);
  if (!line) return;
  const start = Date.now();
  while (Date.now() - start < 2000) {
    if (editorInstance()?.getModel()?.uri.path === `/${path}`) break;
    await new Promise((r) => requestAnimationFrame(r));
  }
  revealLine(line, column);
}
