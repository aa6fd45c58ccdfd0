import { create } from 'zustand';

export type Overlay = null | 'quickOpen' | 'palette';

interface UiStore {
  overlay: Overlay;
  /** Active view of each area (ids from the view registry). */
  sideView: string;
  panelView: string | null;
  /** A main-area view shown in the editor's place, or null for the editor. */
  mainView: string | null;
  auxVisible: boolean;
  auxWidth: number;
  sidebarVisible: boolean;
  panelVisible: boolean;
  sidebarWidth: number;
  panelHeight: number;
  open(overlay: Overlay): void;
  setSideView(view: string): void;
  setPanelView(view: string): void;
  setMainView(view: string | null): void;
  toggleAux(show?: boolean): void;
  toggleSidebar(): void;
  togglePanel(): void;
  resize(part: 'sidebar' | 'panel' | 'aux', size: number): void;
}

const saved = (() => {
  try {
    return JSON.parse(localStorage.getItem('specwright.layout') ?? '{}') as Partial<UiStore>;
  } catch {
    return {};
  }
})();

/** Layout and overlays; the layout part survives reloads. */
export const useUi = create<UiStore>((set, get) => {
  const persist = () => {
    const { sidebarVisible, panelVisible, sidebarWidth, panelHeight, auxVisible, auxWidth } = get();
    localStorage.setItem('specwright.layout', JSON.stringify({ sidebarVisible, panelVisible, sidebarWidth, panelHeight, auxVisible, auxWidth }));
  };
  return {
    overlay: null,
    sideView: 'explorer',
    panelView: null,
    mainView: null,
    auxVisible: saved.auxVisible ?? true,
    auxWidth: saved.auxWidth ?? 380,
    sidebarVisible: saved.sidebarVisible ?? true,
    panelVisible: saved.panelVisible ?? false,
    sidebarWidth: saved.sidebarWidth ?? 260,
    panelHeight: saved.panelHeight ?? 220,
    open: (overlay) => set({ overlay }),
    setSideView: (sideView) => {
      set({ sideView, sidebarVisible: true });
      persist();
    },
    setPanelView: (panelView) => {
      set({ panelView, panelVisible: true });
      persist();
    },
    setMainView: (mainView) => set({ mainView }),
    toggleAux: (show) => {
      set((s) => ({ auxVisible: show ?? !s.auxVisible }));
      persist();
    },
    toggleSidebar: () => {
      set((s) => ({ sidebarVisible: !s.sidebarVisible }));
      persist();
    },
    togglePanel: () => {
      set((s) => ({ panelVisible: !s.panelVisible }));
      persist();
    },
    resize: (part, size) => {
      if (part === 'sidebar') set({ sidebarWidth: Math.max(160, Math.min(700, size)) });
      else if (part === 'aux') set({ auxWidth: Math.max(260, Math.min(900, size)) });
      else set({ panelHeight: Math.max(80, Math.min(800, size)) });
      persist();
    },
  };
});

/**
 * Whether something opening on its own (a file that finished loading, an editor created late,
 * a prompt that arrived) may take the focus: not while the palette or quick open is up, whose
 * input the person is typing into — taking the focus would close it under their fingers.
 */
export const mayTakeFocus = () => useUi.getState().overlay === null;
