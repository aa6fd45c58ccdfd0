import { create } from 'zustand';
import type { CheckpointList, DiffFile, DiffSide, FileDiff } from '../../shared/contract/checkpoints';
import { api } from '../api/client';
import { notifyError } from './notifications';

/** What the Changes view shows: every file between two points, and one of them in the diff editor. */
export interface ChangesView {
  from: string;
  to: DiffSide;
  /** Region name: starts with "Changes" (UI contract). */
  title: string;
  /** Offer "Revert all changes" (the view of a whole session). */
  sessionId: string | null;
  files: DiffFile[] | null;
  selected: string | null;
  file: FileDiff | null;
  loading: boolean;
}

interface CheckpointsStore {
  list: CheckpointList | null;
  /** The session the timeline shows; null: the current one. */
  sessionId: string | null;
  /** Checkpoints whose changed files are listed. */
  expanded: Record<string, boolean>;
  busy: string | null;
  changes: ChangesView | null;
  /** The workspace generation the feed belongs to. */
  feedFor: number;
  load(): Promise<void>;
  selectSession(id: string | null): void;
  toggleExpanded(id: string): void;
  showChanges(view: Omit<ChangesView, 'files' | 'selected' | 'file' | 'loading'>, select?: string): Promise<void>;
  selectFile(path: string): Promise<void>;
  refreshChanges(): Promise<void>;
  closeChanges(): void;
  reset(): void;
}

export const useCheckpoints = create<CheckpointsStore>((set, get) => ({
  list: null,
  sessionId: null,
  expanded: {},
  busy: null,
  changes: null,
  feedFor: 0,

  async load() {
    try {
      const list = await api.call('checkpoints.list', {});
      set({ list, busy: list.busy });
    } catch (e) {
      notifyError(e);
    }
  },

  selectSession: (sessionId) => set({ sessionId }),
  toggleExpanded: (id) => set((s) => ({ expanded: { ...s.expanded, [id]: !s.expanded[id] } })),

  async showChanges(view, select) {
    set({ changes: { ...view, files: null, selected: null, file: null, loading: true } });
    try {
      const { files } = await api.call('checkpoints.diff', { from: view.from, to: view.to });
      if (get().changes?.from !== view.from || get().changes?.to !== view.to) return;
      set((s) => ({ changes: s.changes && { ...s.changes, files, loading: false } }));
      const first = select && files.some((f) => f.path === select) ? select : files[0]?.path;
      if (first) await get().selectFile(first);
    } catch (e) {
      set((s) => ({ changes: s.changes && { ...s.changes, files: [], loading: false } }));
      notifyError(e);
    }
  },

  async selectFile(path) {
    const view = get().changes;
    if (!view) return;
    set({ changes: { ...view, selected: path, file: null } });
    try {
      const file = await api.call('checkpoints.fileDiff', { from: view.from, to: view.to, path });
      const now = get().changes;
      if (now?.selected === path && now.from === view.from) set({ changes: { ...now, file } });
    } catch (e) {
      notifyError(e);
    }
  },

  async refreshChanges() {
    const view = get().changes;
    if (view) await get().showChanges(view, view.selected ?? undefined);
  },

  closeChanges: () => set({ changes: null }),
  reset: () => set({ list: null, sessionId: null, expanded: {}, busy: null, changes: null }),
}));

let unsubscribe: (() => void) | null = null;

/**
 * Follows the host's checkpoint events for the open workspace (once, however many views
 * ask): the list reloads when it changes, notices become toasts.
 */
export function followCheckpoints(generation: number, onNotice: (level: 'info' | 'warning' | 'error', message: string) => void): void {
  const store = useCheckpoints.getState();
  if (store.feedFor === generation && unsubscribe) return;
  unsubscribe?.();
  store.reset();
  useCheckpoints.setState({ feedFor: generation });
  unsubscribe = api.subscribe('checkpoints.events', {}, {
    event: (e) => {
      if (e.type === 'changed') {
        void useCheckpoints.getState().load();
        if (useCheckpoints.getState().changes?.to === 'working') void useCheckpoints.getState().refreshChanges();
      } else if (e.type === 'busy') useCheckpoints.setState({ busy: e.busy });
      else onNotice(e.level, e.message);
    },
    end: () => {
      unsubscribe = null;
    },
  });
  void store.load();
}
