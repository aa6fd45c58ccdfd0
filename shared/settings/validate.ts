import { z } from 'zod';
import { Settings, type SettingsIssue } from './index';

/**
 * Validation of one scope's raw settings (what a settings file holds), shared by the host
 * (loading, saving) and the Settings screen (checking a value as it is typed). Everything
 * is driven by the zod schemas and their JSON Schema form, so a new section is validated
 * — and shown — without code here.
 */

export type KeyPath = (string | number)[];
export type Scope = SettingsIssue['scope'];
type Json = Record<string, unknown>;

/** A JSON Schema node, as `z.toJSONSchema` writes them. */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  required?: string[];
  /** `.meta({ scope: 'user' })` on a field: workspaces cannot set it. */
  scope?: 'user';
  [k: string]: unknown;
}

let jsonSchema: SchemaNode | null = null;
/** The settings as JSON Schema (input side: what a file may contain), computed once. */
export function settingsJsonSchema(): SchemaNode {
  jsonSchema ??= z.toJSONSchema(Settings, { io: 'input', unrepresentable: 'any' }) as SchemaNode;
  return jsonSchema;
}

/** `agent.models[2].price`, `keybindings.overrides["file.save"]`. */
export function formatKey(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** The object branch of a node that may also be null (`anyOf: [object, null]`). */
function objectish(node: SchemaNode | undefined): SchemaNode | undefined {
  if (!node) return undefined;
  if (node.properties || (node.additionalProperties && typeof node.additionalProperties === 'object') || node.items) return node;
  return node.anyOf?.find((n) => n.properties || n.items || (n.additionalProperties && typeof n.additionalProperties === 'object'));
}

/** The schema of the value at `path`, or undefined for a key the settings do not have. */
export function schemaAt(path: KeyPath, root: SchemaNode = settingsJsonSchema()): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const part of path) {
    const o = objectish(node);
    if (!o) return undefined;
    if (typeof part === 'number') node = o.items;
    else if (o.properties && part in o.properties) node = o.properties[part];
    else if (o.additionalProperties && typeof o.additionalProperties === 'object') node = o.additionalProperties;
    else return undefined;
  }
  return node;
}

/** Keys a file sets that no setting has (a typo, or a feature that is not there). */
export function unknownKeys(raw: unknown, node: SchemaNode = settingsJsonSchema(), at: KeyPath = []): KeyPath[] {
  const o = objectish(node);
  if (!o || raw === null || typeof raw !== 'object') return [];
  if (Array.isArray(raw)) return o.items ? raw.flatMap((v, i) => unknownKeys(v, o.items!, [...at, i])) : [];
  const out: KeyPath[] = [];
  for (const [k, v] of Object.entries(raw as Json)) {
    const child = o.properties?.[k] ?? (o.additionalProperties && typeof o.additionalProperties === 'object' ? o.additionalProperties : undefined);
    if (!child) out.push([...at, k]);
    else out.push(...unknownKeys(v, child, [...at, k]));
  }
  return out;
}

/** Paths of the settings only the user's own file may set (`.meta({ scope: 'user' })`). */
export function userOnlyKeys(node: SchemaNode = settingsJsonSchema(), at: KeyPath = []): KeyPath[] {
  if (node.scope === 'user') return [at];
  const o = objectish(node);
  if (!o?.properties) return [];
  return Object.entries(o.properties).flatMap(([k, child]) => userOnlyKeys(child, [...at, k]));
}

export const isUserOnly = (path: KeyPath) => userOnlyKeys().some((p) => p.length <= path.length && p.every((part, i) => part === path[i]));

export function getAt(obj: unknown, path: KeyPath): unknown {
  let node = obj;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

function deleteAt(obj: unknown, path: KeyPath): boolean {
  if (!path.length) return false;
  const parent = getAt(obj, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (parent === null || typeof parent !== 'object') return false;
  if (Array.isArray(parent) && typeof last === 'number') {
    if (last >= parent.length) return false;
    parent.splice(last, 1);
    return true;
  }
  if (!(last in (parent as Json))) return false;
  delete (parent as Json)[last as string];
  return true;
}

/** Returns a copy of `obj` with `value` at `path` (creating objects on the way); `undefined` removes the key. */
export function setAt<T>(obj: T, path: KeyPath, value: unknown): T {
  const copy = structuredClone(obj ?? {}) as unknown;
  if (!path.length) return (value ?? {}) as T;
  if (value === undefined) {
    deleteAt(copy, path);
    return copy as T;
  }
  let node = copy as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const part = path[i]!;
    const next = node[part];
    if (next === null || typeof next !== 'object') node[part] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[part] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]!] = value;
  return copy as T;
}

const keyOf = (issue: { path: PropertyKey[] }): KeyPath => issue.path.map((p) => (typeof p === 'number' ? p : String(p)));

/**
 * Every problem with one scope's raw settings, each with its key: values the schema
 * refuses, keys no setting has, and user-only settings in the workspace's file.
 */
export function scopeIssues(raw: unknown, scope: Scope): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return [{ scope, key: '', path: [], message: 'expected a JSON object of settings, such as { "general": { "theme": "dark" } }.' }];
  }
  const result = Settings.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = keyOf(issue);
      const key = formatKey(path);
      issues.push({ scope, key, path, message: `${key || 'settings'}: ${issue.message}` });
    }
  }
  for (const path of unknownKeys(raw)) {
    const key = formatKey(path);
    issues.push({ scope, key, path, message: `${key}: there is no such setting; it is ignored.` });
  }
  if (scope === 'workspace') {
    for (const path of userOnlyKeys()) {
      if (getAt(raw, path) === undefined) continue;
      const key = formatKey(path);
      issues.push({ scope, key, path, message: `${key}: can be set only in your user settings, not in a workspace's; the workspace's value is ignored.` });
    }
  }
  return issues;
}

/**
 * A scope's settings with every bad value taken out (so its default, or the other scope's
 * value, applies) — one typo never discards the rest. A value whose removal leaves its
 * parent invalid (a model entry without its required `provider`) takes the parent with it.
 */
export function sanitizeScope(raw: unknown, scope: Scope): { clean: Json; issues: SettingsIssue[] } {
  const issues = scopeIssues(raw, scope);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { clean: {}, issues };
  const clean = structuredClone(raw) as Json;
  if (scope === 'workspace') for (const path of userOnlyKeys()) deleteAt(clean, path);
  for (let round = 0; round < 500; round++) {
    const result = Settings.safeParse(clean);
    if (result.success) break;
    let path = keyOf(result.error.issues[0]!);
    // A required value that is missing: the object that needs it goes.
    while (path.length && getAt(clean, path) === undefined) path = path.slice(0, -1);
    if (!path.length || !deleteAt(clean, path)) return { clean: {}, issues };
  }
  return { clean, issues };
}
