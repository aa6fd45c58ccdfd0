import type { settingsContract, SettingsView } from '../../shared/contract/settings';
import { ModelEntry } from '../../shared/settings/agent';
import { detectOllama, OLLAMA_DEFAULT_URL, ollamaModelEntries } from '../agent/providers/ollama';
import { currentWorkspace } from '../host/connection-workspace';
import type { HostContext } from '../host/host-context';
import type { Connection, Handlers } from '../rpc/router';
import type { EffectiveSettings } from './settings-service';

/** Ollama's own variable (`127.0.0.1:11434`, `http://host:port`), as its CLI reads it. */
export function ollamaUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.OLLAMA_HOST?.trim();
  if (!host) return OLLAMA_DEFAULT_URL;
  return /^https?:\/\//.test(host) ? host : `http://${host}`;
}

export function settingsHandlers(host: HostContext): Handlers<typeof settingsContract> {
  const hub = host.settings;
  const view = (connection: Connection, state?: EffectiveSettings): SettingsView => {
    const ws = currentWorkspace(connection);
    const files = hub.filesFor(ws);
    const current = state ?? hub.serviceFor(ws).current;
    const user = { file: files.fileOf('user'), display: files.display('user'), values: current.scopes.user };
    const workspace = ws ? { file: files.fileOf('workspace'), display: files.display('workspace'), values: current.scopes.workspace ?? {} } : null;
    return { effective: current.settings, issues: current.issues, user, workspace };
  };
  return {
    'settings.get': (_i, { connection }) => view(connection),
    'settings.changes': (_i, emit, { connection }) => {
      const service = hub.serviceFor(currentWorkspace(connection));
      emit(view(connection));
      return service.changes.on((state) => emit(view(connection, state)));
    },
    'settings.set': async ({ scope, path, value, reset }, { connection }) => {
      const ws = currentWorkspace(connection);
      await hub.filesFor(ws).setValue(scope, path, reset ? undefined : value);
      // The workspace's file reloads through its watcher too; reloading now makes the change visible to the very next call.
      hub.serviceFor(ws).reload();
      return {};
    },
    'settings.readFile': ({ scope }, { connection }) => hub.filesFor(currentWorkspace(connection)).read(scope),
    'settings.writeFile': async ({ scope, text, baseHash }, { connection }) => {
      const ws = currentWorkspace(connection);
      const result = await hub.filesFor(ws).writeText(scope, text, baseHash);
      if (result.saved) hub.serviceFor(ws).reload();
      return result;
    },
    'settings.detectOllama': async ({ url }) => {
      // People paste the OpenAI-compatible address Ollama's documentation gives (`…/v1`); its native API is at the root.
      const at = (url ?? ollamaUrlFromEnv()).replace(/\/+$/, '').replace(/\/v1$/, '');
      const found = await detectOllama({ url: at, timeoutMs: 2000 });
      return { url: at, found: found ? { baseUrl: found.baseUrl, models: ollamaModelEntries(found).map((e) => ModelEntry.parse(e)) } : null };
    },
  };
}
