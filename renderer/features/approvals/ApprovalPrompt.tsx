import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PendingApproval, TrustScope } from '../../../shared/contract/policy';
import { formatKeys } from '../../commands/registry';
import { useApprovals } from '../../stores/approvals-store';
import { CommandLegend, CommandLine } from './CommandLine';
import { PermissionDelta } from './PermissionDelta';
import { UnifiedDiff } from './UnifiedDiff';
import { mayTakeFocus } from '../../stores/ui-store';

const KIND_LABEL: Record<PendingApproval['kind'], string> = {
  command: 'Run a command',
  write: 'Change a file',
  delete: 'Delete a file',
  read: 'Read a file',
  fetch: 'Fetch a URL',
  mcp: 'Call an MCP tool',
};

/**
 * One pending approval: exactly what will happen, why it needs a person, and the answer
 * buttons. Focus moves here when it appears (never onto Approve, so a stray Enter cannot
 * approve); Mod+Enter approves and Escape rejects while focus is inside.
 */
export function ApprovalPrompt({ approval, more }: { approval: PendingApproval; more: number }) {
  const respond = useApprovals((s) => s.respond);
  const answering = useApprovals((s) => s.answering === approval.id);
  const suggestions = approval.decision.command?.suggestions ?? [];
  const [rule, setRule] = useState(suggestions[0] ?? '');
  const [scope, setScope] = useState<TrustScope>('workspace');
  const region = useRef<HTMLElement>(null);

  useEffect(() => {
    setRule(suggestions[0] ?? '');
    if (mayTakeFocus()) region.current?.focus();
    // A new approval replaces the previous one: reset the choices and take focus.
  }, [approval.id]);

  const { decision, view } = approval;
  const risk = decision.risk;
  const isCommand = approval.kind === 'command';
  const approve = () => void respond(approval.id, 'approve');
  const reject = () => void respond(approval.id, 'reject');
  const runAndTrust = () => void respond(approval.id, 'runAndTrust', { rule, scope });
  const onKeyDown = (e: KeyboardEvent) => {
    if (answering) return;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      approve();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      reject();
    }
  };

  return (
    <section ref={region} className={`approval risk-${risk.level}`} role="region" aria-label="Approval required" aria-describedby={`why-${approval.id}`} tabIndex={-1} onKeyDown={onKeyDown}>
      <header className="approval-header">
        <span className="approval-title">Approval required</span>
        <span className="approval-kind">{KIND_LABEL[approval.kind]}</span>
        <span className={`badge badge-${risk.level}`}>{risk.level === 'low' ? 'low risk' : `${risk.level} risk`}</span>
        <span className={`badge badge-mode`} title="The mode this was proposed in">
          {approval.mode === 'autopilot' ? 'Autopilot' : 'Supervised'}
        </span>
      </header>
      <p className="approval-meta muted">
        Asked by {approval.actor} · {new Date(approval.createdAt).toLocaleTimeString()}
        {more > 0 && ` · ${more} more waiting`}
      </p>

      {view.command && (
        <>
          <CommandLine line={view.command.line} facts={decision.command} />
          <CommandLegend />
          <p className="approval-cwd">
            <span className="muted">in</span> {view.command.cwd === '.' || view.command.cwd === '' ? <span>the workspace folder</span> : <code>{view.command.cwd}</code>}
          </p>
        </>
      )}
      {view.file && (
        <>
          <p className="approval-file">
            <code>{view.file.path}</code>{' '}
            <span className="diff-stats" aria-label={`${view.file.added} lines added, ${view.file.removed} lines removed`}>
              <span className="diff-added">+{view.file.added}</span> <span className="diff-removed">−{view.file.removed}</span>
            </span>
            {view.file.change !== 'edit' && <span className="badge">{view.file.change === 'create' ? 'new file' : 'delete'}</span>}
          </p>
          {view.file.permissionDelta && <PermissionDelta delta={view.file.permissionDelta} />}
          <UnifiedDiff patch={view.file.patch} label={`Changes to ${view.file.path}`} />
          {view.file.truncated && <p className="muted">The diff is long; only its beginning is shown. The counts cover the whole change.</p>}
        </>
      )}
      {view.fetch && (
        <pre className="approval-command">
          {view.fetch.method} {view.fetch.url}
        </pre>
      )}
      {view.mcp && (
        <>
          <pre className="approval-command">
            {view.mcp.server} / {view.mcp.tool}
          </pre>
          <pre className="approval-input" aria-label="Tool input">
            {view.mcp.input}
          </pre>
        </>
      )}
      {!view.command && !view.file && !view.fetch && !view.mcp && <pre className="approval-command">{view.title}</pre>}

      <div id={`why-${approval.id}`} className="approval-why">
        <h4>Why this needs you</h4>
        <ul>
          {decision.reasons.map((r, i) => (
            <li key={i} className={r.startsWith('High risk') ? 'reason-high' : undefined}>
              {r}
            </li>
          ))}
          {risk.reasons
            .filter((r) => !risk.high.includes(r))
            .map((r, i) => (
              <li key={`r${i}`} className="reason-note">
                Note: {r}
              </li>
            ))}
        </ul>
      </div>

      {isCommand && (
        <fieldset className="approval-trust" disabled={answering || suggestions.length === 0}>
          <legend>Run and trust adds a rule</legend>
          {suggestions.length === 0 ? (
            <p className="muted">This command cannot be trusted by a rule: what it does always needs a person. Approve it once instead.</p>
          ) : (
            <>
              <div role="radiogroup" aria-label="Trust rule to add" className="radio-row">
                {suggestions.map((s) => (
                  <label key={s} className="radio">
                    <input type="radio" name={`rule-${approval.id}`} value={s} checked={rule === s} onChange={() => setRule(s)} />
                    <code>{s}</code>
                  </label>
                ))}
              </div>
              <div role="radiogroup" aria-label="Save the rule for" className="radio-row">
                <label className="radio">
                  <input type="radio" name={`scope-${approval.id}`} checked={scope === 'workspace'} onChange={() => setScope('workspace')} />
                  this workspace
                </label>
                <label className="radio">
                  <input type="radio" name={`scope-${approval.id}`} checked={scope === 'user'} onChange={() => setScope('user')} />
                  all my workspaces
                </label>
              </div>
            </>
          )}
        </fieldset>
      )}

      <div className="approval-actions">
        <button className="button primary" onClick={approve} disabled={answering} title={`Approve (${formatKeys('Mod+Enter')})`}>
          Approve
        </button>
        {isCommand && (
          <button className="button" onClick={runAndTrust} disabled={answering || suggestions.length === 0 || !rule} title={rule ? `Run it and trust '${rule}' from now on` : undefined}>
            Run and trust
          </button>
        )}
        <button className="button danger" onClick={reject} disabled={answering} title="Reject (Escape)">
          Reject
        </button>
        <span className="approval-keys muted" aria-hidden="true">
          <kbd>{formatKeys('Mod+Enter')}</kbd> approve · <kbd>Esc</kbd> reject
        </span>
      </div>
    </section>
  );
}
