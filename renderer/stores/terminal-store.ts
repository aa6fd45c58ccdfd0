import { create } from 'zustand';
import type { TerminalInfo } from '../../shared/contract/terminal';
import { api } from '../api/client';
import { notifyError } from './notifications';

interface TerminalStore {
  /** Every terminal of the workspace, as the host lists them (the agent's too). */
  terminals: TerminalInfo[];
  /** The terminal shown in the panel. */
  activeId: string | null;
  scrollback: number;
  searchOpen: boolean;
  /** Whether the host's list for the open workspace has arrived (after a reload it takes a moment). */
  synced: boolean;
  setSynced(synced: boolean): void;
  setTerminals(terminals: TerminalInfo[], scrollback: number): void;
  setActive(id: string | null): void;
  /** Opens a shell and shows it; resolves with its id. */
  create(): Promise<string | null>;
  kill(id: string): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  setSearchOpen(open: boolean): void;
}

/** The terminals panel: which terminals exist, which one is shown. Output lives in the views (xterm), not here. */
export const useTerminals = create<TerminalStore>((set, get) => ({
  terminals: [],
  activeId: null,
  scrollback: 5000,
  searchOpen: false,
  synced: false,

  setSynced: (synced) => set({ synced }),

  setTerminals(terminals, scrollback) {
    const { activeId } = get();
    const stillThere = terminals.some((t) => t.id === activeId);
    set({ terminals, scrollback, synced: true, activeId: stillThere ? activeId : (terminals.at(-1)?.id ?? null) });
  },

  setActive(activeId) {
    if (activeId === get().activeId) return;
    set({ activeId });
    // `#terminal` means the terminal the person is looking at; the host needs to know which.
    void api.call('terminal.setActive', { id: activeId }).catch(() => {});
  },

  async create() {
    try {
      const info = await api.call('terminal.create', {});
      const known = get().terminals.some((t) => t.id === info.id);
      set({ terminals: known ? get().terminals : [...get().terminals, info] });
      get().setActive(info.id);
      return info.id;
    } catch (e) {
      notifyError(e, 'Could not open a terminal.');
      return null;
    }
  },

  async kill(id) {
    try {
      await api.call('terminal.kill', { id });
    } catch (e) {
      notifyError(e, 'Could not close the terminal.');
    }
  },

  async rename(id, name) {
    try {
      await api.call('terminal.rename', { id, name });
    } catch (e) {
      notifyError(e, 'Could not rename the terminal.');
    }
  },

  setSearchOpen: (searchOpen) => set({ searchOpen }),
}));

/** Resolves once the host's terminal list has arrived, or after `timeoutMs` (a host that never answers must not hang a shortcut). */
export function whenTerminalsSynced(timeoutMs = 2000): Promise<void> {
  if (useTerminals.getState().synced) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const off = useTerminals.subscribe((s) => s.synced && done());
    function done() {
      clearTimeout(timer);
      off();
      resolve();
    }
  });
}
