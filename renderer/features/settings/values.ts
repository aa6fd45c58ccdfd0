import type { SettingsScope, SettingsView } from '../../../shared/contract';
import { defaultSettings } from '../../../shared/settings';
import { formatKey, getAt, scopeIssues, setAt, type KeyPath } from '../../../shared/settings/validate';
import { useSettings } from '../../stores/settings-store';

export type Source = 'workspace' | 'user' | 'default';

/** One setting as the screen shows it in one scope. */
export interface ScopedValue {
  /** What this scope's file sets (undefined: nothing). */
  own: unknown;
  /** What applies in this scope without its own value: the default, or for a workspace the user's value. */
  inherited: unknown;
  /** What the control shows. */
  shown: unknown;
  /** What is in effect for this window, and which file it comes from. */
  effective: unknown;
  source: Source;
  /** Problems the host found with this value in this scope's file. */
  issues: string[];
}

const samePath = (a: KeyPath, b: KeyPath) => a.length === b.length && a.every((p, i) => p === b[i]);
/** An issue is about a setting when its key is the setting's or lies inside it (an item of a list). */
const within = (issuePath: KeyPath | undefined, path: KeyPath) => !!issuePath && issuePath.length >= path.length && path.every((p, i) => p === issuePath[i]);

export function scopedValue(view: SettingsView | null, scope: SettingsScope, path: KeyPath): ScopedValue {
  const def = getAt(defaultSettings(), path);
  const issuesIn = (s: SettingsScope) => (view?.issues ?? []).filter((i) => i.scope === s && within(i.path, path)).map((i) => i.message);
  const userOwn = getAt(view?.user.values, path);
  const wsOwn = view?.workspace ? getAt(view.workspace.values, path) : undefined;
  const userCounts = userOwn !== undefined && issuesIn('user').length === 0;
  const wsCounts = wsOwn !== undefined && issuesIn('workspace').length === 0;
  const own = scope === 'user' ? userOwn : wsOwn;
  const inherited = scope === 'user' ? def : userCounts ? userOwn : def;
  return {
    own,
    inherited,
    shown: own !== undefined ? own : inherited,
    effective: view ? getAt(view.effective, path) : def,
    source: wsCounts ? 'workspace' : userCounts ? 'user' : 'default',
    issues: issuesIn(scope),
  };
}

export const scopeValues = (view: SettingsView | null, scope: SettingsScope): Record<string, unknown> => (scope === 'user' ? view?.user.values : view?.workspace?.values) ?? {};

/** A new value made from what the control shows when the change's turn comes (for lists edited a field at a time). */
export type Update = (shown: unknown) => unknown;

/**
 * Sets a value after checking it here with the same schema the host uses, so a bad value
 * is explained at once, naming its key, and never sent. Resolves with the problem in
 * words, or null once the host has written it.
 */
export function commitValue(scope: SettingsScope, path: KeyPath, value: unknown, update?: Update): Promise<string | null> {
  return useSettings.getState().set(scope, path, () => {
    const view = useSettings.getState().view;
    const next = update ? update(scopedValue(view, scope, path).shown) : value;
    const current = scopeValues(view, scope);
    const before = new Set(scopeIssues(current, scope).map((i) => i.message));
    const added = scopeIssues(setAt(current, path, next), scope).filter((i) => !before.has(i.message));
    return added.length ? { problem: added.map((i) => i.message).join('\n') } : { value: next };
  });
}

/** `commitValue` with the new value made from the latest one (see `Update`). */
export const commitUpdate = (scope: SettingsScope, path: KeyPath, update: Update) => commitValue(scope, path, undefined, update);

export const resetValue = (scope: SettingsScope, path: KeyPath) => useSettings.getState().reset(scope, path);

export const sourceLabel = (source: Source) => (source === 'workspace' ? 'this workspace’s settings' : source === 'user' ? 'your user settings' : 'the default');

export { formatKey, samePath };
