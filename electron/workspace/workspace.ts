import { createHash } from 'node:crypto';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { WorkspaceState, type WorkspaceInfo } from '../../shared/contract/workspace';
import { RpcError } from '../../shared/rpc/errors';
import { JsonStore } from '../host/json-store';
import { SettingsService, workspaceSettingsFile } from '../settings/settings-service';
import { WorkspaceFiles } from './files';
import { listWorkspaceFiles, type FileListing } from './file-index';
import { IgnoreRules } from './ignore-rules';
import { WorkspaceWatcher } from './watcher';

/** A service that lives as long as its workspace is open (checkpoints, specs, MCP, …). */
export interface WorkspaceService {
  dispose?(): void | Promise<void>;
}

export const workspaceId = (realRoot: string) => createHash('sha256').update(realRoot).digest('hex').slice(0, 16);

/** Resolves a folder the person asked to open, with a message that says what is wrong. */
export async function resolveWorkspaceRoot(requested: string): Promise<string> {
  const abs = path.resolve(requested);
  try {
    const real = await realpath(abs);
    if (!(await stat(real)).isDirectory()) throw new RpcError('BAD_REQUEST', `Cannot open '${abs}' as a workspace: it is a file, not a folder.`);
    return real;
  } catch (e) {
    if (e instanceof RpcError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RpcError('NOT_FOUND', `Cannot open '${abs}': the folder does not exist.`, { path: abs });
    if (code === 'EACCES' || code === 'EPERM') throw new RpcError('PERMISSION_DENIED', `Cannot open '${abs}': permission denied.`, { path: abs });
    throw new RpcError('INTERNAL', `Cannot open '${abs}': ${(e as Error).message}`, { path: abs });
  }
}

/**
 * One open folder and everything the host keeps for it. Shared by every window or socket
 * that has the same folder open.
 */
export class Workspace {
  readonly id: string;
  readonly name: string;
  readonly ignore: IgnoreRules;
  readonly files: WorkspaceFiles;
  readonly watcher: WorkspaceWatcher;
  readonly state: JsonStore<ReturnType<typeof WorkspaceState.partial>>;
  /** User settings merged with this workspace's `.kiro/settings/specwright.json`. */
  readonly settings: SettingsService;
  /** Folder under the app's data folder for this workspace's own data (state, checkpoints, audit log, sessions). */
  readonly dataDir: string;
  private services = new Map<string, WorkspaceService>();
  private fileListing: Promise<FileListing> | null = null;

  constructor(
    readonly root: string,
    /** The app's data folder, shared by every workspace (app-wide things such as usage totals live there). */
    readonly appDataDir: string,
  ) {
    this.id = workspaceId(root);
    this.name = path.basename(root) || root;
    this.dataDir = path.join(appDataDir, 'workspaces', this.id);
    this.ignore = new IgnoreRules(root, { files: ['.gitignore'] });
    this.files = new WorkspaceFiles(root, this.ignore);
    this.watcher = new WorkspaceWatcher(root, this.files, this.ignore);
    // No `autopilot` until the person chooses: until then `policy.defaultMode` decides.
    this.state = new JsonStore(path.join(this.dataDir, 'state.json'), WorkspaceState.partial(), {
      openEditors: [],
      activeEditor: null,
    });
    this.settings = new SettingsService(appDataDir, root);
    const settingsRel = path.relative(root, workspaceSettingsFile(root)).split(path.sep).join('/');
    const reloadSettings = (changes: { path: string }[]) => {
      if (changes.some((c) => c.path === settingsRel)) this.settings.reload();
    };
    this.watcher.changes.on(reloadSettings);
    this.files.writes.on((w) => reloadSettings([w]));
    // Quick open's listing goes stale when files come or go; rebuild it lazily.
    const invalidate = (changes: { kind: string }[]) => {
      if (changes.some((c) => c.kind !== 'changed')) this.fileListing = null;
    };
    this.watcher.changes.on(invalidate);
    this.files.writes.on((w) => invalidate([w]));
  }

  get info(): WorkspaceInfo {
    return { id: this.id, root: this.root, name: this.name };
  }

  get uiState(): WorkspaceState {
    const state = this.state.get();
    const autopilot = state.autopilot ?? this.settings.settings.policy.defaultMode === 'autopilot';
    return WorkspaceState.parse({ openEditors: [], activeEditor: null, ...state, autopilot });
  }

  listFiles(): Promise<FileListing> {
    this.fileListing ??= listWorkspaceFiles(this.root, this.ignore);
    return this.fileListing;
  }

  /** The workspace's instance of a service, created on first use and disposed with the workspace. */
  service<T extends WorkspaceService>(key: string, create: (ws: Workspace) => T): T {
    let s = this.services.get(key);
    if (!s) {
      s = create(this);
      this.services.set(key, s);
    }
    return s as T;
  }

  async dispose(): Promise<void> {
    for (const [key, s] of this.services) {
      try {
        await s.dispose?.();
      } catch (e) {
        console.error(`[specwright] disposing ${key}:`, e);
      }
    }
    this.services.clear();
    await this.watcher.close();
    await this.state.flush();
  }
}

/** Opens each folder once, however many windows or sockets share it, and closes it with the last one. */
export class WorkspaceRegistry {
  private open = new Map<string, { ws: Workspace; refs: number }>();

  constructor(private readonly appDataDir: string) {}

  async acquire(requested: string): Promise<Workspace> {
    const root = await resolveWorkspaceRoot(requested);
    const existing = this.open.get(root);
    if (existing) {
      existing.refs++;
      return existing.ws;
    }
    const ws = new Workspace(root, this.appDataDir);
    this.open.set(root, { ws, refs: 1 });
    return ws;
  }

  async release(ws: Workspace): Promise<void> {
    const entry = this.open.get(ws.root);
    if (!entry || entry.ws !== ws) return;
    if (--entry.refs > 0) return;
    this.open.delete(ws.root);
    await ws.dispose();
  }

  get all(): Workspace[] {
    return [...this.open.values()].map((e) => e.ws);
  }

  async disposeAll(): Promise<void> {
    const all = this.all;
    this.open.clear();
    await Promise.all(all.map((ws) => ws.dispose()));
  }
}
