import { create } from 'zustand';
import type { WorkspaceInfo } from '../../shared/contract/workspace';
import type { TransportStatus } from '../../shared/rpc/transport';
import { api } from '../api/client';
import { notifyError } from './notifications';

interface AppStore {
  booted: boolean;
  mode: 'desktop' | 'server';
  version: string;
  platform: string;
  homeDir: string;
  workspace: WorkspaceInfo | null;
  recent: string[];
  /** Why the expected folder did not open. */
  notice: string | null;
  connection: TransportStatus;
  autopilot: boolean;
  /** Bumped whenever a folder is opened, so features reload their per-workspace state. */
  generation: number;
  /** The generation whose editors are back on screen (see forEachWorkspace's `afterEditors`). */
  restored: number;
  boot(): Promise<{ openFiles: string[] }>;
  openFolder(path: string): Promise<boolean>;
  closeFolder(): Promise<void>;
  setAutopilot(on: boolean): Promise<void>;
  forgetRecent(path: string): Promise<void>;
}

export const useApp = create<AppStore>((set, get) => ({
  booted: false,
  mode: 'server',
  version: '',
  platform: '',
  homeDir: '',
  workspace: null,
  recent: [],
  notice: null,
  connection: 'connected',
  autopilot: false,
  generation: 0,
  restored: 0,

  async boot() {
    const b = await api.call('app.bootstrap', {});
    performance.mark('specwright:bootstrapped');
    const autopilot = b.workspace ? (await api.call('workspace.getState', {})).autopilot : false;
    set({
      booted: true,
      mode: b.mode,
      version: b.version,
      platform: b.platform,
      homeDir: b.homeDir,
      workspace: b.workspace,
      recent: b.recent,
      notice: b.notice,
      autopilot,
      generation: get().generation + 1,
    });
    return { openFiles: b.openFiles };
  },

  async openFolder(path) {
    try {
      const workspace = await api.call('workspace.open', { path });
      const state = await api.call('workspace.getState', {});
      const recent = [workspace.root, ...get().recent.filter((r) => r !== workspace.root)];
      set({ workspace, recent, notice: null, autopilot: state.autopilot, generation: get().generation + 1 });
      return true;
    } catch (e) {
      notifyError(e);
      return false;
    }
  },

  async closeFolder() {
    await api.call('workspace.close', {});
    set({ workspace: null, generation: get().generation + 1 });
  },

  async setAutopilot(on) {
    set({ autopilot: on });
    try {
      const state = await api.call('workspace.setState', { autopilot: on });
      set({ autopilot: state.autopilot });
    } catch (e) {
      set({ autopilot: !on });
      notifyError(e);
    }
  },

  async forgetRecent(path) {
    const { recent } = await api.call('app.forgetRecent', { path });
    set({ recent });
  },
}));

/**
 * Runs `start` for the folder that is open now (once the app has booted) and again each time
 * another one is opened or the folder is closed, first undoing what the previous run set up
 * (what `start` returns). Features use it to keep per-workspace subscriptions in step.
 */
export function forEachWorkspace(start: () => (() => void) | void, options: { afterEditors?: boolean } = {}): () => void {
  let stop: (() => void) | void;
  let started = -1;
  // Background features (specs, hooks, MCP…) wait until the editors are restored: the host
  // works on one thread, and the file the person opened should not queue behind their loads.
  const ready = (s: AppStore) => s.booted && (!options.afterEditors || !s.workspace || s.restored === s.generation);
  const check = (s: AppStore) => {
    if (!ready(s) || started === s.generation) return;
    started = s.generation;
    stop?.();
    stop = start();
  };
  check(useApp.getState());
  const offApp = useApp.subscribe(check);
  return () => {
    offApp();
    stop?.();
  };
}
