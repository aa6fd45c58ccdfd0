import { z } from 'zod';
import { method, stream } from '../rpc/define';
import { ModelEntry } from '../settings/agent';
import { Empty } from './common';

export const SettingsScope = z.enum(['user', 'workspace']);
export type SettingsScope = z.infer<typeof SettingsScope>;

export const KeyPath = z.array(z.union([z.string().max(200), z.number().int().min(0)])).max(20);

export const SettingsIssueView = z.object({
  scope: SettingsScope,
  /** `terminal.scrollback`, `agent.models[2].provider`; '' for the whole file. */
  key: z.string(),
  path: KeyPath.optional(),
  message: z.string(),
});
export type SettingsIssueView = z.infer<typeof SettingsIssueView>;

/** An issue in a file's text, with its place (1-based), for the JSON editor's markers. */
export const LocatedIssueView = SettingsIssueView.extend({
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int(),
  endColumn: z.number().int(),
});
export type LocatedIssueView = z.infer<typeof LocatedIssueView>;

const ScopeView = z.object({
  /** Absolute path of the file. */
  file: z.string(),
  /** What the screen shows: the path, or `.kiro/settings/specwright.json` for a workspace. */
  display: z.string(),
  /** What the file says, as written (bad values included, so the screen can show them with their error). */
  values: z.record(z.string(), z.unknown()),
});

/** Everything the Settings screen shows: the values in effect and what each file says. */
export const SettingsView = z.object({
  /** The settings in effect (defaults, then the user's file, then the workspace's). */
  effective: z.record(z.string(), z.unknown()),
  issues: z.array(SettingsIssueView),
  user: ScopeView,
  /** null with no folder open. */
  workspace: ScopeView.nullable(),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const SettingsFileView = z.object({
  scope: SettingsScope,
  file: z.string(),
  display: z.string(),
  exists: z.boolean(),
  text: z.string(),
  /** Sent back with a save, so a file changed meanwhile is not overwritten. '' for a file that does not exist. */
  hash: z.string(),
});
export type SettingsFileView = z.infer<typeof SettingsFileView>;

export const settingsContract = {
  'settings.get': method(Empty, SettingsView),
  /** The view now and after every change (from the screen, another window, or the files edited by hand). */
  'settings.changes': stream(Empty, SettingsView),
  /**
   * Sets one value in one scope's file (`reset: true` removes it, so the default or the
   * user's value applies), keeping the file's comments. A value the schema refuses is not
   * written: BAD_REQUEST naming the key.
   */
  'settings.set': method(z.object({ scope: SettingsScope, path: KeyPath.min(1), value: z.unknown().optional(), reset: z.boolean().default(false) }), Empty),
  /** A settings file's text, for the JSON editor (the user's file lives outside the workspace). */
  'settings.readFile': method(z.object({ scope: SettingsScope }), SettingsFileView),
  /** Saves a settings file's text. Not saved when it does not parse or a value is refused: `issues` say which key and where. */
  'settings.writeFile': method(
    z.object({ scope: SettingsScope, text: z.string().max(2_000_000), baseHash: z.string().optional() }),
    z.object({ saved: z.boolean(), issues: z.array(LocatedIssueView), hash: z.string().nullable() }),
  ),
  /** Looks for a local Ollama (its native API) and offers its models as ready-made entries for `agent.models`. */
  'settings.detectOllama': method(
    z.object({ url: z.string().url().max(2000).optional() }),
    z.object({ url: z.string(), found: z.object({ baseUrl: z.string(), models: z.array(ModelEntry) }).nullable() }),
  ),
};
