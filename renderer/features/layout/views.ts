import type { ComponentType } from 'react';
import { create } from 'zustand';
import type { IconName } from '../../ui/icons';

/**
 * A view a feature contributes to the workbench: the side bar (left, chosen in the
 * activity bar), the panel (bottom, tabbed), the auxiliary bar (right, where chat lives), or
 * the main area (a full-size view shown in the editor's place — the spec board — toggled
 * from the activity bar and closed by opening a file).
 */
export interface ViewContribution {
  id: string;
  title: string;
  area: 'side' | 'panel' | 'aux' | 'main';
  icon: IconName;
  order: number;
  component: ComponentType;
  /** Shortcut that shows the view, e.g. 'Mod+Shift+E'. */
  keys?: string;
}

interface ViewStore {
  views: ViewContribution[];
  register(view: ViewContribution): () => void;
}

export const useViews = create<ViewStore>((set) => ({
  views: [],
  register(view) {
    set((s) => ({ views: [...s.views.filter((v) => v.id !== view.id), view].sort((a, b) => a.order - b.order) }));
    return () => set((s) => ({ views: s.views.filter((v) => v.id !== view.id) }));
  },
}));

export const viewsIn = (views: ViewContribution[], area: ViewContribution['area']) => views.filter((v) => v.area === area);
