import { XtermView } from './xterm-view';

/** The xterm instance of every terminal, kept while the terminal exists, whether or not the panel shows it. */
const views = new Map<string, XtermView>();

export function viewFor(id: string, scrollback: number): XtermView {
  let view = views.get(id);
  if (!view) {
    view = new XtermView(id, scrollback);
    views.set(id, view);
  }
  return view;
}

export const existingView = (id: string | null) => (id ? views.get(id) : undefined);

/** Creates views for new terminals (they start receiving output at once) and disposes those of closed ones. */
export function syncViews(ids: string[], scrollback: number): void {
  const keep = new Set(ids);
  for (const [id, view] of views) {
    if (!keep.has(id)) {
      view.dispose();
      views.delete(id);
    }
  }
  for (const id of ids) viewFor(id, scrollback);
}
