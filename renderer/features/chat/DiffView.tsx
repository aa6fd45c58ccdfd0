import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import { openFile } from '../editor/documents';

interface DiffState {
  shown: { path: string; patch: string; title: string } | null;
  show(d: { path: string; patch: string; title: string }): void;
  close(): void;
}

export const useDiffView = create<DiffState>((set) => ({
  shown: null,
  show: (shown) => set({ shown }),
  close: () => set({ shown: null }),
}));

/** What one tool call changed in a file, as a unified diff. */
export function DiffView() {
  const shown = useDiffView((s) => s.shown);
  const close = useDiffView((s) => s.close);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown]);
  if (!shown) return null;
  const lines = shown.patch.split('\n').filter((l, i) => !(i < 2 && /^(---|\+\+\+|Index:) /.test(l)));
  return (
    <section
      ref={ref}
      className="chat-diff"
      role="region"
      aria-label={`Changes: ${shown.path}`}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          close();
        }
      }}
    >
      <div className="chat-diff-bar">
        <strong>{shown.path}</strong>
        <span className="muted">{shown.title}</span>
        <span className="spacer" />
        <button className="button small" onClick={() => void openFile(shown.path)}>
          Open file
        </button>
        <button className="button small" onClick={close}>
          Close
        </button>
      </div>
      <pre className="chat-diff-body">
        {lines.length === 0 || !shown.patch ? (
          <span className="muted">No diff was recorded for this change.</span>
        ) : (
          lines.map((l, i) => (
            <span key={i} className={l.startsWith('+') ? 'diff-line add' : l.startsWith('-') ? 'diff-line del' : l.startsWith('@@') ? 'diff-line hunk' : 'diff-line'}>
              {l || ' '}
              {'\n'}
            </span>
          ))
        )}
      </pre>
    </section>
  );
}
