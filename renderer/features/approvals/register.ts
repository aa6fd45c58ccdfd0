import { lazy } from 'react';
import { useCommands } from '../../commands/registry';
import { useApp } from '../../stores/app-store';
import { followApprovals, useApprovals } from '../../stores/approvals-store';
import { useUi } from '../../stores/ui-store';
import { useViews } from '../layout/views';
import { ApprovalsView } from './ApprovalsView';

const AuditLogView = lazy(() => import('../audit/AuditLogView').then((m) => ({ default: m.AuditLogView })));

const first = () => useApprovals.getState().pending[0];

/** The approval prompt (secondary side bar), the audit log (panel), and their commands. */
export function registerPolicyViews(): () => void {
  const { register } = useViews.getState();
  const hasWorkspace = () => useApp.getState().workspace !== null;
  const offs = [
    // First in the secondary side bar, above the chat, so that a pending approval is the first thing there.
    register({ id: 'approvals', title: 'Approvals', area: 'aux', icon: 'shield', order: -100, component: ApprovalsView }),
    register({ id: 'audit', title: 'Audit log', area: 'panel', icon: 'shield', order: 50, component: AuditLogView }),
    useCommands.getState().register([
      { id: 'policy.showAuditLog', title: 'Show Audit Log', category: 'Policy', when: hasWorkspace, run: () => useUi.getState().setPanelView('audit') },
      { id: 'policy.showApprovals', title: 'Show Pending Approvals', category: 'Policy', when: hasWorkspace, run: () => useUi.getState().toggleAux(true) },
      { id: 'policy.approve', title: 'Approve the Pending Action', category: 'Policy', when: () => !!first(), run: () => useApprovals.getState().respond(first()!.id, 'approve') },
      { id: 'policy.reject', title: 'Reject the Pending Action', category: 'Policy', when: () => !!first(), run: () => useApprovals.getState().respond(first()!.id, 'reject') },
    ]),
    followApprovals(),
  ];
  return () => offs.forEach((off) => off());
}
