import { useState } from 'react';
import type { HookRun, HookView } from '../../../shared/contract/hooks';
import { useHooks } from '../../stores/hooks-store';
import { Icon } from '../../ui/icons';
import { hookScope, TRIGGER_LABEL } from './describe';
import { HookRunItem } from './HookRunItem';

const SHOWN_RUNS = 3;

/** One hook: switch, trigger and patterns, action, Run for hooks run by hand, and its last runs. */
export function HookItem({ hook: h, runs, onOpenFile }: { hook: HookView; runs: HookRun[]; onOpenFile: (h: HookView) => void }) {
  const busy = useHooks((s) => s.busy.includes(h.id));
  const [all, setAll] = useState(false);
  const scope = hookScope(h);
  const shown = all ? runs : runs.slice(0, SHOWN_RUNS);
  const running = runs.some((r) => r.status === 'running' || r.status === 'queued');
  return (
    <li className={h.enabled ? 'hook-item' : 'hook-item off'} aria-label={h.name}>
      <div className="hook-row">
        <button
          className={h.enabled ? 'hook-switch on' : 'hook-switch'}
          role="switch"
          aria-checked={h.enabled}
          aria-label={h.name}
          title={h.enabled ? `Turn off (writes "enabled": false to ${h.file})` : `Turn on (writes "enabled": true to ${h.file})`}
          disabled={busy}
          onClick={() => void useHooks.getState().setEnabled(h.id, !h.enabled)}
        >
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
        </button>
        <button className="hook-name link-button" title={`Open ${h.file}`} onClick={() => onOpenFile(h)}>
          {h.name}
        </button>
        {h.scope === 'user' && (
          <span className="badge" title={`From ${h.file}, for every workspace`}>
            user
          </span>
        )}
        <span className="spacer" />
        {h.trigger === 'userTriggered' && (
          <button className="button small hook-run-button" aria-label={`Run ${h.name}`} disabled={busy || !h.enabled || running} onClick={() => void useHooks.getState().run(h.id)}>
            <Icon name="play" size={12} />
            Run
          </button>
        )}
      </div>
      <p className="hook-when">
        <span className="hook-trigger" title={`Trigger as written: ${h.rawTrigger}`}>
          {TRIGGER_LABEL[h.trigger]}
        </span>
        {scope && <code className="hook-patterns">{scope}</code>}
      </p>
      <p className="hook-then">
        {h.action.type === 'runCommand' ? (
          <>
            <span className="hook-action-kind">Run</span>
            <code className="hook-command">{h.action.command}</code>
            {h.timeoutSeconds !== null && <span className="muted"> · {h.timeoutSeconds} s</span>}
          </>
        ) : (
          <>
            <span className="hook-action-kind">Ask agent</span>
            <span className="hook-prompt" title={h.action.prompt}>
              {h.action.prompt}
            </span>
          </>
        )}
      </p>
      {h.description && <p className="hook-description muted">{h.description}</p>}
      {runs.length > 0 && (
        <ul className="hook-runs" aria-label={`Runs of ${h.name}`}>
          {shown.map((r, i) => (
            <HookRunItem key={r.id} run={r} initiallyOpen={i === 0} />
          ))}
        </ul>
      )}
      {runs.length > SHOWN_RUNS && (
        <button className="link-button hook-more" onClick={() => setAll(!all)}>
          {all ? 'Show fewer runs' : `Show all ${runs.length} runs`}
        </button>
      )}
    </li>
  );
}
