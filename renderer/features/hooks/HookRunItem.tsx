import { useState } from 'react';
import type { HookRun } from '../../../shared/contract/hooks';
import { openTaskSession } from '../specs/open-session';
import { duration, runCause, STATUS_LABEL } from './describe';

const clock = (ms: number) => new Date(ms).toLocaleTimeString();

/**
 * One run of a hook: outcome, duration, what set it off; expanded, the command's stdout and
 * stderr (or the agent session it started). The newest run of a hook opens expanded, so the
 * output of the save that just happened is in view without a click.
 */
export function HookRunItem({ run, initiallyOpen }: { run: HookRun; initiallyOpen: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  const finished = run.endedAt !== null;
  const cause = runCause(run);
  const hasOutput = !!(run.stdout.trim() || run.stderr.trim());
  const label = `${STATUS_LABEL[run.status]}${finished ? ` in ${duration(run.durationMs)}` : ''}${cause ? `, ${cause}` : ''}`;
  return (
    <li className={`hook-run run-${run.status}`}>
      <button className="hook-run-head" aria-expanded={open} aria-label={`Run at ${clock(run.queuedAt)}: ${label}`} onClick={() => setOpen(!open)}>
        <span className={`hook-run-status status-${run.status}`}>{STATUS_LABEL[run.status]}</span>
        <span className="hook-run-cause">{cause || (run.trigger === 'userTriggered' ? 'run by hand' : run.trigger)}</span>
        <span className="hook-run-time muted" title={new Date(run.queuedAt).toLocaleString()}>
          {finished ? duration(run.durationMs) : clock(run.queuedAt)}
        </span>
      </button>
      {open && (
        <div className="hook-run-body">
          {run.message && <p className="hook-run-message">{run.message}</p>}
          {run.depth > 1 && <p className="muted">Set off by another hook (chain depth {run.depth}).</p>}
          {run.sessionId && (
            <button className="link-button" onClick={() => openTaskSession(run.sessionId!)}>
              Show the agent session
            </button>
          )}
          {run.stdout.trim() && (
            <pre className="hook-output" aria-label="Output">
              {run.stdout}
            </pre>
          )}
          {run.stderr.trim() && (
            <pre className="hook-output stderr" aria-label="Error output">
              {run.stderr}
            </pre>
          )}
          {!hasOutput && run.action === 'runCommand' && finished && run.status !== 'denied' && run.status !== 'skipped' && <p className="muted">The command printed nothing.</p>}
        </div>
      )}
    </li>
  );
}
