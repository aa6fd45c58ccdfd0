import { create } from 'zustand';
import type { Entry } from '../../shared/contract/workspace';
import { api } from '../api/client';
import { notifyError } from './notifications';

interface ExplorerStore {
  /** Listed folders: '' is the root. A folder absent here has not been listed yet. */
  children: Record<string, Entry[]>;
  expanded: Record<string, boolean>;
  selected: string | null;
  /** Path of an inline "new file/folder" or "rename" input. */
  editing: null | { mode: 'newFile' | 'newFolder'; parent: string } | { mode: 'rename'; path: string };
  reset(): void;
  load(dir: string): Promise<void>;
  toggle(dir: string): Promise<void>;
  select(path: string | null): void;
  reveal(path: string): Promise<void>;
  /** Re-lists the listed folders among `dirs` (after changes on disk). */
  refresh(dirs: Iterable<string>): Promise<void>;
  setEditing(editing: ExplorerStore['editing']): void;
  collapseAll(): void;
}

export const parentOf = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');
export const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export const useExplorer = create<ExplorerStore>((set, get) => ({
  children: {},
  expanded: { '': true },
  selected: null,
  editing: null,

  reset: () => set({ children: {}, expanded: { '': true }, selected: null, editing: null }),

  async load(dir) {
    try {
      const { entries } = await api.call('workspace.list', { path: dir });
      set((s) => ({ children: { ...s.children, [dir]: entries } }));
    } catch (e) {
      if (dir === '') notifyError(e);
      // a folder that vanished: drop it from the tree
      set((s) => {
        const children = { ...s.children };
        delete children[dir];
        return { children };
      });
    }
  },

  async toggle(dir) {
    const open = !get().expanded[dir];
    set((s) => ({ expanded: { ...s.expanded, [dir]: open } }));
    if (open && !get().children[dir]) await get().load(dir);
  },

  select: (selected) => set({ selected }),

  async reveal(path) {
    const parts = path.split('/');
    for (let i = 0; i < parts.length - 1; i++) {
      const dir = parts.slice(0, i + 1).join('/');
      if (!get().expanded[dir]) set((s) => ({ expanded: { ...s.expanded, [dir]: true } }));
      if (!get().children[dir]) await get().load(dir);
    }
    set({ selected: path });
  },

  async refresh(dirs) {
    const listed = get().children;
    await Promise.all([...new Set(dirs)].filter((d) => listed[d]).map((d) => get().load(d)));
  },

  setEditing: (editing) => set({ editing }),
  collapseAll: () => set({ expanded: { '': true } }),
}));
