import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { Settings, type SettingsIssue } from '../../shared/settings';
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

/**
 * Validates a scope's raw settings one field at a time: a bad value is reported with its
 * key and replaced by its default, so one typo never discards the rest.
 */
function sanitize(raw: Json, scope: SettingsIssue['scope'], issues: SettingsIssue[]): Json {
  const result = Settings.safeParse(raw);
  if (result.success) return raw;
  const clean: Json = structuredClone(raw);
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.');
    issues.push({ scope, key, message: `${key}: ${issue.message}` });
    // Drop the offending value so that its default applies.
    let node: unknown = clean;
    const parts = issue.path.map(String);
    for (let i = 0; i < parts.length - 1 && node && typeof node === 'object'; i++) node = (node as Json)[parts[i]!];
    if (node && typeof node === 'object' && parts.length) delete (node as Json)[parts[parts.length - 1]!];
  }
  return clean;
}

export interface EffectiveSettings {
  settings: Settings;
  issues: SettingsIssue[];
}

/** Reads user and workspace settings, merges them (workspace wins) and validates them. */
export function loadSettings(dataDir: string, workspaceRoot: string | null): EffectiveSettings {
  const issues: SettingsIssue[] = [];
  const user = sanitize(readJsonc(userSettingsFile(dataDir), 'user', issues), 'user', issues);
  const workspace = workspaceRoot ? sanitize(readJsonc(workspaceSettingsFile(workspaceRoot), 'workspace', issues), 'workspace', issues) : {};
  const merged = Settings.safeParse(merge(user, workspace));
  return { settings: merged.success ? merged.data : Settings.parse({}), issues };
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
