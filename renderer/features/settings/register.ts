import { lazy } from 'react';
import { useCommands, type Command } from '../../commands/registry';
import { useApp } from '../../stores/app-store';
import { followSettings, useSettings } from '../../stores/settings-store';
import { openEditorView, useEditorViews } from '../editor/editor-views';
import { loadMonaco } from '../editor/monaco-loader';
import { monacoTheme } from '../editor/theme';
import { SETTINGS_VIEW, useSettingsUi } from './settings-ui';
import type { SettingsScope } from '../../../shared/contract';

// The screen loads when first opened: it is the largest feature, and most sessions never open it.
const SettingsView = lazy(() => import('./SettingsView').then((m) => ({ default: m.SettingsView })));
/** Ctrl/Cmd+S in the JSON editor; nothing to save if it was never loaded. */
const saveOpenJson = () => import('./JsonEditor').then((m) => m.saveOpenJson());

/** Opens the Settings tab, on a scope, as the form or as JSON, optionally at a section. */
export function openSettings(options: { scope?: SettingsScope; mode?: 'form' | 'json'; section?: string } = {}): void {
  const ui = useSettingsUi.getState();
  if (options.scope) ui.setScope(options.scope);
  if (options.mode) ui.setMode(options.mode);
  if (options.section) {
    ui.setQuery('');
    ui.setReveal(options.section);
  }
  openEditorView(SETTINGS_VIEW);
}

/** `general.fontSize` for every Monaco editor, those open now and those created later. */
function followEditorFont(): () => void {
  let hooked: { dispose(): void } | null = null;
  let cancelled = false;
  void loadMonaco().then((monaco) => {
    if (cancelled) return;
    hooked = monaco.editor.onDidCreateEditor((e) => e.updateOptions({ fontSize: useSettings.getState().fontSize }));
    for (const e of monaco.editor.getEditors()) e.updateOptions({ fontSize: useSettings.getState().fontSize });
  });
  const off = useSettings.subscribe((s, prev) => {
    if (s.fontSize === prev.fontSize) return;
    void loadMonaco().then((monaco) => {
      for (const e of monaco.editor.getEditors()) e.updateOptions({ fontSize: s.fontSize });
    });
  });
  return () => {
    cancelled = true;
    hooked?.dispose();
    off();
  };
}

/**
 * Monaco's theme is one for the whole page, and only the file editor used to set it: the
 * JSON settings editor shown alone stayed light in the dark theme. It follows the
 * workbench's `data-theme` (set from `general.theme`) instead, whoever is on screen.
 */
function followEditorTheme(): () => void {
  const root = document.documentElement;
  const apply = () => {
    const theme = root.dataset.theme === 'dark' ? 'dark' : 'light';
    void loadMonaco().then((monaco) => monaco.editor.setTheme(monacoTheme(theme)));
  };
  apply();
  const observer = new MutationObserver(apply);
  observer.observe(root, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

const hasWorkspace = () => useApp.getState().workspace !== null;

/** The Settings tab, its commands (Ctrl/Cmd+, opens it), and the settings applied to the whole window. */
export function registerSettingsFeature(): () => void {
  const commands: Command[] = [
    { id: 'workbench.openSettings', title: 'Open Settings', category: 'Preferences', keys: 'Mod+,', global: true, run: () => openSettings({ mode: 'form' }) },
    { id: 'workbench.openUserSettingsJson', title: 'Open User Settings (JSON)', category: 'Preferences', run: () => openSettings({ scope: 'user', mode: 'json' }) },
    { id: 'workbench.openWorkspaceSettingsJson', title: 'Open Workspace Settings (JSON)', category: 'Preferences', when: hasWorkspace, run: () => openSettings({ scope: 'workspace', mode: 'json' }) },
    { id: 'workbench.openKeyboardShortcuts', title: 'Open Keyboard Shortcuts', category: 'Preferences', run: () => openSettings({ mode: 'form', section: 'keybindings' }) },
    { id: 'workbench.openApiKeys', title: 'Manage API Keys', category: 'Preferences', run: () => openSettings({ mode: 'form', section: 'secrets' }) },
  ];
  const offs = [
    useEditorViews.getState().register({ id: SETTINGS_VIEW, title: 'Settings', component: SettingsView, save: saveOpenJson }),
    useCommands.getState().register(commands),
    followSettings(() => openSettings({ mode: 'form' })),
    followEditorFont(),
    followEditorTheme(),
  ];
  return () => offs.forEach((off) => off());
}
