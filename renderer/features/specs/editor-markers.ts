import type { editor as MonacoEditor } from 'monaco-editor';
import type { SpecFileName, SpecTexts } from '../../../shared/kiro/spec';
import { api } from '../../api/client';
import { loadMonaco } from '../editor/monaco-loader';

const OWNER = 'specwright-spec';
const SPEC_DOC = /^(?:(.*)\/)?\.kiro\/specs\/[^/]+\/(requirements|bugfix|design|tasks)\.md$/;
const SIBLINGS: SpecFileName[] = ['requirements.md', 'bugfix.md', 'design.md', 'tasks.md', '.config.kiro'];

/**
 * EARS and traceability notes as markers wherever a spec document is open in the editor —
 * not only in the spec view: recomputed as the person types, against the spec's other
 * documents as they were when the file was opened.
 */
export function followSpecEditors(): () => void {
  let disposed = false;
  const subs: { dispose(): void }[] = [];
  void loadMonaco().then((monaco) => {
    if (disposed) return;
    const attach = (model: MonacoEditor.ITextModel) => {
      if (model.uri.scheme !== 'workspace') return;
      const rel = model.uri.path.replace(/^\//, '');
      const m = SPEC_DOC.exec(rel);
      if (!m) return;
      const dir = rel.slice(0, rel.lastIndexOf('/'));
      const file = rel.slice(rel.lastIndexOf('/') + 1) as SpecFileName;
      const texts: SpecTexts = {};
      // The parsers load with the first spec document opened, not at startup.
      const parsers = Promise.all([import('../../../shared/kiro/spec'), import('../../../shared/kiro/diagnostics')]);
      const update = () =>
        void parsers.then(([{ parseSpec }, { toMarkerData }]) => {
          if (model.isDisposed()) return;
          const ds = parseSpec({ ...texts, [file]: model.getValue() }).diagnostics[file] ?? [];
          monaco.editor.setModelMarkers(model, OWNER, ds.map(toMarkerData));
        });
      void Promise.all(
        SIBLINGS.filter((f) => f !== file).map((f) =>
          api
            .call('workspace.read', { path: `${dir}/${f}` })
            .then((r) => {
              if (r.kind === 'text') texts[f] = r.text;
            })
            .catch(() => {}),
        ),
      ).then(update);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const sub = model.onDidChangeContent(() => {
        clearTimeout(timer);
        timer = setTimeout(update, 250);
      });
      model.onWillDispose(() => {
        clearTimeout(timer);
        sub.dispose();
      });
    };
    monaco.editor.getModels().forEach(attach);
    subs.push(monaco.editor.onDidCreateModel(attach));
  });
  return () => {
    disposed = true;
    subs.forEach((s) => s.dispose());
  };
}
