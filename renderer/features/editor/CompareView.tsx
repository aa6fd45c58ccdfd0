import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { useEditors } from '../../stores/editor-store';
import { notifyError } from '../../stores/notifications';
import { getModel, reloadFromDisk, saveFile } from './documents';
import { loadMonaco } from './monaco-loader';
import { monacoTheme, type Theme } from './theme';

/** The disk's version beside the editor's, for resolving a save conflict. */
export function CompareView({ path, theme }: { path: string; theme: Theme }) {
  const container = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const name = path.slice(path.lastIndexOf('/') + 1);

  useEffect(() => {
    let dispose = () => {};
    void Promise.all([loadMonaco(), api.call('workspace.read', { path }).catch((e) => (notifyError(e), null))]).then(([monaco, disk]) => {
      const modified = getModel(path);
      if (!container.current || !modified) return;
      const original = monaco.editor.createModel(disk?.kind === 'text' ? disk.text : '', modified.getLanguageId());
      const diff = monaco.editor.createDiffEditor(container.current, { automaticLayout: true, readOnly: false, originalEditable: false, theme: monacoTheme(theme) });
      diff.setModel({ original, modified });
      setReady(true);
      dispose = () => {
        diff.dispose();
        original.dispose();
      };
    });
    return () => dispose();
  }, [path]);

  const done = () => useEditors.getState().setCompare(null);
  return (
    <section className="compare" role="region" aria-label={`Changes: ${name} (disk ↔ editor)`}>
      <div className="banner warning">
        <span>
          <strong>{name}</strong>: left is the file on disk, right is your unsaved version.
        </span>
        <button className="button small" onClick={() => void saveFile(path, { overwrite: true }).then((ok) => ok && done())}>
          Keep mine (overwrite disk)
        </button>
        <button className="button small" onClick={() => void reloadFromDisk(path).then(done)}>
          Use disk version
        </button>
        <button className="button small" onClick={done}>
          Close comparison
        </button>
      </div>
      <div ref={container} className="monaco-host" aria-busy={!ready} />
    </section>
  );
}
