import { useEffect, useRef, useState } from 'react';
import type { editor } from 'monaco-editor';
import { useEditors } from '../../stores/editor-store';
import { getDoc, getModel, rememberViewState } from './documents';
import { focusEditor, setEditorInstance } from './editor-instance';
import { loadMonaco } from './monaco-loader';
import { monacoTheme, type Theme } from './theme';

/** One Monaco editor for the whole workbench; switching tabs swaps its model and view state. */
export function MonacoHost({ path, readOnly, theme }: { path: string; readOnly: boolean; theme: Theme }) {
  const container = useRef<HTMLDivElement>(null);
  const [instance, setInstance] = useState<editor.IStandaloneCodeEditor | null>(null);
  const shownPath = useRef<string | null>(null);

  useEffect(() => {
    let disposed = false;
    let created: editor.IStandaloneCodeEditor | null = null;
    void loadMonaco().then((monaco) => {
      if (disposed || !container.current) return;
      created = monaco.editor.create(container.current, {
        model: null,
        automaticLayout: true,
        fontSize: 13,
        minimap: { enabled: true },
        scrollBeyondLastLine: false,
        renderWhitespace: 'selection',
        theme: monacoTheme(theme),
        ariaLabel: 'Editor content',
      });
      created.onDidChangeCursorPosition((e) => useEditors.getState().setCursor({ line: e.position.lineNumber, column: e.position.column }));
      setEditorInstance(created);
      setInstance(created);
    });
    return () => {
      disposed = true;
      if (created && shownPath.current) rememberViewState(shownPath.current, created.saveViewState());
      setEditorInstance(null);
      created?.dispose();
    };
  }, []);

  useEffect(() => {
    void loadMonaco().then((monaco) => monaco.editor.setTheme(monacoTheme(theme)));
  }, [theme]);

  useEffect(() => {
    if (!instance) return;
    const model = getModel(path);
    if (shownPath.current && shownPath.current !== path) rememberViewState(shownPath.current, instance.saveViewState());
    if (instance.getModel() !== model) {
      instance.setModel(model);
      const state = getDoc(path)?.viewState;
      if (state) instance.restoreViewState(state);
      const pos = instance.getPosition();
      useEditors.getState().setCursor(pos ? { line: pos.lineNumber, column: pos.column } : null);
    }
    shownPath.current = path;
    instance.updateOptions({ readOnly });
    focusEditor(instance);
  }, [instance, path, readOnly]);

  return <div ref={container} className="monaco-host" data-path={path} />;
}
