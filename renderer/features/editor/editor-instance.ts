import type { editor } from 'monaco-editor';
import { mayTakeFocus } from '../../stores/ui-store';

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

/** Gives the editor the focus, unless a picker has it (see mayTakeFocus). */
export function focusEditor(instance: editor.IStandaloneCodeEditor) {
  if (mayTakeFocus()) instance.focus();
}
