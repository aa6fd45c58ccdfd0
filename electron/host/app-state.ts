import path from 'node:path';
import { z } from 'zod';
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
    return this.store.update({ recent, lastWorkspace: root });
  }

  forget(root: string): Promise<AppState> {
    const state = this.get();
    return this.store.update({
      recent: state.recent.filter((r) => r !== root),
      lastWorkspace: state.lastWorkspace === root ? null : state.lastWorkspace,
    });
  }

  update(patch: Partial<AppState>): Promise<AppState> {
    return this.store.update(patch);
  }

  flush(): Promise<void> {
    return this.store.flush();
  }
}
