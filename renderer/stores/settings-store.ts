import { create } from 'zustand';
import type { SecretInfo, SettingsScope, SettingsView } from '../../shared/contract';
import { defaultSettings, type Settings, type SettingsIssue } from '../../shared/settings';
import type { KeyPath } from '../../shared/settings/validate';
import { api } from '../api/client';
import { useCommands } from '../commands/registry';
import { forEachWorkspace, useApp } from './app-store';
import { useNotifications } from './notifications';

export type ThemeSetting = Settings['general']['theme'];

const THEME_KEY = 'specwright.theme';
const savedTheme = (): ThemeSetting => {
  try {
    const t = localStorage.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
};

interface SecretsState {
  store: 'os-keychain' | 'encrypted-file';
  secrets: SecretInfo[];
}

interface SettingsStore {
  /** What the host says (null until the first answer). */
  view: SettingsView | null;
  /** The settings in effect, typed; the defaults until the host answers. */
  effective: Settings;
  /** Remembered between loads, so the page does not flash the other theme at start. */
  theme: ThemeSetting;
  fontSize: number;
  secrets: SecretsState | null;
  /**
   * Sets a value in one scope; resolves with the refusal in words, or null when it applied.
   * `make` runs when the change's turn comes, with the view every earlier change left: it
   * returns the value, or the problem that stops it.
   */
  set(scope: SettingsScope, path: KeyPath, make: () => { value: unknown } | { problem: string }): Promise<string | null>;
  reset(scope: SettingsScope, path: KeyPath): Promise<string | null>;
  loadSecrets(names: string[]): Promise<void>;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Changes go to the host one at a time, each made from the view the one before left —
 * re-read at once, not when the change stream gets here — so two quick edits of one list
 * (a model's key name, then its price) never write the list twice from the same old copy.
 */
let queue: Promise<unknown> = Promise.resolve();
function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => {});
  return run;
}

async function write(input: { scope: SettingsScope; path: KeyPath; value?: unknown; reset?: boolean }): Promise<string | null> {
  try {
    await api.call('settings.set', input);
  } catch (e) {
    return messageOf(e);
  }
  try {
    const view = await api.call('settings.get', {});
    useSettings.setState({ view, effective: view.effective as Settings });
  } catch {
    // the change stream brings it
  }
  return null;
}

export const useSettings = create<SettingsStore>((set) => ({
  view: null,
  effective: defaultSettings(),
  theme: savedTheme(),
  fontSize: 13,
  secrets: null,
  set: (scope, path, make) =>
    inTurn(async () => {
      const made = make();
      return 'problem' in made ? made.problem : write({ scope, path, value: made.value });
    }),
  reset: (scope, path) => inTurn(() => write({ scope, path, reset: true })),
  async loadSecrets(names) {
    try {
      set({ secrets: await api.call('secrets.list', { names }) });
    } catch (e) {
      useNotifications.getState().push('error', messageOf(e));
    }
  },
}));

/** Problems already told about, so that a reload does not repeat them. */
const told = new Set<string>();

function announce(issues: SettingsIssue[], open: () => void) {
  for (const issue of issues) {
    const id = `${issue.scope}\u0000${issue.message}`;
    if (told.has(id)) continue;
    told.add(id);
    const where = issue.scope === 'user' ? 'User settings' : 'Workspace settings';
    useNotifications.getState().push('warning', `${where}: ${issue.message}${issue.key ? ' — this value is not used.' : ''}`, [{ label: 'Open Settings', run: open }]);
  }
}

function apply(view: SettingsView, open: () => void) {
  const effective = view.effective as Settings;
  const theme = effective.general.theme;
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    // private mode: the theme still applies, it is just not remembered
  }
  useSettings.setState({ view, effective, theme, fontSize: effective.general.fontSize });
  useCommands.getState().setOverrides(effective.keybindings.overrides);
  announce(view.issues, open);
  // The default mode applies to a workspace that never chose one: ask what is in effect now.
  if (useApp.getState().workspace) {
    void api
      .call('workspace.getState', {})
      .then((s) => useApp.setState({ autopilot: s.autopilot }))
      .catch(() => {});
  }
}

/**
 * Follows the settings of the window's folder (or the user's alone without one): every
 * change — from the Settings screen, another window, or the files edited by hand — applies
 * here at once: theme, font size, keyboard shortcuts, the default mode.
 */
export function followSettings(open: () => void): () => void {
  return forEachWorkspace(() => api.subscribe('settings.changes', {}, { event: (view) => apply(view, open), end: () => {} }));
}
