import { useEffect, useState, type KeyboardEvent } from 'react';
import { useApp } from '../../stores/app-store';
import { useCheckpoints } from '../../stores/checkpoints-store';
import { Icon } from '../../ui/icons';
import { createCheckpoint, revertAll, sessionStart, undoRevert, verifyCheckpoints, viewAllChanges } from './actions';
import { CheckpointItem } from './CheckpointItem';
import { useCheckpointFeed } from './feed';
import { describeSession, formatBytes, fullTime, plural } from './format';
import './checkpoints.css';

/** The checkpoint timeline of the open workspace: newest first, one session at a time. */
export function Timeline() {
  useCheckpointFeed();
  const list = useCheckpoints((s) => s.list);
  const busy = useCheckpoints((s) => s.busy);
  const selected = useCheckpoints((s) => s.sessionId);
  const workspace = useApp((s) => s.workspace);
  const now = useNow(30_000);
  if (!workspace) return null;

  const sessionId = selected ?? list?.currentSessionId ?? null;
  const items = list?.checkpoints.filter((c) => c.sessionId === sessionId) ?? [];
  const start = list ? sessionStart(sessionId) : null;
  const undo = list?.undo ?? null;

  return (
    <div className="checkpoints">
      <header className="side-header">
        <h2>Checkpoints</h2>
        <div className="side-actions">
          <button className="icon-button" aria-label="Create checkpoint" title="Create checkpoint" onClick={() => void createCheckpoint()} disabled={!!list?.unavailable}>
            <Icon name="newFile" />
          </button>
          <button className="icon-button" aria-label="Verify checkpoints against the disk" title="Verify checkpoints against the disk" onClick={() => void verifyCheckpoints()} disabled={!!list?.unavailable}>
            <Icon name="refresh" />
          </button>
        </div>
      </header>

      {list?.unavailable && (
        <p className="checkpoints-notice error" role="alert">
          {list.unavailable}
        </p>
      )}
      {busy && (
        <p className="checkpoints-busy" role="status">
          <span className="spinner" aria-hidden="true" />
          {busy}…
        </p>
      )}

      {list && list.sessions.length > 1 && (
        <label className="checkpoints-session">
          <span>Session</span>
          <select value={sessionId ?? ''} onChange={(e) => useCheckpoints.getState().selectSession(e.target.value === list.currentSessionId ? null : e.target.value)}>
            {[...list.sessions].reverse().map((s) => (
              <option key={s.id} value={s.id}>
                {describeSession(s, list.currentSessionId, now)}
              </option>
            ))}
          </select>
        </label>
      )}

      <div className="checkpoints-toolbar">
        <button className="button small" onClick={() => void viewAllChanges()} disabled={!start}>
          View all changes
        </button>
        <button className="button small danger" onClick={() => void revertAll()} disabled={!start}>
          Revert all changes
        </button>
      </div>
      {undo && (
        <div className="checkpoints-undo" role="status">
          <span>
            Reverted to “{undo.label}”.
          </span>
          <button className="button small" onClick={() => void undoRevert()}>
            Undo revert
          </button>
        </div>
      )}

      {!list && <p className="side-empty">Loading checkpoints…</p>}
      {list && items.length === 0 && !list.unavailable && <p className="side-empty">No checkpoint in this session yet. Saving a file or the “Create checkpoint” command makes one.</p>}
      <ul className="checkpoint-list" role="list" aria-label="Checkpoints" onKeyDown={moveFocus}>
        {items.map((c, i) => (
          <CheckpointItem key={c.id} checkpoint={c} isLatest={i === 0 && sessionId === list?.currentSessionId} isFirst={i === items.length - 1} now={now} />
        ))}
      </ul>

      {list && !list.unavailable && (
        <footer
          className="checkpoints-footer"
          title={`Stored in ${list.store.location}\nFiles over ${list.store.maxFileSizeMB} MB are left out.${list.store.lastVerifiedAt ? `\nLast verified against the disk: ${fullTime(list.store.lastVerifiedAt)}` : ''}`}
        >
          <span>
            Store {formatBytes(list.store.sizeBytes)} · {plural(list.store.checkpoints, 'checkpoint')} · {plural(list.store.sessions, 'session')}
          </span>
          <span>
            Keeps {plural(list.store.keepSessions, 'session')} or {plural(list.store.keepDays, 'day')}
          </span>
        </footer>
      )}
    </div>
  );
}

/** Up and Down move between checkpoints (their first button), Home and End to either end. */
function moveFocus(e: KeyboardEvent<HTMLUListElement>) {
  if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
  const heads = [...e.currentTarget.querySelectorAll<HTMLElement>('[data-checkpoint-head]')];
  const at = heads.findIndex((h) => h.closest('li')?.contains(document.activeElement));
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? heads.length - 1 : Math.max(0, Math.min(heads.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)));
  heads[next]?.focus();
  e.preventDefault();
}

/** Re-renders every `ms`, so "2 min ago" stays true. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
