import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { formatKeys, isMac, keysOf, useCommands } from '../../../commands/registry';
import { useSettings } from '../../../stores/settings-store';
import { Icon } from '../../../ui/icons';
import { matches } from '../schema-model';
import { SettingFrame } from '../SettingRow';
import { useSettingsUi } from '../settings-ui';
import { commitValue, resetValue, scopedValue } from '../values';
import type { BlockProps } from './types';

const PATH = ['keybindings', 'overrides'];
const NAMED: Record<string, string> = { ' ': 'Space', Esc: 'Escape', Left: 'ArrowLeft', Right: 'ArrowRight', Up: 'ArrowUp', Down: 'ArrowDown', Del: 'Delete' };

/** The chord a key press makes, in the registry's notation (`Mod+Shift+K`), or null for a modifier alone. */
export function chordOf(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>, mac = isMac()): string | null {
  if (['Control', 'Meta', 'Alt', 'Shift', 'AltGraph', 'CapsLock'].includes(e.key)) return null;
  const parts: string[] = [];
  if (mac ? e.metaKey : e.ctrlKey) parts.push('Mod');
  if (mac && e.ctrlKey) parts.push('Ctrl');
  if (e.shiftKey) parts.push('Shift');
  if (e.altKey) parts.push('Alt');
  // With Shift or Alt the key is the shifted character: use the physical key for letters and digits.
  let key = NAMED[e.key] ?? e.key;
  if (/^Key[A-Z]$/.test(e.code)) key = e.code.slice(3);
  else if (/^Digit[0-9]$/.test(e.code)) key = e.code.slice(5);
  else if (key.length === 1) key = key.toUpperCase();
  parts.push(key);
  return parts.join('+');
}

/**
 * Every command of the palette with its shortcut: change it (press the new keys), remove
 * it, or put the command's own back. Stored in `keybindings.overrides`.
 */
export function Keybindings({ scope }: BlockProps) {
  const view = useSettings((s) => s.view);
  const commands = useCommands((s) => s.commands);
  const labelId = useId();
  const query = useSettingsUi((s) => s.query);
  const [error, setError] = useState<string | null>(null);
  const [recording, setRecording] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const value = scopedValue(view, scope, PATH);
  const own = (value.own ?? {}) as Record<string, string | null>;
  const effective = (useSettings((s) => s.effective.keybindings.overrides) ?? {}) as Record<string, string | null>;

  const rows = useMemo(
    () =>
      Object.values(commands)
        .map((c) => ({ command: c, title: c.category ? `${c.category}: ${c.title}` : c.title, keys: keysOf(c, effective).keys }))
        .sort((a, b) => a.title.localeCompare(b.title)),
    [commands, effective],
  );
  const byChord = new Map<string, string[]>();
  for (const r of rows) if (r.keys) byChord.set(r.keys.toLowerCase(), [...(byChord.get(r.keys.toLowerCase()) ?? []), r.title]);
  const shown = rows.filter((r) => matches(filter, r.title, r.command.id, r.keys ?? '') && (matches(query, r.title, r.command.id, 'keyboard shortcuts keybindings') || matches(query, 'keyboard shortcuts keybindings')));
  const unknown = Object.keys(own).filter((id) => !commands[id]);

  const set = (id: string, chord: string | null | undefined) => {
    const path = [...PATH, id];
    void (chord === undefined ? resetValue(scope, path) : commitValue(scope, path, chord)).then(setError);
  };
  const record = (id: string, e: KeyboardEvent) => {
    e.preventDefault();
    e.stopPropagation();
    if (e.key === 'Escape' && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) return setRecording(null);
    const chord = chordOf(e);
    if (!chord) return;
    setRecording(null);
    set(id, chord);
  };

  return (
    <SettingFrame
      leaf={{ key: 'keybindings.overrides', label: 'Keyboard Shortcuts', group: 'Keyboard Shortcuts', userOnly: false, description: 'Change or remove the shortcut of any command; the command palette shows the one in effect. Press Change, then the new keys (Escape cancels).' }}
      scope={scope}
      value={value}
      labelId={labelId}
      error={error}
      onReset={() => void resetValue(scope, PATH).then(setError)}
    >
      <input type="search" className="setting-input" aria-label="Filter commands" placeholder="Filter commands by name, id or keys" value={filter} onChange={(e) => setFilter(e.target.value)} />
      <table className="keys-table" aria-labelledby={labelId}>
        <thead>
          <tr>
            <th scope="col">Command</th>
            <th scope="col">Shortcut</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map(({ command, title, keys }) => {
            const mine = Object.hasOwn(own, command.id);
            const clash = keys ? (byChord.get(keys.toLowerCase()) ?? []).filter((t) => t !== title) : [];
            return (
              <tr key={command.id} className={mine ? 'modified' : undefined} aria-label={title}>
                <th scope="row">
                  {title}
                  <code className="setting-key">{command.id}</code>
                </th>
                <td>
                  {recording === command.id ? (
                    <input className="setting-input recorder" data-keybinding-recorder="" aria-label={`Press the new keys for ${title}`} placeholder="Press the keys… (Escape cancels)" readOnly autoFocus onKeyDown={(e) => record(command.id, e)} onBlur={() => setRecording(null)} />
                  ) : keys ? (
                    <kbd>{formatKeys(keys)}</kbd>
                  ) : (
                    <span className="muted">{mine ? 'Removed' : '—'}</span>
                  )}
                  {mine && command.keys && command.keys !== keys && <span className="muted small"> (was {formatKeys(command.keys)})</span>}
                  {clash.length > 0 && (
                    <span className="setting-error small">
                      {' '}
                      <Icon name="warning" size={12} /> also {clash.join(', ')}
                    </span>
                  )}
                </td>
                <td className="actions">
                  <button className="button small" aria-label={`Change shortcut of ${title}`} onClick={() => setRecording(command.id)}>
                    Change
                  </button>
                  {keys && (
                    <button className="button small" aria-label={`Remove shortcut of ${title}`} onClick={() => set(command.id, null)}>
                      Remove
                    </button>
                  )}
                  {mine && (
                    <button className="button small" aria-label={`Reset shortcut of ${title}`} onClick={() => set(command.id, undefined)}>
                      Reset
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {unknown.map((id) => (
        <p key={id} className="setting-error">
          keybindings.overrides["{id}"]: there is no command {id} (yet: a feature that is not loaded may add it).{' '}
          <button className="button small" onClick={() => set(id, undefined)}>
            Remove
          </button>
        </p>
      ))}
    </SettingFrame>
  );
}
