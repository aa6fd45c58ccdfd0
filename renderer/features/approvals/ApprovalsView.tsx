import { useApp } from '../../stores/app-store';
import { useApprovals } from '../../stores/approvals-store';
import { useUi } from '../../stores/ui-store';
import { ApprovalPrompt } from './ApprovalPrompt';
import './approvals.css';

/**
 * The approvals area of the secondary side bar (beside the chat): the oldest pending
 * approval in full, or, when nothing waits, what the policy currently is.
 */
export function ApprovalsView() {
  const pending = useApprovals((s) => s.pending);
  const first = pending[0];
  if (first) return <ApprovalPrompt key={first.id} approval={first} more={pending.length - 1} />;
  return <PolicySummary />;
}

function PolicySummary() {
  const status = useApprovals((s) => s.status);
  const autopilot = useApp((s) => s.autopilot);
  const errors = status?.diagnostics.filter((d) => d.severity === 'error') ?? [];
  const warnings = status?.diagnostics.filter((d) => d.severity === 'warning') ?? [];
  return (
    <section className="policy-summary" aria-label="Policy">
      <h3>Policy</h3>
      <p>
        <strong>{autopilot ? 'Autopilot' : 'Supervised'}</strong>:{' '}
        {autopilot ? 'file edits inside the workspace apply without asking; commands need a trust rule.' : 'every change waits for your approval.'} Nothing is waiting for you.
      </p>
      {status && (
        <>
          {errors.length + warnings.length > 0 && (
            <ul className="policy-diagnostics" aria-label="Policy problems">
              {[...errors, ...warnings].map((d, i) => (
                <li key={i} className={d.severity === 'error' ? 'diag-error' : 'diag-warning'} role={d.severity === 'error' ? 'alert' : undefined}>
                  <strong>{d.source}</strong>: {d.message}
                </li>
              ))}
            </ul>
          )}
          <p className="muted">{status.trustRules.length === 0 ? 'No trusted commands yet.' : 'Trusted commands:'}</p>
          {status.trustRules.length > 0 && (
            <ul className="rule-chips" aria-label="Trusted commands">
              {status.trustRules.map((r, i) => (
                <li key={i} title={`${r.scope === 'user' ? 'User' : 'Workspace'} settings`}>
                  <code>{r.pattern}</code> <span className="muted">{r.scope}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="muted">
            Guardrails ({status.guardrails.file}):{' '}
            {!status.guardrails.exists
              ? 'none.'
              : `${status.guardrails.deny.actions.length + status.guardrails.deny.resources.length + status.guardrails.deny.patterns.length} deny, ${
                  status.guardrails.requireApproval.files.length + status.guardrails.requireApproval.patterns.length
                } require-approval rules${status.guardrails.intact ? '.' : ' (the file has errors).'}`}
          </p>
        </>
      )}
      <button className="button small" onClick={() => useUi.getState().setPanelView('audit')}>
        Open the audit log
      </button>
    </section>
  );
}
