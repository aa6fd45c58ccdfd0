import { useEffect, useState } from 'react';
import type { editor } from 'monaco-editor';
import { Icon } from '../../ui/icons';
import { openFile } from '../editor/documents';
import { revealLine } from '../editor/editor-instance';
import { loadMonaco } from '../editor/monaco-loader';

interface Problem {
  path: string;
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
  source?: string;
}

/** Diagnostics of the open files, from Monaco's language services (and later the EARS lint). */
export function Problems() {
  const [problems, setProblems] = useState<Problem[]>([]);
  useEffect(() => {
    let off = () => {};
    void loadMonaco().then((monaco) => {
      const collect = () => {
        const markers: editor.IMarker[] = monaco.editor.getModelMarkers({});
        setProblems(
          markers
            .filter((m) => m.resource.scheme === 'workspace')
            .map((m): Problem => ({
              path: m.resource.path.slice(1),
              line: m.startLineNumber,
              column: m.startColumn,
              message: m.message,
              severity: m.severity >= monaco.MarkerSeverity.Error ? 'error' : m.severity >= monaco.MarkerSeverity.Warning ? 'warning' : 'info',
              ...(m.source ? { source: m.source } : {}),
            }))
            .sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line),
        );
      };
      collect();
      // Keep the disposable: a detached `.dispose` loses its `this` and throws on unmount.
      const listener = monaco.editor.onDidChangeMarkers(collect);
      off = () => listener.dispose();
    });
    return () => off();
  }, []);

  if (problems.length === 0) return <p className="panel-empty">No problems have been detected in the open files.</p>;
  return (
    <ul className="problems" aria-label="Problems">
      {problems.map((p, i) => (
        <li key={i}>
          <button
            className="problem"
            onClick={async () => {
              await openFile(p.path);
              revealLine(p.line, p.column);
            }}
          >
            <Icon name={p.severity} size={14} className={`severity ${p.severity}`} />
            <span className="problem-message">{p.message}</span>
            <span className="muted">
              {p.source ? `${p.source} · ` : ''}
              {p.path}:{p.line}:{p.column}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
