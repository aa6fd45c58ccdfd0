import { useEffect, useRef, useState } from 'react';
import type { editor } from 'monaco-editor';
import type { LocatedIssueView, SettingsFileView, SettingsScope } from '../../../shared/contract';
import { isRpcError } from '../../../shared/rpc/errors';
import { settingsJsonSchema } from '../../../shared/settings/validate';
import { api } from '../../api/client';
import { useEditors } from '../../stores/editor-store';
import { notifyInfo } from '../../stores/notifications';
import { useSettings } from '../../stores/settings-store';
import { viewPath } from '../editor/editor-views';
import { loadMonaco } from '../editor/monaco-loader';
import type { Monaco } from '../editor/monaco';
import { SETTINGS_VIEW } from './settings-ui';
import { mayTakeFocus } from '../../stores/ui-store';

const OWNER = 'specwright-settings';
const SCHEMA_URI = 'specwright://schemas/settings.json';

/** The editor of the open JSON file, for Ctrl/Cmd+S and the close prompt of the Settings tab. */
let active: { save(): Promise<boolean> } | null = null;
export const saveOpenJson = (): Promise<boolean> => active?.save() ?? Promise.resolve(true);

let schemaRegistered = false;
/** Monaco's JSON service checks and completes the files against the settings' own schema, as VS Code does. */
function registerSchema(monaco: Monaco) {
  if (schemaRegistered) return;
  schemaRegistered = true;
  const defaults = monaco.json.jsonDefaults;
  const others = (defaults.diagnosticsOptions.schemas ?? []).filter((s) => s.uri !== SCHEMA_URI);
  defaults.setDiagnosticsOptions({
    ...defaults.diagnosticsOptions,
    validate: true,
    allowComments: true,
    trailingCommas: 'ignore',
    schemas: [...others, { uri: SCHEMA_URI, fileMatch: ['specwright-settings:/**'], schema: settingsJsonSchema() }],
  });
}

const setDirty = (dirty: boolean) => {
  const path = viewPath(SETTINGS_VIEW);
  if (useEditors.getState().tabs.find((t) => t.path === path)?.dirty !== dirty) useEditors.getState().patch(path, { dirty });
};

/**
 * A settings file as text, like VS Code's settings.json: the user's file (in the data
 * folder, reached through the settings RPC, not the workspace's files) or the workspace's.
 * Saving validates every value; a file with a problem is not saved, and each problem is
 * marked where it is, with its key.
 */
export function JsonEditor({ scope }: { scope: SettingsScope }) {
  const host = useRef<HTMLDivElement>(null);
  const [file, setFile] = useState<SettingsFileView | null>(null);
  const [issues, setIssues] = useState<LocatedIssueView[]>([]);
  const [conflict, setConflict] = useState<string | null>(null);
  const [dirty, setDirtyState] = useState(false);
  const state = useRef<{ monaco: Monaco | null; editor: editor.IStandaloneCodeEditor | null; model: editor.ITextModel | null; saved: number; file: SettingsFileView | null }>({ monaco: null, editor: null, model: null, saved: 0, file: null });
  const view = useSettings((s) => s.view);

  const load = async (keepIfDirty: boolean) => {
    const next = await api.call('settings.readFile', { scope });
    const s = state.current;
    if (!s.model) return;
    const isDirty = s.model.getAlternativeVersionId() !== s.saved;
    if (keepIfDirty && isDirty) {
      if (next.hash !== s.file?.hash) setConflict(`${next.display} was changed on disk while you have unsaved edits here.`);
      return;
    }
    s.file = next;
    setFile(next);
    setConflict(null);
    const text = next.exists ? next.text : '{\n  \n}\n';
    if (s.model.getValue() !== text) {
      s.model.pushStackElement();
      s.model.pushEditOperations([], [{ range: s.model.getFullModelRange(), text }], () => null);
      s.model.pushStackElement();
    }
    s.saved = s.model.getAlternativeVersionId();
    setDirtyState(false);
    setDirty(false);
  };

  const save = async (): Promise<boolean> => {
    const s = state.current;
    if (!s.model || !s.monaco) return false;
    const version = s.model.getAlternativeVersionId();
    try {
      const result = await api.call('settings.writeFile', { scope, text: s.model.getValue(), ...(s.file ? { baseHash: s.file.hash } : {}) });
      setIssues(result.issues);
      s.monaco.editor.setModelMarkers(
        s.model,
        OWNER,
        result.issues.map((i) => ({ severity: s.monaco!.MarkerSeverity.Error, message: i.message, startLineNumber: i.line, startColumn: i.column, endLineNumber: i.endLine, endColumn: i.endColumn })),
      );
      if (!result.saved) return false;
      s.file = { ...s.file!, hash: result.hash!, exists: true, text: s.model.getValue() };
      s.saved = version;
      const stillDirty = s.model.getAlternativeVersionId() !== version;
      setDirtyState(stillDirty);
      setDirty(stillDirty);
      setConflict(null);
      notifyInfo(`Saved ${s.file.display}.`);
      return true;
    } catch (e) {
      if (isRpcError(e, 'CONFLICT')) setConflict(e.message);
      else setIssues([{ scope, key: '', message: (e as Error).message, line: 1, column: 1, endLine: 1, endColumn: 1 }]);
      return false;
    }
  };

  const goTo = (i: LocatedIssueView) => {
    const ed = state.current.editor;
    if (!ed) return;
    ed.setPosition({ lineNumber: i.line, column: i.column });
    ed.revealLineInCenter(i.line);
    ed.focus();
  };

  useEffect(() => {
    let disposed = false;
    const s = state.current;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      registerSchema(monaco);
      const uri = monaco.Uri.parse(`specwright-settings:/${scope}/settings.json`);
      monaco.editor.getModel(uri)?.dispose();
      const model = monaco.editor.createModel('', 'json', uri);
      const ed = monaco.editor.create(host.current, { model, automaticLayout: true, minimap: { enabled: false }, scrollBeyondLastLine: false, ariaLabel: `${scope === 'user' ? 'User' : 'Workspace'} settings (JSON)`, tabSize: 2 });
      Object.assign(s, { monaco, editor: ed, model, saved: model.getAlternativeVersionId() });
      model.onDidChangeContent(() => {
        const d = model.getAlternativeVersionId() !== s.saved;
        setDirtyState(d);
        setDirty(d);
      });
      active = { save };
      void load(false).then(() => mayTakeFocus() && ed.focus());
    });
    return () => {
      disposed = true;
      active = null;
      setDirty(false);
      s.editor?.dispose();
      s.model?.dispose();
      Object.assign(s, { editor: null, model: null, file: null });
    };
    // One editor per scope; `save` and `load` read the current state through the ref.
  }, [scope]);

  // The file changed on disk (another window, Run and trust, an editor): show it, unless there are edits here.
  useEffect(() => {
    if (state.current.model) void load(true);
  }, [view]);

  return (
    <div className="settings-json">
      <div className="settings-json-bar">
        <span className={dirty ? 'settings-json-status dirty' : 'settings-json-status'} role="status">
          {dirty ? 'Unsaved changes — Save checks every value first.' : file && !file.exists ? 'This file does not exist yet; Save creates it.' : 'Comments and formatting are kept as you write them.'}
        </span>
        <button className="button small" onClick={() => void load(false)} title="Discard edits and show the file as it is on disk">
          Reload
        </button>
        <button className="button small primary" aria-label="Save settings file" onClick={() => void save()}>
          Save
        </button>
      </div>
      {conflict && (
        <div className="banner warning" role="alert">
          <span>{conflict}</span>
          <button className="button small" onClick={() => void load(false)}>
            Load disk version
          </button>
        </div>
      )}
      {issues.length > 0 && (
        <div className="settings-json-issues" role="alert" aria-label="Problems in the file">
          <p>
            <strong>Not saved.</strong> {issues.length === 1 ? 'One value needs' : `${issues.length} values need`} fixing first:
          </p>
          <ul>
            {issues.map((i) => (
              <li key={`${i.line}:${i.column}:${i.message}`}>
                <button className="link-button" onClick={() => goTo(i)}>
                  Line {i.line}
                </button>{' '}
                {i.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div ref={host} className="settings-json-editor" />
    </div>
  );
}
