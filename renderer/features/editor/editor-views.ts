import type { ComponentType } from 'react';
import { create } from 'zustand';
import { useEditors } from '../../stores/editor-store';

/**
 * Views that open as editor tabs beside files (Settings, like VS Code's settings editor).
 * Their tab path is `specwright://<id>`, which no workspace path can be (paths inside a
 * workspace are normalised and relative). A view with unsaved changes marks its tab dirty
 * and provides `save`, so Ctrl/Cmd+S and the close prompt work as they do for files.
 */
export interface EditorView {
  id: string;
  title: string;
  component: ComponentType;
  save?: () => Promise<boolean>;
}

const PREFIX = 'specwright://';
export const viewPath = (id: string) => `${PREFIX}${id}`;
export const isViewPath = (path: string) => path.startsWith(PREFIX);
export const viewIdOf = (path: string) => path.slice(PREFIX.length);

interface EditorViewStore {
  views: Record<string, EditorView>;
  register(view: EditorView): () => void;
}

export const useEditorViews = create<EditorViewStore>((set) => ({
  views: {},
  register(view) {
    set((s) => ({ views: { ...s.views, [view.id]: view } }));
    return () =>
      set((s) => {
        const views = { ...s.views };
        delete views[view.id];
        return { views };
      });
  },
}));

/** Opens (or focuses) a view's tab. */
export function openEditorView(id: string): void {
  const view = useEditorViews.getState().views[id];
  if (!view) return;
  const path = viewPath(id);
  const editors = useEditors.getState();
  if (!editors.tabs.some((t) => t.path === path)) {
    editors.upsert({ path, name: view.title, kind: 'view', dirty: false, readOnly: false, deleted: false, conflict: false });
  }
  useEditors.getState().activate(path);
}

export async function saveEditorView(path: string): Promise<boolean> {
  const view = useEditorViews.getState().views[viewIdOf(path)];
  return view?.save ? view.save() : true;
}
