import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface PickerItem {
  key: string;
  render: ReactNode;
  /** Plain-text accessible name of the option. */
  label: string;
}

interface PickerProps {
  label: string;
  placeholder: string;
  query: string;
  onQuery(q: string): void;
  items: PickerItem[];
  onPick(key: string): void;
  onClose(): void;
  empty: string;
}

/**
 * The quick-pick overlay shared by quick open and the command palette: a combobox with a
 * listbox, keyboard first (arrows, Enter, Escape), closing when focus leaves it.
 */
export function Picker({ label, placeholder, query, onQuery, items, onPick, onClose, empty }: PickerProps) {
  const [active, setActive] = useState(0);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => inputRef.current?.focus(), []);
  useEffect(() => setActive(0), [query]);
  useLayoutEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const pick = (i: number) => {
    const item = items[i];
    if (item) onPick(item.key);
  };

  return (
    <div className="picker-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="picker" onBlur={(e) => !e.currentTarget.contains(e.relatedTarget as Node) && onClose()}>
        <input
          ref={inputRef}
          role="combobox"
          aria-label={label}
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={items[active] ? `${listId}-${active}` : undefined}
          placeholder={placeholder}
          value={query}
          spellCheck={false}
          onChange={(e) => onQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setActive((a) => Math.min(items.length - 1, a + 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
            else if (e.key === 'PageDown') setActive((a) => Math.min(items.length - 1, a + 10));
            else if (e.key === 'PageUp') setActive((a) => Math.max(0, a - 10));
            else if (e.key === 'Enter') pick(active);
            else if (e.key === 'Escape') onClose();
            else return;
            e.preventDefault();
            e.stopPropagation();
          }}
        />
        <ul ref={listRef} id={listId} role="listbox" aria-label={label} className="picker-list">
          {items.map((item, i) => (
            <li
              key={item.key}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              aria-label={item.label}
              className={i === active ? 'active' : undefined}
              onMouseMove={() => setActive(i)}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(i);
              }}
            >
              {item.render}
            </li>
          ))}
          {items.length === 0 && <li className="picker-empty">{empty}</li>}
        </ul>
      </div>
    </div>
  );
}

/** Renders `text` with the characters at `positions` emphasised (fuzzy-match highlights). */
export function Highlighted({ text, positions, offset = 0 }: { text: string; positions: Set<number>; offset?: number }) {
  const out: ReactNode[] = [];
  let run = '';
  let runHit = false;
  const flush = (i: number) => {
    if (run) out.push(runHit ? <mark key={i}>{run}</mark> : run);
    run = '';
  };
  for (let i = 0; i < text.length; i++) {
    const hit = positions.has(i + offset);
    if (hit !== runHit) {
      flush(i);
      runHit = hit;
    }
    run += text[i];
  }
  flush(text.length);
  return <>{out}</>;
}
