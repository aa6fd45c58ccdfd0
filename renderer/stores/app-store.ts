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

  async boot() {
    const b = await api.call('app.bootstrap', {});
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
export function forEachWorkspace(start: () => (() => void) | void): () => void {
  let stop: (() => void) | void;
  const restart = () => {
    stop?.();
    stop = start();
  };
  let generation = useApp.getState().generation;
  if (useApp.getState().booted) restart();
  const offApp = useApp.subscribe((s) => {
    if (s.generation !== generation) {
      generation = s.generation;
      restart();
    }
  });
  return () => {
    offApp();
    stop?.();
  };
}
