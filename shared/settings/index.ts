import { z } from 'zod';
import { AgentSettings } from './agent';
import { CheckpointSettings } from './checkpoints';
import { GeneralSettings } from './general';
import { HookSettings } from './hooks';
import { KeybindingSettings } from './keybindings';
import { McpSettings } from './mcp';
import { PolicySettings } from './policy';
import { SpecsSettings } from './specs';
import { TerminalSettings } from './terminal';

/**
 * Every setting, one section per feature. A section is a zod object whose fields all have
 * defaults, so `Settings.parse({})` is the default configuration. Add a feature's section
 * here (one line) and keep its schema in its own file.
 */
export const Settings = z.object({
  general: GeneralSettings,
  agent: AgentSettings,
  policy: PolicySettings,
  mcp: McpSettings,
  specs: SpecsSettings,
  terminal: TerminalSettings,
  checkpoints: CheckpointSettings,
  hooks: HookSettings,
  keybindings: KeybindingSettings,
});
export type Settings = z.infer<typeof Settings>;
export type SettingsSection = keyof Settings;

export const defaultSettings = (): Settings => Settings.parse({});

export interface SettingsIssue {
  scope: 'user' | 'workspace';
  /** e.g. `terminal.scrollback`; '' for the whole file. */
  key: string;
  /** The key as a path (`['agent', 'models', 2, 'price']`), when the issue is about one value. */
  path?: (string | number)[];
  message: string;
}
