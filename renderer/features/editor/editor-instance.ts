import type { editor } from 'monaco-editor';
import { useUi } from '../../stores/ui-store';

/** The workbench's one code editor (tabs swap its model), for commands that act on it. */
let current: editor.IStandaloneCodeEditor | null = null;
let pendingReveal: { line: number; column: number } | null = null;

export function setEditorInstance(e: editor.IStandaloneCodeEditor | null) {
  current = e;
  if (e && pendingReveal) {
    revealLine(pendingReveal.line, pendingReveal.column);
  }
}

export const editorInstance = () => current;

/** Moves the cursor to a line of the active file (after it has opened). */
export function revealLine(line: number, column = 1) {
  if (!current?.getModel()) {
    pendingReveal = { line, column };
    return;
  }
  pendingReveal = null;
  current.setPosition({ lineNumber: line, column });
  current.revealLineInCenter(line);
  focusEditor(current);
}

/**
 * Gives the editor the focus, unless the palette or quick open is up: a file that finishes
 * opening after the person pressed F1 must not pull the focus away, which would close the
 * picker under their fingers.
 */
export function focusEditor(instance: editor.IStandaloneCodeEditor) {
  if (useUi.getState().overlay) return;
  instance.focus();
}
