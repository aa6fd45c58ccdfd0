import { Fzf } from 'fzf';
import { useMemo, useState } from 'react';
import { formatKeys, keysOf, runCommand, useCommands } from '../../commands/registry';
import { useUi } from '../../stores/ui-store';
import { Highlighted, Picker, type PickerItem } from '../../ui/Picker';

/** Every command, with its shortcut, fuzzy-filtered. */
export function CommandPalette() {
  const [query, setQuery] = useState('');
  const commands = useCommands((s) => s.commands);
  const overrides = useCommands((s) => s.overrides);
  const available = useMemo(
    () =>
      Object.values(commands)
        .filter((c) => c.when?.() ?? true)
        .map((c) => ({ command: c, keys: keysOf(c, overrides).keys, text: c.category ? `${c.category}: ${c.title}` : c.title }))
        .sort((a, b) => a.text.localeCompare(b.text)),
    [commands, overrides],
  );
  const fzf = useMemo(() => new Fzf(available, { selector: (a) => a.text, casing: 'case-insensitive' }), [available]);
  const items: PickerItem[] = (query ? fzf.find(query) : available.map((item) => ({ item, positions: new Set<number>() }))).map(
    ({ item, positions }) => ({
      key: item.command.id,
      label: item.keys ? `${item.text} (${formatKeys(item.keys)})` : item.text,
      render: (
        <span className="command-row">
          <span>
            <Highlighted text={item.text} positions={positions} />
          </span>
          {item.keys && <kbd>{formatKeys(item.keys)}</kbd>}
        </span>
      ),
    }),
  );
  const close = () => useUi.getState().open(null);
  return (
    <Picker
      label="Command palette"
      placeholder="Type the name of a command to run"
      query={query}
      onQuery={setQuery}
      items={items}
      empty="No matching commands"
      onClose={close}
      onPick={(id) => {
        close();
        // Let the palette unmount and focus return before the command runs.
        setTimeout(() => runCommand(id), 0);
      }}
    />
  );
}
