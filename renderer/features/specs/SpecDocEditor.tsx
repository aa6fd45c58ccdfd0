import { useEffect, useRef, useState } from 'react';
import type { editor as MonacoEditor } from 'monaco-editor';
import type { SpecFileView } from '../../../shared/contract/specs';
import { toMarkerData } from '../../../shared/kiro/diagnostics';
import { parseSpec, type SpecFileName, type SpecTexts } from '../../../shared/kiro/spec';
import { isRpcError } from '../../../shared/rpc/errors';
import { api } from '../../api/client';
import { notifyError } from '../../stores/notifications';
import { loadMonaco } from '../editor/monaco-loader';
import { monacoTheme } from '../editor/theme';
import { mayTakeFocus } from '../../stores/ui-store';

interface Loaded {
  path: string;
  model: MonacoEditor.ITextModel;
  hash: string;
  encoding: 'utf8' | 'utf8bom';
  savedVersion: number;
}

const OWNER = 'specwright-spec';

/**
 * One spec document in Monaco, editable, with the EARS and traceability notes as markers —
 * recomputed as the person types (the parsers are the same pure code the host runs). Saving
 * (Ctrl/Cmd+S) writes through the workspace with the hash it read, so an edit made on disk
 * meanwhile is never overwritten silently.
 */
export function SpecDocEditor({ file, others, readOnly, revealLine, onSaved }: { file: SpecFileView; others: SpecFileView[]; readOnly: boolean; revealLine: number | null; onSaved?: () => void }) {
  const container = useRef<HTMLDivElement>(null);
  const editorRef = useRef<MonacoEditor.IStandaloneCodeEditor | null>(null);
  const loaded = useRef<Loaded | null>(null);
  const [instance, setInstance] = useState<MonacoEditor.IStandaloneCodeEditor | null>(null);
  const [dirty, setDirty] = useState(false);
  const [conflict, setConflict] = useState(false);
  const othersRef = useRef(others);
  othersRef.current = others;

  const markers = () => {
    const l = loaded.current;
    if (!l) return;
    const texts: SpecTexts = {};
    for (const o of othersRef.current) if (o.text !== null) texts[o.file as SpecFileName] = o.text;
    texts[file.file as SpecFileName] = l.model.getValue();
    const ds = parseSpec(texts).diagnostics[file.file as SpecFileName] ?? [];
    void loadMonaco().then((monaco) => monaco.editor.setModelMarkers(l.model, OWNER, ds.map(toMarkerData)));
  };

  const save = async () => {
    const l = loaded.current;
    if (!l) return;
    try {
      const r = await api.call('workspace.write', { path: l.path, text: l.model.getValue(), encoding: l.encoding, expectedHash: l.hash });
      l.hash = r.hash;
      l.savedVersion = l.model.getAlternativeVersionId();
      setDirty(false);
      setConflict(false);
      onSaved?.();
    } catch (e) {
      if (isRpcError(e) && e.code === 'CONFLICT') setConflict(true);
      else notifyError(e);
    }
  };
  const saveRef = useRef(save);
  saveRef.current = save;

  const load = async (path: string, keepView: boolean) => {
    const [monaco, read] = await Promise.all([loadMonaco(), api.call('workspace.read', { path })]);
    if (read.kind !== 'text') return;
    const uri = monaco.Uri.from({ scheme: 'specwright-spec', path: `/${path}` });
    let model = monaco.editor.getModel(uri);
    if (model && model.getValue() !== read.text) {
      const view = keepView ? editorRef.current?.saveViewState() : null;
      model.setValue(read.text);
      if (view) editorRef.current?.restoreViewState(view);
    } else if (!model) model = monaco.editor.createModel(read.text, 'markdown', uri);
    loaded.current = { path, model, hash: read.hash, encoding: read.encoding, savedVersion: model.getAlternativeVersionId() };
    setDirty(false);
    setConflict(false);
    if (editorRef.current && editorRef.current.getModel() !== model) editorRef.current.setModel(model);
    markers();
  };

  useEffect(() => {
    let disposed = false;
    let created: MonacoEditor.IStandaloneCodeEditor | null = null;
    void loadMonaco().then((monaco) => {
      if (disposed || !container.current) return;
      created = monaco.editor.create(container.current, {
        model: null,
        automaticLayout: true,
        fontSize: 13,
        minimap: { enabled: false },
        wordWrap: 'on',
        scrollBeyondLastLine: false,
        theme: monacoTheme(document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light'),
        ariaLabel: `${file.file} of the spec`,
        lineNumbersMinChars: 3,
      });
      created.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => void saveRef.current());
      let timer: ReturnType<typeof setTimeout> | undefined;
      created.onDidChangeModelContent(() => {
        const l = loaded.current;
        if (l) setDirty(l.model.getAlternativeVersionId() !== l.savedVersion);
        clearTimeout(timer);
        timer = setTimeout(markers, 200);
      });
      editorRef.current = created;
      setInstance(created);
    });
    return () => {
      disposed = true;
      created?.dispose();
      editorRef.current = null;
    };
    // The editor is created once; the file it shows follows `file.path` below.
  }, []);

  // The file to show, and the disk's text whenever the host reports a change (unless the person has unsaved edits here).
  useEffect(() => {
    if (!instance) return;
    const l = loaded.current;
    if (l && l.path === file.path) {
      if (file.text !== null && file.text !== l.model.getValue()) {
        if (l.model.getAlternativeVersionId() === l.savedVersion) void load(file.path, true).catch(notifyError);
        else setConflict(true);
      } else markers();
      return;
    }
    void load(file.path, false).catch(notifyError);
  }, [instance, file.path, file.text]);

  useEffect(() => {
    instance?.updateOptions({ readOnly });
  }, [instance, readOnly]);

  useEffect(() => {
    if (!instance || revealLine === null) return;
    instance.revealLineInCenter(revealLine);
    instance.setPosition({ lineNumber: revealLine, column: 1 });
    if (mayTakeFocus()) instance.focus();
  }, [instance, revealLine]);

  return (
    <div className="spec-editor">
      {conflict && (
        <div className="banner warning" role="status">
          <span>{file.file} changed on disk while you have unsaved edits here.</span>
          <button className="button small" onClick={() => void load(file.path, true)}>
            Load disk version
          </button>
          <button className="button small" onClick={() => loaded.current && void api.call('workspace.read', { path: file.path }).then((r) => (loaded.current!.hash = r.hash)).then(() => save())}>
            Keep mine
          </button>
        </div>
      )}
      <div className="spec-editor-bar">
        <span className="muted">{file.path}</span>
        {readOnly && <span className="spec-chip">being written by the agent</span>}
        <span className="spacer" />
        <button className="button small" disabled={!dirty} onClick={() => void save()} title="Save (Ctrl/Cmd+S)">
          {dirty ? 'Save' : 'Saved'}
        </button>
      </div>
      <div ref={container} className="spec-editor-host" data-path={file.path} role="region" aria-label={`${file.file} editor`} />
    </div>
  );
}
