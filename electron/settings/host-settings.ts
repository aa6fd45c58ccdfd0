import { mkdirSync, readFileSync, watch, watchFile, unwatchFile, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Workspace } from '../workspace/workspace';
import { SettingsFiles } from './settings-files';
import { SettingsService, userSettingsFile } from './settings-service';

const DEBOUNCE_MS = 60;

/**
 * The host's side of the settings: the user's settings when no folder is open, and the
 * watch on the user's file — which lives outside every workspace, so no workspace watcher
 * sees it. A change there (from the Settings screen, another window, or any editor)
 * reloads the settings of every open workspace, and each feature reads the new values the
 * next time it acts.
 */
export class HostSettings {
  /** User settings only, for connections without a folder. */
  readonly global: SettingsService;
  private watcher: FSWatcher | null = null;
  private polling = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastText: string | null;
  private readonly file: string;

  constructor(
    private readonly dataDir: string,
    private readonly openWorkspaces: () => Workspace[],
  ) {
    this.file = userSettingsFile(dataDir);
    this.global = new SettingsService(dataDir, null);
    this.lastText = this.readText();
    this.watch();
  }

  private readText(): string | null {
    try {
      return readFileSync(this.file, 'utf8');
    } catch {
      return null;
    }
  }

  /** The folder, not the file: editors and atomic writes replace the file, which a file watch would lose. */
  private watch() {
    try {
      mkdirSync(this.dataDir, { recursive: true });
      this.watcher = watch(this.dataDir, { persistent: false }, (_event, name) => {
        if (name === null || name === path.basename(this.file)) this.schedule();
      });
      this.watcher.on('error', () => this.fallBackToPolling());
    } catch {
      this.fallBackToPolling();
    }
  }

  private fallBackToPolling() {
    this.watcher?.close();
    this.watcher = null;
    if (this.polling) return;
    this.polling = true;
    watchFile(this.file, { interval: 1000, persistent: false }, () => this.schedule());
  }

  private schedule() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.changed();
    }, DEBOUNCE_MS);
  }

  /** Reloads everything that reads the user's file, if its text really changed. */
  changed(force = false): void {
    const text = this.readText();
    if (!force && text === this.lastText) return;
    this.lastText = text;
    this.global.reload();
    for (const ws of this.openWorkspaces()) ws.settings.reload();
  }

  /** The settings a connection sees: its workspace's (user + workspace), or the user's alone. */
  serviceFor(ws: Workspace | undefined): SettingsService {
    return ws?.settings ?? this.global;
  }

  filesFor(ws: Workspace | undefined): SettingsFiles {
    return new SettingsFiles(this.dataDir, ws ?? null, () => this.changed());
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.watcher?.close();
    if (this.polling) unwatchFile(this.file);
  }
}
