import { create } from 'zustand';
import { isRpcError } from '../../shared/rpc/errors';

export interface NoticeAction {
  label: string;
  run: () => void;
}
export interface Notice {
  id: number;
  kind: 'error' | 'warning' | 'info';
  message: string;
  actions?: NoticeAction[];
}

interface NotificationStore {
  notices: Notice[];
  push(kind: Notice['kind'], message: string, actions?: NoticeAction[]): number;
  dismiss(id: number): void;
}

let nextId = 1;

/** Toasts: every failure the person should know about ends up here, in words. */
export const useNotifications = create<NotificationStore>((set) => ({
  notices: [],
  push(kind, message, actions) {
    const id = nextId++;
    set((s) => ({ notices: [...s.notices.filter((n) => n.message !== message), { id, kind, message, ...(actions ? { actions } : {}) }].slice(-5) }));
    if (kind === 'info') setTimeout(() => useNotifications.getState().dismiss(id), 6000);
    return id;
  },
  dismiss(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
}));

export const notifyError = (e: unknown, fallback = 'Something went wrong.') =>
  useNotifications.getState().push('error', isRpcError(e) || e instanceof Error ? e.message : fallback);
export const notifyInfo = (message: string) => useNotifications.getState().push('info', message);
