import { create } from 'zustand';
import type { ApprovalAnswer, PendingApproval, PolicyStatus, TrustScope } from '../../shared/contract/policy';
import { api } from '../api/client';
import { useUi } from './ui-store';
import { notifyError } from './notifications';
import { forEachWorkspace, useApp } from './app-store';

interface ApprovalsStore {
  pending: PendingApproval[];
  status: PolicyStatus | null;
  /** An answer is on its way to the host: the buttons wait. */
  answering: string | null;
  respond(id: string, answer: ApprovalAnswer, trust?: { rule: string; scope: TrustScope }): Promise<void>;
}

export const useApprovals = create<ApprovalsStore>((set) => ({
  pending: [],
  status: null,
  answering: null,
  async respond(id, answer, trust) {
    set({ answering: id });
    try {
      await api.call('policy.respond', { id, answer, ...(trust ? { trust } : {}) });
    } catch (e) {
      notifyError(e);
    } finally {
      set({ answering: null });
    }
  },
}));

/**
 * Follows the open workspace's pending approvals and policy status. A new approval opens
 * the secondary side bar (where the prompt lives) so that it cannot go unseen.
 */
export function followApprovals(): () => void {
  const set = useApprovals.setState;
  return forEachWorkspace(() => {
    set({ pending: [], status: null });
    if (!useApp.getState().workspace) return;
    const offs = [
      api.subscribe('policy.approvals', {}, {
        event: ({ pending }) => {
          const before = new Set(useApprovals.getState().pending.map((p) => p.id));
          set({ pending });
          if (pending.some((p) => !before.has(p.id))) useUi.getState().toggleAux(true);
        },
        end: () => {},
      }),
      api.subscribe('policy.statusChanges', {}, { event: (status) => set({ status }), end: () => {} }),
    ];
    return () => offs.forEach((off) => off());
  });
}
