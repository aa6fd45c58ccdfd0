/** A unified diff drawn as lines: additions, removals and context, hunk by hunk. */
export function UnifiedDiff({ patch, label }: { patch: string; label: string }) {
  const lines = patch.split('\n');
  // Skip the `Index:`/`===`/`---`/`+++` header: the path is already shown above.
  const start = lines.findIndex((l) => l.startsWith('@@'));
  const body = start >= 0 ? lines.slice(start) : [];
  if (body.length === 0) return <p className="muted">No textual change.</p>;
  return (
    <div className="approval-diff" role="region" aria-label={label} tabIndex={0}>
      {body.map((l, i) => {
        if (l === '' && i === body.length - 1) return null;
        const kind = l.startsWith('@@') ? 'hunk' : l.startsWith('+') ? 'add' : l.startsWith('-') ? 'del' : l.startsWith('\\') ? 'meta' : 'ctx';
        return (
          <div key={i} className={`diff-line diff-${kind}`}>
            <span className="diff-sign" aria-hidden="true">
              {kind === 'add' ? '+' : kind === 'del' ? '−' : ' '}
            </span>
            <span className="diff-text">{kind === 'add' || kind === 'del' || kind === 'ctx' ? l.slice(1) : l}</span>
          </div>
        );
      })}
    </div>
  );
}
