import { create } from 'zustand';
import type { SteeringState } from '../../shared/contract/steering';
import { api } from '../api/client';
import { useApp } from './app-store';
import { notifyError } from './notifications';

interface SteeringStore {
  state: SteeringState | null;
  load(): Promise<void>;
}

/** The open workspace's steering files as the host reads them. */
export const useSteering = create<SteeringStore>((set) => ({
  state: null,
  async load() {
    try {
      set({ state: await api.call('steering.state', {}) });
    } catch (e) {
      notifyError(e);
    }
  },
}));

/**
 * Follows the steering of whichever folder is open while the steering view is shown (the
 * view mounts it): nothing else needs the list, so a closed view costs nothing.
 */
export function followSteering(): () => void {
  const { workspace } = useApp.getState();
  if (!workspace) return () => {};
  void useSteering.getState().load();
  return api.subscribe('steering.changes', {}, { event: () => void useSteering.getState().load(), end: () => {} });
}
