import { create } from 'zustand';
import type { ApprovalAnswer, PendingApproval, PolicyStatus, TrustScope } from '../../shared/contract/policy';
import { api } from '../api/client';
import { useUi } from './ui-store';
import { notifyError } from './notifications';
import { useApp } from './app-store';

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
  let offs: (() => void)[] = [];
  const subscribe = () => {
    offs.forEach((off) => off());
    offs = [];
    set({ pending: [], status: null });
    if (!useApp.getState().workspace) return;
    offs.push(
      api.subscribe('policy.approvals', {}, {
        event: ({ pending }) => {
          const before = new Set(useApprovals.getState().pending.map((p) => p.id));
          set({ pending });
          if (pending.some((p) => !before.has(p.id))) useUi.getState().toggleAux(true);
        },
        end: () => {},
      }),
      api.subscribe('policy.statusChanges', {}, { event: (status) => set({ status }), end: () => {} }),
    );
  };
  const set = useApprovals.setState;
  let generation = useApp.getState().generation;
  if (useApp.getState().booted) subscribe();
  const offApp = useApp.subscribe((s) => {
    if (s.generation !== generation) {
      generation = s.generation;
      subscribe();
    }
  });
  return () => {
    offApp();
    offs.forEach((off) => off());
  };
}
