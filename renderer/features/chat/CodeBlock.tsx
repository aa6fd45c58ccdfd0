import { useState } from 'react';
import { notifyError, notifyInfo } from '../../stores/notifications';
import { editorInstance } from '../editor/editor-instance';

/** Puts text where the editor's cursor is (replacing the selection), as one undoable edit. */
export function insertAtCursor(text: string): boolean {
  const editor = editorInstance();
  const model = editor?.getModel();
  if (!editor || !model) {
    notifyInfo('Open a file in the editor first: the code goes where its cursor is.');
    return false;
  }
  const selection = editor.getSelection();
  if (!selection) return false;
  editor.pushUndoStop();
  editor.executeEdits('chat', [{ range: selection, text, forceMoveMarkers: true }]);
  editor.pushUndoStop();
  editor.focus();
  return true;
}

/** A fenced code block of an answer, with Copy and Insert at cursor. */
export function CodeBlock({ code, lang }: { code: string; lang: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch (e) {
      notifyError(e, 'The clipboard is not available here.');
    }
  };
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span className="code-lang">{lang || 'text'}</span>
        <span className="spacer" />
        <button className="link-button" onClick={() => void copy()} aria-label="Copy code">
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button className="link-button" onClick={() => insertAtCursor(code)} aria-label="Insert code at cursor">
          Insert at cursor
        </button>
      </div>
      <pre>
        <code>{code}</code>
      </pre>
    </div>
  );
}
