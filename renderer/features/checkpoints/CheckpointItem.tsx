import type { Checkpoint } from '../../../shared/contract/checkpoints';
import { useCheckpoints } from '../../stores/checkpoints-store';
import { Icon } from '../../ui/icons';
import { revertTo, viewCheckpointChanges } from './actions';
import { baseName, countChanges, describeSource, dirName, fullTime, plural, relativeTime } from './format';

const STATUS = { added: { letter: 'A', word: 'added' }, modified: { letter: 'M', word: 'modified' }, deleted: { letter: 'D', word: 'deleted' } } as const;

/**
 * One checkpoint: its label, when, what made it, what it changed (expandable into the
 * files, each opening its diff), and "Revert to checkpoint". Its accessible name starts
 * with the label (UI contract).
 */
export function CheckpointItem({ checkpoint: c, isLatest, isFirst, now }: { checkpoint: Checkpoint; isLatest: boolean; isFirst: boolean; now: number }) {
  const expanded = useCheckpoints((s) => !!s.expanded[c.id]);
  const n = countChanges(c);
  const when = relativeTime(c.time, now);
  const source = describeSource(c);
  const summary = isFirst && c.reason === 'session-start' ? `${plural(n, 'file')} at the start` : n ? plural(n, 'file') + ' changed' : 'no file changed';
  const detailsId = `checkpoint-files-${c.id}`;

  return (
    <li className={`checkpoint${isLatest ? ' latest' : ''} reason-${c.reason}`} aria-label={`${c.label}, ${when}, ${source}, ${summary}`}>
      <span className="checkpoint-dot" aria-hidden="true" />
      <div className="checkpoint-main">
        <div className="checkpoint-title">
          <button
            className="checkpoint-label link-button"
            data-checkpoint-head
            aria-expanded={expanded}
            aria-controls={detailsId}
            title={`${c.label} — ${expanded ? 'hide' : 'show'} the changed files`}
            onClick={() => useCheckpoints.getState().toggleExpanded(c.id)}
          >
            <Icon name={expanded ? 'chevronDown' : 'chevronRight'} size={12} className="checkpoint-twisty" />
            <span>{c.label}</span>
          </button>
          <time dateTime={new Date(c.time).toISOString()} title={fullTime(c.time)}>
            {when}
          </time>
        </div>
        <div className="checkpoint-meta">
          <span className="checkpoint-source" title={source}>
            {source}
          </span>
          {n > 0 && (
            <span className="checkpoint-counts" aria-label={`${c.counts.added} added, ${c.counts.modified} modified, ${c.counts.deleted} deleted`}>
              {c.counts.added > 0 && <span className="added">+{c.counts.added}</span>}
              {c.counts.modified > 0 && <span className="modified">~{c.counts.modified}</span>}
              {c.counts.deleted > 0 && <span className="deleted">−{c.counts.deleted}</span>}
            </span>
          )}
          {n === 0 && <span>no changes</span>}
          <button className="checkpoint-revert" aria-label="Revert to checkpoint" onClick={() => void revertTo(c)} title={`Revert to checkpoint: make the files as they were at “${c.label}”`}>
            <Icon name="history" size={12} />
            Revert
          </button>
        </div>
        {c.warnings.length > 0 && (
          <p className="checkpoint-warning">
            <Icon name="warning" size={12} /> {c.warnings[0]}
            {c.warnings.length > 1 ? ` (+${c.warnings.length - 1} more)` : ''}
          </p>
        )}
        {expanded && (
          <div id={detailsId} className="checkpoint-details">
            {n > 0 && (
              <ul className="checkpoint-files" aria-label={`Files changed in ${c.label}`}>
                {c.files.map((f) => (
                  <li key={f.path}>
                    <button className="checkpoint-file link-button" title={`${f.path} (${STATUS[f.status].word}) — show the diff`} onClick={() => void viewCheckpointChanges(c, f.path)}>
                      <span className={`status ${f.status}`} aria-label={STATUS[f.status].word}>
                        {STATUS[f.status].letter}
                      </span>
                      <span className="name">{baseName(f.path)}</span>
                      <span className="dir">{dirName(f.path)}</span>
                    </button>
                  </li>
                ))}
                {c.moreFiles > 0 && <li className="muted">… and {plural(c.moreFiles, 'more file')}</li>}
              </ul>
            )}
            {c.skipped.length > 0 && (
              <p className="checkpoint-skipped">
                Left out: {c.skipped.slice(0, 4).map((s) => `${s.path} (${s.why.replace('-', ' ')})`).join(', ')}
                {c.skipped.length > 4 ? `, and ${c.skipped.length - 4} more` : ''}
              </p>
            )}
            {c.restoreOf && <p className="muted">Saved before reverting {c.restoreOf.path ? `${c.restoreOf.path} ` : ''}to “{c.restoreOf.label}”.</p>}
            <button className="button small" onClick={() => void viewCheckpointChanges(c)}>
              Show changes
            </button>
          </div>
        )}
      </div>
    </li>
  );
}
