import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { Settings, type SettingsIssue } from '../../shared/settings';
import { sanitizeScope } from '../../shared/settings/validate';
import { Emitter } from '../../shared/rpc/transport';

/** Where the user's settings live, and the workspace's (beside Kiro's own settings). */
export const userSettingsFile = (dataDir: string) => path.join(dataDir, 'settings.json');
export const workspaceSettingsFile = (root: string) => path.join(root, '.kiro', 'settings', 'specwright.json');

type Json = Record<string, unknown>;

function readJsonc(file: string, scope: SettingsIssue['scope'], issues: SettingsIssue[]): Json {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  const errors: ParseError[] = [];
  const value = parseJsonc(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: true });
  if (errors.length) {
    const e = errors[0]!;
    const line = text.slice(0, e.offset).split('\n').length;
    issues.push({ scope, key: '', message: `${file}:${line}: ${printParseErrorCode(e.error)}; the file's settings are ignored until it is fixed.` });
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    issues.push({ scope, key: '', message: `${file}: expected a JSON object of settings.` });
    return {};
  }
  return value as Json;
}

/** Deep merge where the workspace's values win over the user's; arrays are replaced, not merged. */
function merge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b) ? merge(b as Json, v as Json) : v;
  }
  return out;
}

export interface EffectiveSettings {
  settings: Settings;
  issues: SettingsIssue[];
  /** What each file says, as written (bad values included), for the Settings screen. */
  scopes: { user: Json; workspace: Json | null };
}

/**
 * Reads user and workspace settings, merges them (workspace wins) and validates them.
 * Each bad value is reported with its key and scope and left out, so its default (or the
 * user's value) applies and every other setting still does.
 */
export function loadSettings(dataDir: string, workspaceRoot: string | null): EffectiveSettings {
  const issues: SettingsIssue[] = [];
  const userRaw = readJsonc(userSettingsFile(dataDir), 'user', issues);
  const workspaceRaw = workspaceRoot ? readJsonc(workspaceSettingsFile(workspaceRoot), 'workspace', issues) : null;
  const user = sanitizeScope(userRaw, 'user');
  const workspace = workspaceRaw ? sanitizeScope(workspaceRaw, 'workspace') : { clean: {}, issues: [] };
  issues.push(...user.issues, ...workspace.issues);
  const merged = Settings.safeParse(merge(user.clean, workspace.clean));
  return { settings: merged.success ? merged.data : Settings.parse({}), issues, scopes: { user: userRaw, workspace: workspaceRaw } };
}

/**
 * The settings in effect for one workspace (or none), reloaded on demand. Features read
 * `current.settings.<section>` when they act, so a change applies without a restart.
 */
export class SettingsService {
  readonly changes = new Emitter<EffectiveSettings>();
  private state: EffectiveSettings;

  constructor(
    private readonly dataDir: string,
    private readonly workspaceRoot: string | null,
  ) {
    this.state = loadSettings(dataDir, workspaceRoot);
  }

  get current(): EffectiveSettings {
    return this.state;
  }

  get settings(): Settings {
    return this.state.settings;
  }

  reload(): EffectiveSettings {
    this.state = loadSettings(this.dataDir, this.workspaceRoot);
    this.changes.emit(this.state);
    return this.state;
  }
}
