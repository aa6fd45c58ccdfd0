import type { Connection } from '../rpc/router';
import type { Workspace, WorkspaceRegistry } from '../workspace/workspace';
import type { AppStateStore } from './app-state';
import type { SecretStore, SecretSource } from '../secrets/secret-store';
import type { HostSettings } from '../settings/host-settings';

/** What only the desktop app can do; absent in server mode. */
export interface DesktopCapabilities {
  pickFolder(): Promise<string | null>;
  /** A native notification for the window behind `connection`; false where the system has none. */
  notify(connection: Connection, title: string, body: string): boolean;
}

/** Everything a feature's handlers may use from the host. */
export interface HostContext {
  readonly mode: 'desktop' | 'server';
  readonly dataDir: string;
  readonly version: string;
  readonly workspaces: WorkspaceRegistry;
  readonly appState: AppStateStore;
  readonly desktop?: DesktopCapabilities;
  /** Where API keys are kept (OS keychain in the desktop app, an encrypted 0600 file in server mode). */
  readonly secretStore: SecretStore;
  /** Keys for the providers: the environment first, then the store. */
  readonly secrets: SecretSource & { sourceOf(name: string): Promise<'environment' | 'stored' | null> };
  /** The user's settings (watched; a change reloads every open workspace's) and the settings of connections without a folder. */
  readonly settings: HostSettings;
  /** Opens `path` for this connection (closing what it had open) and remembers it as recent. */
  openWorkspace(connection: Connection, path: string): Promise<Workspace>;
  closeWorkspace(connection: Connection): Promise<void>;
}
