import { useState } from 'react';
import type { McpServerInfo } from '../../../shared/contract/mcp';
import { useMcp } from '../../stores/mcp-store';
import { Icon } from '../../ui/icons';
import { ServerLog } from './ServerLog';

const STATE_LABEL: Record<McpServerInfo['state'], string> = { starting: 'Starting', ready: 'Ready', failed: 'Failed', stopped: 'Stopped' };
const VIA: Record<NonNullable<McpServerInfo['connectedVia']>, string> = { stdio: 'stdio', 'streamable-http': 'Streamable HTTP', sse: 'HTTP+SSE' };
const SCOPE_FILE = { workspace: '.kiro/settings/mcp.json', user: '~/.kiro/settings/mcp.json' } as const;

function statusLine(s: McpServerInfo): string {
  if (s.state === 'ready') {
    const shown = s.tools.filter((t) => !t.hidden).length;
    const hidden = s.tools.length - shown;
    const parts = [`${shown} tool${shown === 1 ? '' : 's'}${hidden ? ` (${hidden} hidden)` : ''}`];
    if (s.prompts.length) parts.push(`${s.prompts.length} prompt${s.prompts.length === 1 ? '' : 's'}`);
    if (s.resources.length) parts.push(`${s.resources.length} resource${s.resources.length === 1 ? '' : 's'}`);
    if (s.connectedVia) parts.push(VIA[s.connectedVia]);
    return `Ready · ${parts.join(' · ')}`;
  }
  if (s.state === 'stopped') return s.enabled ? `Stopped${s.reason ? `: ${s.reason}` : ''}` : `Off — turned off in ${s.disabledBy.map((d) => SCOPE_FILE[d]).join(' and ')}`;
  if (s.state === 'starting') return s.reason ? `Restarting — ${s.reason}` : 'Starting…';
  return 'Failed';
}

export function ServerItem({ server: s, onOpenConfig }: { server: McpServerInfo; onOpenConfig: (server: McpServerInfo) => void }) {
  const busy = useMcp((st) => st.busy.includes(s.name));
  const [showTools, setShowTools] = useState(false);
  const [showLog, setShowLog] = useState(false);
  const visible = s.tools.filter((t) => !t.hidden);
  return (
    <li className={`mcp-server state-${s.state}`} aria-label={s.name}>
      <div className="mcp-server-row">
        <span className={`mcp-dot ${s.enabled ? s.state : 'off'}`} aria-hidden="true" />
        <span className="mcp-name" title={s.target}>
          {s.name}
        </span>
        <span className="badge" title={`Defined in ${s.file}${s.overrides ? ' (replaces the user definition of the same name)' : ''}`}>
          {s.scope}
          {s.overrides ? ' ⟵ user' : ''}
        </span>
        <span className="spacer" />
        <button
          className={s.enabled ? 'mcp-switch on' : 'mcp-switch'}
          role="switch"
          aria-checked={s.enabled}
          aria-label={s.name}
          title={s.enabled ? `Turn off ${s.name} (writes "disabled": true)` : `Turn on ${s.name}`}
          disabled={busy}
          onClick={() => void useMcp.getState().setEnabled(s.name, !s.enabled)}
        >
          <span className="switch-track" aria-hidden="true">
            <span className="switch-thumb" />
          </span>
        </button>
      </div>
      <p className={`mcp-status state-${s.state}`}>
        <span className="visually-hidden">{STATE_LABEL[s.state]}: </span>
        {statusLine(s)}
      </p>
      {s.state === 'failed' && s.reason && <p className="mcp-reason">{s.reason}</p>}
      {s.warnings.length > 0 && (
        <ul className="mcp-warnings">
          {s.warnings.map((w) => (
            <li key={w}>
              <Icon name="warning" size={12} />
              <span>{w}</span>
            </li>
          ))}
        </ul>
      )}
      {s.calls.map((c) => (
        <p key={c.id} className="mcp-call muted">
          Running {c.tool}
          {c.progress ? ` — ${c.progress.total ? `${c.progress.progress} of ${c.progress.total}` : c.progress.progress}${c.progress.message ? `: ${c.progress.message}` : ''}` : '…'}
        </p>
      ))}
      <div className="mcp-actions">
        <button className="button small" aria-expanded={showTools} aria-label={`Tools of ${s.name}`} disabled={s.tools.length === 0} onClick={() => setShowTools(!showTools)}>
          Tools {s.tools.length > 0 && <span className="muted">{visible.length}</span>}
        </button>
        <button className="button small" aria-expanded={showLog} aria-label={`Log of ${s.name}`} onClick={() => setShowLog(!showLog)}>
          Log
        </button>
        <button className="button small" aria-label={`Restart ${s.name}`} disabled={busy || !s.enabled} onClick={() => void useMcp.getState().restart(s.name)}>
          Restart
        </button>
        <button className="button small" aria-label={`Open config of ${s.name}`} title={`Open ${s.file}`} onClick={() => onOpenConfig(s)}>
          Config
        </button>
      </div>
      {showTools && (
        <ul className="mcp-tools" aria-label={`Tools of ${s.name}`}>
          {s.tools.map((t) => (
            <li key={t.name} className={t.hidden ? 'hidden-tool' : undefined} title={t.description}>
              <span className="mcp-tool-line">
                <code className="mcp-tool-name">{t.name}</code>
                <span className="muted mcp-tokens">~{t.tokens} tok</span>
              </span>
              {(t.autoApproved || t.hidden || t.readOnly) && (
                <span className="mcp-tool-badges">
                  {t.autoApproved && <span className="badge badge-auto">auto-approved</span>}
                  {t.hidden && <span className="badge">disabledTools</span>}
                  {t.readOnly && <span className="badge">read-only</span>}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {showLog && <ServerLog server={s.name} />}
    </li>
  );
}
