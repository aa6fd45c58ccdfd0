import { create } from 'zustand';
import type { SettingsScope } from '../../../shared/contract';

/** The Settings tab's view id. */
export const SETTINGS_VIEW = 'settings';

/** What the Settings tab shows: which scope, the form or the JSON file, the search. */
interface SettingsUi {
  scope: SettingsScope;
  mode: 'form' | 'json';
  query: string;
  /** A section to scroll to once shown (from a command: Keyboard Shortcuts). */
  reveal: string | null;
  setScope(scope: SettingsScope): void;
  setMode(mode: 'form' | 'json'): void;
  setQuery(query: string): void;
  setReveal(section: string | null): void;
}

export const useSettingsUi = create<SettingsUi>((set) => ({
  scope: 'user',
  mode: 'form',
  query: '',
  reveal: null,
  setScope: (scope) => set({ scope }),
  setMode: (mode) => set({ mode }),
  setQuery: (query) => set({ query }),
  setReveal: (reveal) => set({ reveal }),
}));
