import { useEffect, useRef, useState } from 'react';
import type { editor } from 'monaco-editor';
import type { FileDiff, FileSide } from '../../../shared/contract/checkpoints';
import { languageFor } from '../editor/languages';
import { loadMonaco } from '../editor/monaco-loader';
import { monacoTheme, useTheme } from '../editor/theme';
import { formatBytes } from './format';

const textOf = (side: FileSide) => (side.kind === 'text' ? side.text : '');

function describe(side: FileSide): string {
  if (side.kind === 'absent') return 'does not exist';
  if (side.kind === 'binary') return `binary, ${formatBytes(side.size)}`;
  if (side.kind === 'tooLarge') return `${formatBytes(side.size)}, too large to show`;
  return 'text';
}

/** Monaco's side-by-side diff of one file, read-only; binary and huge files get a sentence instead. */
export function DiffEditor({ file, beforeLabel, afterLabel }: { file: FileDiff; beforeLabel: string; afterLabel: string }) {
  const host = useRef<HTMLDivElement>(null);
  const diff = useRef<editor.IStandaloneDiffEditor | null>(null);
  const [ready, setReady] = useState(false);
  const theme = useTheme();
  const showable = file.before.kind !== 'binary' && file.before.kind !== 'tooLarge' && file.after.kind !== 'binary' && file.after.kind !== 'tooLarge';

  useEffect(() => {
    if (!showable) return;
    let disposed = false;
    let models: editor.ITextModel[] = [];
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      diff.current ??= monaco.editor.createDiffEditor(host.current, {
        automaticLayout: true,
        readOnly: true,
        originalEditable: false,
        renderSideBySide: true,
        useInlineViewWhenSpaceIsLimited: true,
        scrollBeyondLastLine: false,
        minimap: { enabled: false },
        ariaLabel: `${file.path}: ${beforeLabel} compared with ${afterLabel}`,
      });
      monaco.editor.setTheme(monacoTheme(theme));
      const language = languageFor(monaco, file.path);
      models = [monaco.editor.createModel(textOf(file.before), language), monaco.editor.createModel(textOf(file.after), language)];
      diff.current.setModel({ original: models[0]!, modified: models[1]! });
      setReady(true);
    });
    return () => {
      disposed = true;
      diff.current?.setModel(null);
      for (const m of models) m.dispose();
    };
  }, [file, showable, theme, beforeLabel, afterLabel]);

  useEffect(
    () => () => {
      diff.current?.dispose();
      diff.current = null;
    },
    [],
  );

  // The editor's element stays mounted (hidden) so one diff editor serves every file.
  return (
    <>
      {!showable && (
        <div className="changes-placeholder">
          <p>
            <strong>{file.path}</strong> cannot be shown as text.
          </p>
          <p>
            {beforeLabel}: {describe(file.before)} · {afterLabel}: {describe(file.after)}
          </p>
        </div>
      )}
      <div ref={host} className="changes-monaco" aria-busy={showable && !ready} hidden={!showable} />
    </>
  );
}
