import type { KeyboardEvent } from 'react';
import type { DiffFile } from '../../../shared/contract/checkpoints';
import { useCheckpoints } from '../../stores/checkpoints-store';
import { Icon } from '../../ui/icons';
import { revertAll, revertFile, viewAllChanges } from './actions';
import { DiffEditor } from './DiffEditor';
import { useCheckpointFeed } from './feed';
import { baseName, dirName, plural } from './format';
import './checkpoints.css';

const STATUS: Record<DiffFile['status'], { letter: string; word: string }> = {
  added: { letter: 'A', word: 'added' },
  modified: { letter: 'M', word: 'modified' },
  deleted: { letter: 'D', word: 'deleted' },
};

/**
 * Every file changed between two points (a checkpoint and another, or the disk now): the
 * list on the left with status and line counts, the selected file in Monaco's diff editor.
 */
export function ChangesView() {
  useCheckpointFeed();
  const view = useCheckpoints((s) => s.changes);
  const list = useCheckpoints((s) => s.list);

  if (!view) {
    return (
      <div className="panel-empty">
        <p>Nothing to compare yet.</p>
        <button className="button small" onClick={() => void viewAllChanges()}>
          View all changes
        </button>
      </div>
    );
  }

  const from = list?.checkpoints.find((c) => c.id === view.from);
  const to = view.to === 'working' ? null : list?.checkpoints.find((c) => c.id === view.to);
  const beforeLabel = from ? `“${from.label}”` : 'Before';
  const afterLabel = view.to === 'working' ? 'Now' : to ? `“${to.label}”` : 'After';
  const files = view.files ?? [];
  const adds = files.reduce((n, f) => n + (f.additions ?? 0), 0);
  const dels = files.reduce((n, f) => n + (f.deletions ?? 0), 0);
  const selected = files.find((f) => f.path === view.selected);

  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const i = files.findIndex((f) => f.path === view.selected);
    const next = files[Math.max(0, Math.min(files.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      void useCheckpoints.getState().selectFile(next.path);
      e.currentTarget.querySelector<HTMLElement>(`[data-path="${CSS.escape(next.path)}"]`)?.focus();
    }
    e.preventDefault();
  };

  return (
    <section className="changes" role="region" aria-label={view.title}>
      <header className="changes-header">
        <h2>{view.title}</h2>
        <span className="muted" role="status">
          {view.loading ? 'Comparing…' : files.length ? `${plural(files.length, 'file')} · +${adds} −${dels}` : 'No differences'}
        </span>
        <span className="spacer" />
        {view.sessionId && files.length > 0 && (
          <button className="button small danger" onClick={() => void revertAll()}>
            Revert all changes
          </button>
        )}
        <button className="icon-button" aria-label="Refresh changes" title="Refresh changes" onClick={() => void useCheckpoints.getState().refreshChanges()}>
          <Icon name="refresh" size={14} />
        </button>
        <button className="icon-button" aria-label="Close changes" title="Close changes" onClick={() => useCheckpoints.getState().closeChanges()}>
          <Icon name="close" size={14} />
        </button>
      </header>
      <div className="changes-body">
        <ul className="changes-files" aria-label="Changed files" onKeyDown={onListKey}>
          {files.map((f) => (
            <li key={f.path} className={f.path === view.selected ? 'selected' : undefined}>
              <button
                className="changes-file link-button"
                data-path={f.path}
                aria-current={f.path === view.selected ? 'true' : undefined}
                title={`${f.path} — ${STATUS[f.status].word}`}
                onClick={() => void useCheckpoints.getState().selectFile(f.path)}
              >
                <span className={`status ${f.status}`} aria-label={STATUS[f.status].word}>
                  {STATUS[f.status].letter}
                </span>
                <span className="name">{baseName(f.path)}</span>
                <span className="dir">{dirName(f.path)}</span>
                <span className="lines">{f.binary ? 'binary' : f.additions === null ? '' : `+${f.additions} −${f.deletions}`}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="changes-diff">
          {selected && (
            <div className="changes-file-bar">
              <span className="path" title={selected.path}>
                {selected.path}
              </span>
              {selected.oldMode && selected.newMode && (
                <span className="muted">
                  mode {selected.oldMode} → {selected.newMode}
                </span>
              )}
              <span className="muted">
                {beforeLabel} ↔ {afterLabel}
              </span>
              <span className="spacer" />
              <button className="button small" onClick={() => void revertFile(selected.path)} title={`Put ${selected.path} back as it was at ${beforeLabel}`}>
                Revert file
              </button>
            </div>
          )}
          {view.file && view.file.path === view.selected ? (
            <DiffEditor file={view.file} beforeLabel={beforeLabel} afterLabel={afterLabel} />
          ) : (
            <div className="changes-placeholder">{view.loading || files.length ? 'Loading…' : `No file differs: the files at ${afterLabel === 'Now' ? 'this moment' : afterLabel} are as they were at ${beforeLabel}.`}</div>
          )}
        </div>
      </div>
    </section>
  );
}
