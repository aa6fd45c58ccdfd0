import './zod-config'; // before any schema parses
import { contract, type AppContract } from '../../shared/contract';
import type { Transport } from '../../shared/rpc/transport';
import { createRouter, type Connection, type Handlers, type Router, type ServeOptions } from '../rpc/router';
import { terminalHandlers } from '../terminal/handlers';
import { checkpointsFor } from '../checkpoints/checkpoint-service';
import { checkpointsHandlers } from '../checkpoints/handlers';
import { hooksHandlers } from '../hooks/handlers';
import { hooksFor } from '../hooks/service';
import { steeringHandlers } from '../steering/handlers';
import { workspaceHandlers } from '../workspace/handlers';
import { agentHandlers } from '../agent/handlers';
import { EncryptedFileSecretStore } from '../secrets/encrypted-file-store';
import { secretsHandlers } from '../secrets/handlers';
import { withEnvironment, type SecretStore } from '../secrets/secret-store';
import { auditHandlers } from '../audit/handlers';
import { policyHandlers } from '../policy/handlers';
import { mcpHandlers } from '../mcp/handlers';
import { getMcp } from '../mcp/manager';
import { specsHandlers } from '../specs/handlers';
import { HostSettings } from '../settings/host-settings';
import { settingsHandlers } from '../settings/handlers';
import { WorkspaceRegistry } from '../workspace/workspace';
import { appHandlers, START_KEY, type ConnectionStart } from './app-handlers';
import { AppStateStore } from './app-state';
import { currentWorkspace, setConnectionWorkspace } from './connection-workspace';
import type { DesktopCapabilities, HostContext } from './host-context';
import { VERSION } from './version';

export interface HostOptions {
  mode: 'desktop' | 'server';
  dataDir: string;
  /** Workspace for connections that do not bring their own (`serve --workspace`). */
  workspace?: string | null;
  openFiles?: string[];
  desktop?: DesktopCapabilities;
  /** Defaults to the encrypted file store in the data folder. */
  secretStore?: SecretStore;
}

export interface Host extends HostContext {
  readonly router: Router;
  /** Attaches a client (a window's IPC, a socket) to the host. */
  attach(transport: Transport, options?: ServeOptions & ConnectionStart): Connection;
  dispose(): Promise<void>;
}

/**
 * The host: every service behind one router. Desktop and server mode build exactly this
 * and differ only in the transports they attach.
 */
export function createHost(options: HostOptions): Host {
  const workspaces = new WorkspaceRegistry(options.dataDir);
  const appState = new AppStateStore(options.dataDir);
  const secretStore = options.secretStore ?? new EncryptedFileSecretStore(options.dataDir);

  const context: HostContext = {
    mode: options.mode,
    dataDir: options.dataDir,
    version: VERSION,
    workspaces,
    appState,
    secretStore,
    secrets: withEnvironment(secretStore),
    settings: new HostSettings(options.dataDir, () => workspaces.all),
    ...(options.desktop ? { desktop: options.desktop } : {}),
    async openWorkspace(connection, path) {
      const ws = await workspaces.acquire(path);
      getMcp(ws); // MCP servers start when the workspace opens
      checkpointsFor(ws); // from the first moment, so the first save can be reverted
      hooksFor(ws, context); // so a save triggers hooks whether or not the panel was opened
      const previous = setConnectionWorkspace(connection, ws);
      if (previous) await workspaces.release(previous);
      await appState.rememberWorkspace(ws.root);
      return ws;
    },
    async closeWorkspace(connection) {
      const previous = setConnectionWorkspace(connection, undefined);
      if (previous) await workspaces.release(previous);
      await appState.update({ lastWorkspace: null });
    },
  };

  const handlers: Handlers<AppContract> = {
    ...appHandlers(context),
    ...workspaceHandlers(context),
    ...secretsHandlers(context),
    ...settingsHandlers(context),
    ...agentHandlers(context),
    ...policyHandlers(context),
    ...auditHandlers(context),
    ...mcpHandlers(context),
    ...specsHandlers(context),
    ...terminalHandlers(),
    ...checkpointsHandlers(),
    ...hooksHandlers(context),
    ...steeringHandlers(context),
  };
  const router = createRouter(contract, handlers);
  const known = new WeakSet<Connection>();

  return {
    ...context,
    router,
    attach(transport, { workspace, openFiles, ...serve } = {}) {
      const connection = router.serve(transport, serve);
      if (!known.has(connection)) {
        // A new connection, not a resumed session.
        known.add(connection);
        connection.state.set(START_KEY, {
          workspace: workspace ?? options.workspace ?? null,
          openFiles: openFiles ?? options.openFiles ?? [],
        } satisfies ConnectionStart);
        connection.onClose(() => {
          const ws = currentWorkspace(connection);
          if (ws) void workspaces.release(ws);
        });
      }
      return connection;
    },
    async dispose() {
      context.settings.dispose();
      await workspaces.disposeAll();
      await appState.flush();
    },
  };
}
