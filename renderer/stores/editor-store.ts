import { create } from 'zustand';

export interface Tab {
  path: string;
  name: string;
  /** `view`: an editor-area view such as Settings (see features/editor/editor-views.ts), not a file. */
  kind: 'text' | 'binary' | 'tooLarge' | 'error' | 'view';
  dirty: boolean;
  readOnly: boolean;
  /** Why the file is read-only or not shown. */
  notice?: string;
  /** Deleted on disk while open: the buffer stays, saving recreates the file. */
  deleted: boolean;
  /** Changed on disk while the buffer had unsaved edits. */
  conflict: boolean;
  language?: string;
  eol?: 'LF' | 'CRLF';
  encoding?: 'utf8' | 'utf8bom';
}

interface EditorStore {
  tabs: Tab[];
  active: string | null;
  /** Most recently closed first, for "Reopen Closed Editor". */
  closed: string[];
  /** A diff between the disk and the buffer, shown instead of the editor. */
  compare: string | null;
  cursor: { line: number; column: number } | null;
  upsert(tab: Tab): void;
  patch(path: string, patch: Partial<Tab>): void;
  activate(path: string | null): void;
  remove(path: string): void;
  rename(from: string, to: string): void;
  setCompare(path: string | null): void;
  setCursor(cursor: EditorStore['cursor']): void;
  reset(): void;
}

export const useEditors = create<EditorStore>((set) => ({
  tabs: [],
  active: null,
  closed: [],
  compare: null,
  cursor: null,
  upsert: (tab) =>
    set((s) => {
      const i = s.tabs.findIndex((t) => t.path === tab.path);
      const tabs = i >= 0 ? s.tabs.map((t, j) => (j === i ? tab : t)) : [...s.tabs, tab];
      return { tabs };
    }),
  patch: (path, patch) =>
    set((s) => ({ tabs: s.tabs.map((t) => (t.path === path ? { ...t, ...patch } : t)) })),
  activate: (active) => set({ active, compare: null }),
  remove: (path) =>
    set((s) => {
      const i = s.tabs.findIndex((t) => t.path === path);
      if (i < 0) return s;
      const tabs = s.tabs.filter((t) => t.path !== path);
      const active = s.active === path ? (tabs[Math.min(i, tabs.length - 1)]?.path ?? null) : s.active;
      return { tabs, active, closed: [path, ...s.closed.filter((c) => c !== path)].slice(0, 20), compare: s.compare === path ? null : s.compare };
    }),
  rename: (from, to) =>
    set((s) => ({
      tabs: s.tabs.map((t) => (t.path === from ? { ...t, path: to, name: to.slice(to.lastIndexOf('/') + 1) } : t)),
      active: s.active === from ? to : s.active,
    })),
  setCompare: (compare) => set({ compare }),
  setCursor: (cursor) => set({ cursor }),
  // Views (Settings) are not the folder's: they stay open when another folder opens.
  reset: () =>
    set((s) => {
      const tabs = s.tabs.filter((t) => t.kind === 'view');
      return { tabs, active: tabs.some((t) => t.path === s.active) ? s.active : null, closed: [], compare: null, cursor: null };
    }),
}));
