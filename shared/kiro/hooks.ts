// Agent hooks in both Kiro formats, normalised into one model:
//  - `*.kiro.hook`: one object, `{"when": {"type": …, "patterns"|"toolTypes"}, "then": {"type": "askAgent"|"runCommand", …}}`
//  - `*.json`: `{"version": "v1", "hooks": [{"name", "trigger", "matcher", "action", "timeout", "enabled"}]}`
// Read leniently (raw newlines in strings, CRLF, BOM); anything that cannot run — a broken
// file, an unknown trigger, another tool's hook shape — is listed with a diagnostic and
// never stops the other hooks. The `enabled` writer changes only the flag's bytes.

import picomatch from 'picomatch/posix';
import { hasErrors, type KiroDiagnostic } from './diagnostics';
import { isObject, objectEdits, parseLenientJson, type JsonPath, type LenientJson } from './lenient-json';
import { applyTextEdits } from './text';

export type HookTrigger =
  | 'fileEdited'
  | 'fileCreated'
  | 'fileDeleted'
  | 'userTriggered'
  | 'promptSubmit'
  | 'agentStop'
  | 'preToolUse'
  | 'postToolUse'
  | 'preTaskExecution'
  | 'postTaskExecution'
  | 'sessionStart';

export const HOOK_TRIGGERS: readonly HookTrigger[] = ['fileEdited', 'fileCreated', 'fileDeleted', 'userTriggered', 'promptSubmit', 'agentStop', 'preToolUse', 'postToolUse', 'preTaskExecution', 'postTaskExecution', 'sessionStart'];

/** Triggers whose command can block the event by exiting with code 2. */
export const BLOCKABLE_TRIGGERS: ReadonlySet<HookTrigger> = new Set(['preToolUse', 'promptSubmit', 'preTaskExecution']);

/** Newer-format trigger names → the model's. */
const V1_TRIGGERS: Record<string, HookTrigger> = {
  SessionStart: 'sessionStart',
  UserPromptSubmit: 'promptSubmit',
  PreToolUse: 'preToolUse',
  PostToolUse: 'postToolUse',
  PreTaskExec: 'preTaskExecution',
  PostTaskExec: 'postTaskExecution',
  PostFileCreate: 'fileCreated',
  PostFileSave: 'fileEdited',
  PostFileDelete: 'fileDeleted',
  Stop: 'agentStop',
};

/** Invalid trigger names seen in real files, with what was probably meant. */
const LIKELY: Record<string, string> = {
  manual: 'userTriggered',
  fileEdit: 'fileEdited',
  fileSave: 'fileEdited',
  fileSaved: 'fileEdited',
  onFileSave: 'fileEdited',
  fileCreate: 'fileCreated',
  fileDelete: 'fileDeleted',
  agentEnd: 'agentStop',
  stop: 'agentStop',
  beforeCommit: 'preToolUse with toolTypes ["shell"] (a command that runs before shell commands such as git commit)',
};

export const TOOL_CATEGORIES = ['read', 'write', 'shell', 'web', 'spec', 'mcp', '*'] as const;

export type HookAction = { type: 'askAgent'; prompt: string } | { type: 'runCommand'; command: string };

export interface Hook {
  /** Stable within a load: `<source path>#<index>`. */
  id: string;
  name: string;
  description: string | null;
  format: 'kiro-hook' | 'v1-json';
  trigger: HookTrigger;
  /** The trigger as written (`fileEdited`, `PostFileSave`). */
  rawTrigger: string;
  /** Globs over workspace-relative paths (older format, file triggers). */
  patterns: string[];
  /** A regular expression over the tool name or file path (newer format). */
  matcher: string | null;
  /** Tool categories (`read`, `write`, `shell`, `web`, `spec`, `mcp`, `*`) or `@`-names (older format, tool triggers). */
  toolTypes: string[];
  action: HookAction;
  /** Seconds before a command is stopped; null means the dispatcher's default. */
  timeoutSeconds: number | null;
  enabled: boolean;
  blockable: boolean;
  /** Where it came from: the file and the hook's position in it (0 for `.kiro.hook` files). */
  source: { file: string; index: number };
}

export interface HookFile {
  file: string;
  format: 'kiro-hook' | 'v1-json' | 'unknown';
  hooks: Hook[];
  /** Names of hooks in the file that cannot run (unknown trigger, missing action), for listing. */
  invalid: { index: number; name: string | null; reason: string }[];
  diagnostics: KiroDiagnostic[];
}

/** Lenient reading of a Kiro hook file. `file` is its path (used for the format and in ids). */
export function parseHookFile(text: string, file: string): HookFile {
  const result: HookFile = { file, format: 'unknown', hooks: [], invalid: [], diagnostics: [] };
  const json = parseLenientJson(text, 'hook file');
  result.diagnostics.push(...json.diagnostics);
  if (json.value === undefined) {
    result.invalid.push({ index: 0, name: null, reason: json.diagnostics[0]?.message ?? 'unreadable' });
    return result;
  }
  if (json.broken) {
    result.invalid.push({ index: 0, name: null, reason: 'The file is not valid JSON.' });
    return result;
  }
  const v = json.value;
  if (isObject(v) && Array.isArray(v.hooks)) {
    result.format = 'v1-json';
    readV1(json, v, result);
  } else if (isObject(v) && ('when' in v || 'then' in v)) {
    result.format = 'kiro-hook';
    readKiroHook(json, v, result);
  } else {
    const name = isObject(v) && typeof v.name === 'string' ? v.name : null;
    const shape = isObject(v) ? Object.keys(v).slice(0, 6).join(', ') : Array.isArray(v) ? 'an array' : typeof v;
    const reason = `Not a Kiro hook: expected {"when": …, "then": …} (.kiro.hook) or {"version": "v1", "hooks": […]} (.json), found ${isObject(v) ? `keys ${shape}` : shape}. It looks like another tool's hook format and will not run.`;
    result.diagnostics.push(json.diagAt([], 'error', 'hook.not-kiro', reason));
    result.invalid.push({ index: 0, name, reason });
  }
  return result;
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

function readKiroHook(json: LenientJson, v: Record<string, unknown>, out: HookFile): void {
  const d = out.diagnostics;
  const name = str(v.name) ?? out.file.replace(/^.*[\\/]/, '').replace(/\.kiro\.hook$/, '');
  const fail = (path: JsonPath, code: string, msg: string) => {
    d.push(json.diagAt(path, 'error', code, msg));
    out.invalid.push({ index: 0, name, reason: msg });
  };
  const when = v.when;
  const then = v.then;
  if (!isObject(when)) return fail(['when'], 'hook.when', 'The hook has no "when" object saying what triggers it.');
  if (!isObject(then)) return fail(['then'], 'hook.then', 'The hook has no "then" object saying what it does.');
  const rawTrigger = str(when.type);
  if (!rawTrigger) return fail(['when'], 'hook.trigger', 'when.type is missing; it names the trigger (fileEdited, promptSubmit, preToolUse, …).');
  if (!(HOOK_TRIGGERS as readonly string[]).includes(rawTrigger) || rawTrigger === 'sessionStart') {
    return fail(['when', 'type'], 'hook.unknown-trigger', unknownTrigger(rawTrigger));
  }
  const trigger = rawTrigger as HookTrigger;
  const action = readAction(json, then, ['then'], 'kiro-hook', d);
  if (!action) return void out.invalid.push({ index: 0, name, reason: 'The hook has no runnable action.' });
  const patterns = stringList(json, when.patterns, ['when', 'patterns'], d);
  const toolTypes = stringList(json, when.toolTypes, ['when', 'toolTypes'], d);
  if (/^file/.test(trigger) && !patterns.length) d.push(json.diagAt(['when'], 'warning', 'hook.no-patterns', `A ${trigger} hook needs "patterns" (globs such as "src/**/*.ts"); without them it never fires.`));
  if (/ToolUse$/.test(trigger) && !toolTypes.length) d.push(json.diagAt(['when'], 'warning', 'hook.no-tool-types', `A ${trigger} hook needs "toolTypes" (read, write, shell, web, spec, mcp or *); without them it never fires.`));
  if (patterns.length && !/^file/.test(trigger) && trigger !== 'userTriggered') d.push(json.diagAt(['when', 'patterns'], 'info', 'hook.patterns-ignored', `"patterns" has no effect on a ${trigger} hook.`));
  for (const t of toolTypes) {
    if (!(TOOL_CATEGORIES as readonly string[]).includes(t) && !t.startsWith('@') && !isRegex(t)) {
      d.push(json.diagAt(['when', 'toolTypes'], 'warning', 'hook.tool-type', `"${t}" is not a tool category (${TOOL_CATEGORIES.join(', ')}); it is matched as a regular expression over tool names.`));
    }
  }
  const enabled = readEnabled(json, v.enabled, ['enabled'], d);
  const timeout = then.timeout === undefined ? null : readTimeout(json, then.timeout, ['then', 'timeout'], d);
  out.hooks.push({
    id: `${out.file}#0`,
    name,
    description: str(v.description),
    format: 'kiro-hook',
    trigger,
    rawTrigger,
    patterns,
    matcher: null,
    toolTypes,
    action,
    timeoutSeconds: timeout,
    enabled,
    blockable: BLOCKABLE_TRIGGERS.has(trigger),
    source: { file: out.file, index: 0 },
  });
}

function readV1(json: LenientJson, v: Record<string, unknown>, out: HookFile): void {
  const d = out.diagnostics;
  if (v.version !== 'v1') d.push(json.diagAt(['version'], 'warning', 'hook.version', `version ${JSON.stringify(v.version)} — this reader knows "v1"; the hooks are read as v1.`));
  (v.hooks as unknown[]).forEach((h, i) => {
    const path: JsonPath = ['hooks', i];
    if (!isObject(h)) {
      const reason = `Hook ${i + 1} is not an object.`;
      d.push(json.diagAt(path, 'error', 'hook.shape', reason));
      out.invalid.push({ index: i, name: null, reason });
      return;
    }
    const name = str(h.name) ?? `hook ${i + 1}`;
    const rawTrigger = str(h.trigger);
    const trigger = rawTrigger ? (V1_TRIGGERS[rawTrigger] ?? null) : null;
    if (!trigger) {
      const reason = rawTrigger ? unknownTrigger(rawTrigger, true) : 'The hook has no "trigger" (PostFileSave, PreToolUse, UserPromptSubmit, …).';
      d.push(json.diagAt([...path, 'trigger'], 'error', rawTrigger ? 'hook.unknown-trigger' : 'hook.trigger', reason));
      out.invalid.push({ index: i, name, reason });
      return;
    }
    const action = isObject(h.action) ? readAction(json, h.action, [...path, 'action'], 'v1-json', d) : null;
    if (!action) {
      if (!isObject(h.action)) d.push(json.diagAt(path, 'error', 'hook.action', 'The hook has no "action" ({"type": "command", "command": …} or {"type": "agent", "prompt": …}).'));
      out.invalid.push({ index: i, name, reason: 'The hook has no runnable action.' });
      return;
    }
    const matcher = str(h.matcher);
    if (h.matcher !== undefined && matcher === null) d.push(json.diagAt([...path, 'matcher'], 'warning', 'hook.matcher', '"matcher" should be a regular expression string; ignored.'));
    if (matcher !== null && !isRegex(matcher)) {
      d.push(json.diagAt([...path, 'matcher'], 'error', 'hook.matcher', `"${matcher}" is not a valid regular expression; the hook matches nothing until it is fixed.`));
      out.invalid.push({ index: i, name, reason: 'Invalid matcher.' });
      return;
    }
    out.hooks.push({
      id: `${out.file}#${i}`,
      name,
      description: str(h.description),
      format: 'v1-json',
      trigger,
      rawTrigger: rawTrigger!,
      patterns: [],
      matcher,
      toolTypes: [],
      action,
      timeoutSeconds: h.timeout === undefined ? 60 : (readTimeout(json, h.timeout, [...path, 'timeout'], d) ?? 60),
      enabled: readEnabled(json, h.enabled, [...path, 'enabled'], d),
      blockable: BLOCKABLE_TRIGGERS.has(trigger),
      source: { file: out.file, index: i },
    });
  });
}

function readAction(json: LenientJson, a: Record<string, unknown>, path: JsonPath, format: HookFile['format'], d: KiroDiagnostic[]): HookAction | null {
  const type = str(a.type);
  const agent = format === 'v1-json' ? 'agent' : 'askAgent';
  const command = format === 'v1-json' ? 'command' : 'runCommand';
  if (type === agent || type === 'askAgent' || type === 'agent') {
    const prompt = str(a.prompt);
    if (!prompt?.trim()) {
      d.push(json.diagAt([...path, 'prompt'], 'error', 'hook.prompt', 'An agent action needs a non-empty "prompt".'));
      return null;
    }
    return { type: 'askAgent', prompt };
  }
  if (type === command || type === 'runCommand' || type === 'command') {
    const cmd = str(a.command);
    if (!cmd?.trim()) {
      d.push(json.diagAt([...path, 'command'], 'error', 'hook.command', 'A command action needs a non-empty "command".'));
      return null;
    }
    return { type: 'runCommand', command: cmd };
  }
  d.push(json.diagAt([...path, 'type'], 'error', 'hook.action-type', `Unknown action type ${JSON.stringify(a.type)}: use "${agent}" (with a prompt) or "${command}" (with a command).`));
  return null;
}

function unknownTrigger(raw: string, v1 = false): string {
  const known = v1 ? Object.keys(V1_TRIGGERS) : HOOK_TRIGGERS.filter((t) => t !== 'sessionStart');
  const likely = LIKELY[raw] ?? (v1 ? undefined : V1_TRIGGERS[raw]) ?? closest(raw, known);
  return `Unknown trigger "${raw}"${likely ? ` — did you mean ${likely}?` : ''} This hook will not run. Triggers: ${known.join(', ')}.`;
}

function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const dist = levenshtein(word.toLowerCase(), o.toLowerCase());
    if (dist < bestD) [best, bestD] = [o, dist];
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function isRegex(s: string): boolean {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}

function stringList(json: LenientJson, v: unknown, path: JsonPath, d: KiroDiagnostic[]): string[] {
  if (v === undefined) return [];
  if (typeof v === 'string') {
    d.push(json.diagAt(path, 'info', 'hook.list', `"${path[path.length - 1]}" should be a list; the single string is read as a list of one.`));
    return [v];
  }
  if (!Array.isArray(v)) {
    d.push(json.diagAt(path, 'warning', 'hook.list', `"${path[path.length - 1]}" should be a list of strings; ignored.`));
    return [];
  }
  const out = v.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  if (out.length !== v.length) d.push(json.diagAt(path, 'warning', 'hook.list', `"${path[path.length - 1]}" has entries that are not strings; they are ignored.`));
  return out;
}

function readEnabled(json: LenientJson, v: unknown, path: JsonPath, d: KiroDiagnostic[]): boolean {
  if (v === undefined) return true;
  if (typeof v === 'boolean') return v;
  d.push(json.diagAt(path, 'warning', 'hook.enabled', `"enabled" should be true or false; ${JSON.stringify(v)} is read as ${v === 'false' || v === 0 ? 'false' : 'true'}.`));
  return !(v === 'false' || v === 0);
}

function readTimeout(json: LenientJson, v: unknown, path: JsonPath, d: KiroDiagnostic[]): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n === 'number' && Number.isFinite(n) && n > 0) return n;
  d.push(json.diagAt(path, 'warning', 'hook.timeout', `"timeout" should be a positive number of seconds; ${JSON.stringify(v)} is ignored.`));
  return null;
}

/**
 * Sets a hook's `enabled` flag. When the flag is written, only its `true`/`false` token
 * changes; when it is absent, `"enabled": false` is added after the last key of that hook's
 * object in the file's own layout. Nothing else moves. `index` is the hook's position (0 for
 * `.kiro.hook` files).
 */
export function setHookEnabled(text: string, index: number, enabled: boolean): string {
  const json = parseLenientJson(text);
  if (json.broken || json.value === undefined) throw new Error('The hook file is not valid JSON; fix it before switching the hook.');
  const v = json.value;
  const path: JsonPath = isObject(v) && Array.isArray(v.hooks) ? ['hooks', index] : [];
  if (!path.length && index !== 0) throw new RangeError('A .kiro.hook file holds one hook (index 0).');
  const node = json.node(path);
  if (!node || node.type !== 'object') throw new RangeError(`There is no hook ${index + 1} in this file.`);
  const flag = json.node([...path, 'enabled']);
  if (flag && flag.type === 'boolean') {
    if (flag.value === enabled) return text;
    const at = json.toOriginal(flag.offset);
    return applyTextEdits(text, [{ offset: at, length: json.toOriginal(flag.offset + flag.length) - at, text: String(enabled) }]);
  }
  if (!flag && enabled) return text; // absent means enabled
  return applyTextEdits(text, objectEdits(json, { enabled }, path));
}

export const hookFileOk = (f: HookFile) => !hasErrors(f.diagnostics) && f.invalid.length === 0;

// ── Matching (for the dispatcher) ──────────────────────────────────────────

const fileMatchers = new WeakMap<Hook, (p: string) => boolean>();

/**
 * Whether a file event's path (workspace-relative) concerns this hook: its globs (a glob
 * without a slash matches the base name anywhere), or its `matcher` regular expression. A
 * file hook with neither matches nothing.
 */
export function hookMatchesFile(hook: Hook, relPath: string): boolean {
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  if (hook.matcher !== null) return new RegExp(hook.matcher).test(p);
  let m = fileMatchers.get(hook);
  if (!m) {
    const tests = hook.patterns.map((g) => picomatch(g.replace(/^\.\//, ''), { dot: true, basename: !g.includes('/') }));
    m = (x: string) => tests.some((t) => t(x));
    fileMatchers.set(hook, m);
  }
  return m(p);
}

/**
 * Whether a tool call concerns a pre/post tool hook: by category (`read`, `write`, `shell`,
 * `web`, `spec`, `mcp`, `*`), by `@name` (`@mcp`, `@mcp.server`, `@write_file`), or by a
 * regular expression over the tool name (`toolTypes` entries that are none of those, or the
 * newer format's `matcher`).
 */
export function hookMatchesTool(hook: Hook, tool: { name: string; category: string }): boolean {
  if (hook.matcher !== null) return new RegExp(hook.matcher).test(tool.name);
  return hook.toolTypes.some((t) => {
    if (t === '*' || t === tool.category) return true;
    if ((TOOL_CATEGORIES as readonly string[]).includes(t)) return false;
    if (t.startsWith('@')) {
      const name = t.slice(1);
      return name === tool.category || name === tool.name || tool.name.startsWith(`${name}__`) || tool.name.startsWith(`${name.replace('.', '__')}__`) || tool.name === name.replace('.', '__');
    }
    try {
      return new RegExp(t).test(tool.name);
    } catch {
      return false;
    }
  });
}
