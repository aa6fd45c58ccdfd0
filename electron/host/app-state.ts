import path from 'node:path';
import { z } from 'zod';
import { Emitter } from '../../shared/rpc/transport';
import { JsonStore } from './json-store';

const AppStateSchema = z.object({
  recent: z.array(z.string()).default([]),
  lastWorkspace: z.string().nullable().default(null),
  windowBounds: z
    .object({ x: z.number().optional(), y: z.number().optional(), width: z.number(), height: z.number(), maximized: z.boolean().optional() })
    .nullable()
    .default(null),
});
export type AppState = z.infer<typeof AppStateSchema>;

const MAX_RECENT = 12;

/** What the app remembers between runs, independent of any workspace. */
export class AppStateStore {
  private store: JsonStore<typeof AppStateSchema>;
  /** Every saved change (the desktop menu rebuilds its Open Recent list from it). */
  readonly changes = new Emitter<AppState>();

  constructor(dataDir: string) {
    this.store = new JsonStore(path.join(dataDir, 'app-state.json'), AppStateSchema, {
      recent: [],
      lastWorkspace: null,
      windowBounds: null,
    });
  }

  get(): AppState {
    return this.store.get();
  }

  rememberWorkspace(root: string): Promise<AppState> {
    const recent = [root, ...this.get().recent.filter((r) => r !== root)].slice(0, MAX_RECENT);
    return this.update({ recent, lastWorkspace: root });
  }

  forget(root: string): Promise<AppState> {
    const state = this.get();
    return this.update({
      recent: state.recent.filter((r) => r !== root),
      lastWorkspace: state.lastWorkspace === root ? null : state.lastWorkspace,
    });
  }

  async update(patch: Partial<AppState>): Promise<AppState> {
    const state = await this.store.update(patch);
    this.changes.emit(state);
    return state;
  }

  flush(): Promise<void> {
    return this.store.flush();
  }
}
