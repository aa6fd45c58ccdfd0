import { create } from 'zustand';
import type { HookRun, HooksState, HookTemplateView, NewHook } from '../../shared/contract/hooks';
import { api } from '../api/client';
import { forEachWorkspace, useApp } from './app-store';
import { notifyError, notifyInfo, useNotifications } from './notifications';

interface HooksStore {
  state: HooksState | null;
  templates: HookTemplateView[];
  /** Hooks with a switch or Run request on its way. */
  busy: string[];
  load(): Promise<void>;
  setEnabled(id: string, enabled: boolean): Promise<void>;
  run(id: string): Promise<void>;
  create(hook: NewHook): Promise<string | null>;
  addTemplate(id: string): Promise<void>;
}

const withBusy = async (id: string, work: () => Promise<void>) => {
  useHooks.setState((s) => ({ busy: [...s.busy, id] }));
  try {
    await work();
  } catch (e) {
    notifyError(e);
  } finally {
    useHooks.setState((s) => ({ busy: s.busy.filter((b) => b !== id) }));
  }
};

/** A run's newest version replaces the one the list has (runs are announced as they go: queued, running, done). */
function upsertRun(runs: HookRun[], run: HookRun): HookRun[] {
  const i = runs.findIndex((r) => r.id === run.id);
  if (i === -1) return [run, ...runs];
  const next = runs.slice();
  next[i] = run;
  return next;
}

/** The open workspace's hooks, files with their diagnostics, and recent runs, as the host reports them. */
export const useHooks = create<HooksStore>((set) => ({
  state: null,
  templates: [],
  busy: [],
  async load() {
    try {
      const [state, { templates }] = await Promise.all([api.call('hooks.state', {}), api.call('hooks.templates', {})]);
      set({ state, templates });
    } catch (e) {
      notifyError(e);
    }
  },
  setEnabled: (id, enabled) => withBusy(id, () => api.call('hooks.setEnabled', { id, enabled }).then(() => undefined)),
  run: (id) => withBusy(id, () => api.call('hooks.run', { id }).then(() => undefined)),
  async create(hook) {
    try {
      const { path } = await api.call('hooks.create', hook);
      notifyInfo(`Created ${path}.`);
      return path;
    } catch (e) {
      notifyError(e);
      return null;
    }
  },
  async addTemplate(id) {
    try {
      const { paths } = await api.call('hooks.addTemplate', { id });
      notifyInfo(paths.length ? `Added ${paths.join(', ')}.` : 'Every file of this template is already there.');
      await useHooks.getState().load();
    } catch (e) {
      notifyError(e);
    }
  },
}));

/**
 * Follows the hooks of whichever folder is open, from the start and whether or not the panel
 * is shown: a notice (a failed hook, a chain stopped at the depth limit) must reach the person
 * even when the panel is closed.
 */
export function followHooks(): () => void {
  return forEachWorkspace(() => {
    useHooks.setState({ state: null, templates: [], busy: [] });
    if (!useApp.getState().workspace) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    void useHooks.getState().load();
    const off = api.subscribe('hooks.events', {}, {
      event: (e) => {
        if (e.type === 'run') {
          useHooks.setState((s) => (s.state ? { state: { ...s.state, runs: upsertRun(s.state.runs, e.run) } } : {}));
        } else if (e.type === 'changed') {
          // A save of several hook files is one reload.
          clearTimeout(timer);
          timer = setTimeout(() => void useHooks.getState().load(), 50);
        } else {
          useNotifications.getState().push(e.level, e.message);
        }
      },
      end: () => {},
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, { afterEditors: true });
}
