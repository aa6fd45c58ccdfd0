import { defaultSettings } from '../../../shared/settings';
import { formatKey, getAt, settingsJsonSchema, type KeyPath, type SchemaNode } from '../../../shared/settings/validate';
import { describeKey, sectionTitle } from './labels';

/** How a setting is edited when no hand-made control is registered for it. */
export type ControlKind = 'boolean' | 'fixed' | 'enum' | 'number' | 'string' | 'stringList' | 'stringMap' | 'json';

export interface SettingLeaf {
  path: KeyPath;
  /** `terminal.scrollback` */
  key: string;
  section: string;
  /** `Terminal › Agent` for `terminal.agent.timeoutMs`. */
  group: string;
  label: string;
  description: string;
  kind: ControlKind;
  schema: SchemaNode;
  nullable: boolean;
  enumValues: unknown[];
  defaultValue: unknown;
  /** `.meta({ scope: 'user' })`: a workspace cannot set it. */
  userOnly: boolean;
}

export interface SettingsSectionModel {
  id: string;
  title: string;
  leaves: SettingLeaf[];
}

const types = (node: SchemaNode): string[] => {
  const own = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  return [...own, ...(node.anyOf ?? []).flatMap(types)];
};

/** The branch of a nullable node that is not null. */
const nonNull = (node: SchemaNode): SchemaNode => node.anyOf?.find((n) => !types(n).every((t) => t === 'null')) ?? node;

function kindOf(node: SchemaNode): ControlKind {
  const t = types(node);
  const main = nonNull(node);
  if (main.const !== undefined) return 'fixed';
  if (main.enum) return 'enum';
  if (t.includes('boolean')) return 'boolean';
  if (t.includes('number') || t.includes('integer')) return 'number';
  if (t.includes('string')) return 'string';
  if (t.includes('array') && main.items && types(main.items).every((x) => x === 'string')) return 'stringList';
  const extra = main.additionalProperties;
  if (t.includes('object') && !main.properties && extra && typeof extra === 'object' && types(extra).every((x) => x === 'string' || x === 'null')) return 'stringMap';
  return 'json';
}

const isGroup = (node: SchemaNode) => !!node.properties && types(node).includes('object') && node.scope !== 'user';

function humanize(part: string): string {
  const words = part.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function collect(node: SchemaNode, path: KeyPath, section: string, out: SettingLeaf[]) {
  if (isGroup(node) && path.length < 6) {
    for (const [k, child] of Object.entries(node.properties!)) collect(child, [...path, k], section, out);
    return;
  }
  const key = formatKey(path);
  const known = describeKey(key);
  const parents = path.slice(1, -1).map((p) => humanize(String(p)));
  out.push({
    path,
    key,
    section,
    group: [sectionTitle(section), ...parents].join(' › '),
    label: known?.label ?? humanize(String(path[path.length - 1])),
    description: known?.description ?? node.description ?? '',
    kind: kindOf(node),
    schema: node,
    nullable: types(node).includes('null'),
    enumValues: nonNull(node).enum ?? [],
    defaultValue: getAt(defaultSettings(), path),
    userOnly: node.scope === 'user',
  });
}

let model: SettingsSectionModel[] | null = null;

/** Every section and every setting in it, read from the schemas (a new section appears by itself). */
export function settingsModel(): SettingsSectionModel[] {
  if (model) return model;
  const root = settingsJsonSchema();
  model = Object.entries(root.properties ?? {}).map(([id, node]) => {
    const leaves: SettingLeaf[] = [];
    collect(node, [id], id, leaves);
    return { id, title: sectionTitle(id), leaves };
  });
  return model;
}

/** Whether every word of the query is in the setting's key, label, group or description. */
export function matches(query: string, ...texts: string[]): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = texts.join(' ').toLowerCase();
  return words.every((w) => hay.includes(w));
}

export const leafText = (leaf: SettingLeaf) => [leaf.key, leaf.label, leaf.group, leaf.description];
