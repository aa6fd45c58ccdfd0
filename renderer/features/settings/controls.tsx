import { useEffect, useState, type KeyboardEvent } from 'react';
import { Icon } from '../../ui/icons';
import type { SettingLeaf } from './schema-model';

export interface ControlProps {
  leaf: SettingLeaf;
  value: unknown;
  /** The id of the visible title: every control is named by it. */
  labelId: string;
  disabled: boolean;
  /** Resolves with the problem in words, or null once applied. */
  commit(value: unknown): Promise<string | null>;
}

const onEnter = (run: () => void) => (e: KeyboardEvent) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    run();
  }
};

/** A text field that commits on Enter or when it loses the focus, and goes back to the setting when it changes elsewhere. */
function useDraft(value: string) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return [draft, setDraft] as const;
}

export function BooleanControl({ value, labelId, disabled, commit }: ControlProps) {
  // The click shows at once; the box follows the setting again once the host's view has it (or the value was refused).
  const [pending, setPending] = useState<boolean | null>(null);
  useEffect(() => {
    if (pending !== null && value === pending) setPending(null);
  }, [value, pending]);
  const toggle = async (checked: boolean) => {
    setPending(checked);
    if ((await commit(checked)) !== null) setPending(null);
  };
  return <input type="checkbox" className="setting-checkbox" aria-labelledby={labelId} checked={pending ?? value === true} disabled={disabled} onChange={(e) => void toggle(e.target.checked)} />;
}

export function FixedControl({ leaf, value, labelId }: ControlProps) {
  return (
    <label className="setting-fixed">
      <input type="checkbox" aria-labelledby={labelId} checked={value === true} disabled aria-describedby={`${labelId}-fixed`} />
      <span id={`${labelId}-fixed`} className="muted">
        {leaf.key === 'general.telemetry' ? 'Off' : `Always ${JSON.stringify(value)}`}
      </span>
    </label>
  );
}

export function EnumControl({ leaf, value, labelId, disabled, commit }: ControlProps) {
  const options = leaf.nullable ? [...leaf.enumValues, null] : leaf.enumValues;
  return (
    <select className="setting-select" aria-labelledby={labelId} value={JSON.stringify(value ?? null)} disabled={disabled} onChange={(e) => void commit(JSON.parse(e.target.value))}>
      {options.map((o) => (
        <option key={JSON.stringify(o)} value={JSON.stringify(o)}>
          {o === null ? '(none)' : String(o)}
        </option>
      ))}
    </select>
  );
}

export function NumberControl({ leaf, value, labelId, disabled, commit }: ControlProps) {
  const [draft, setDraft] = useDraft(value === null || value === undefined ? '' : String(value));
  const node = leaf.schema.anyOf?.find((n) => n.type === 'number' || n.type === 'integer') ?? leaf.schema;
  const integer = node.type === 'integer' || (Array.isArray(node.type) && node.type.includes('integer'));
  const done = async () => {
    const text = draft.trim();
    if (text === (value === null || value === undefined ? '' : String(value))) return;
    if (text === '') {
      if (leaf.nullable) await commit(null);
      else await commit(Number.NaN);
      return;
    }
    await commit(Number(text));
  };
  return (
    <input
      type="number"
      className="setting-input number"
      aria-labelledby={labelId}
      value={draft}
      disabled={disabled}
      min={node.minimum}
      max={node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined}
      step={integer ? 1 : 'any'}
      placeholder={leaf.nullable ? 'No limit' : undefined}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => void done()}
      onKeyDown={onEnter(() => void done())}
    />
  );
}

export function StringControl({ leaf, value, labelId, disabled, commit }: ControlProps) {
  const [draft, setDraft] = useDraft(typeof value === 'string' ? value : '');
  const done = async () => {
    if (draft === (typeof value === 'string' ? value : '')) return;
    await commit(draft === '' && leaf.nullable ? null : draft);
  };
  return (
    <input
      type="text"
      className="setting-input"
      aria-labelledby={labelId}
      value={draft}
      disabled={disabled}
      spellCheck={false}
      placeholder={leaf.nullable ? '(not set)' : undefined}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => void done()}
      onKeyDown={onEnter(() => void done())}
    />
  );
}

/** A list of strings: one row per item with Remove, and a field to add one. */
export function StringListControl({ leaf, value, labelId, disabled, commit, itemLabel = 'item' }: ControlProps & { itemLabel?: string }) {
  const items = Array.isArray(value) ? (value as unknown[]).map(String) : [];
  const [draft, setDraft] = useState('');
  const add = async () => {
    const text = draft.trim();
    if (!text) return;
    if ((await commit([...items, text])) === null) setDraft('');
  };
  return (
    <div className="setting-list" role="group" aria-labelledby={labelId}>
      {items.length > 0 && (
        <ul aria-label={`${leaf.label}: ${items.length} ${items.length === 1 ? itemLabel : `${itemLabel}s`}`}>
          {items.map((item, i) => (
            <li key={`${i}:${item}`}>
              <code>{item}</code>
              <button className="icon-button" aria-label={`Remove ${item}`} title="Remove" disabled={disabled} onClick={() => void commit(items.filter((_, j) => j !== i))}>
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="setting-add">
        <input
          type="text"
          className="setting-input"
          aria-label={`New ${itemLabel} for ${leaf.label}`}
          value={draft}
          disabled={disabled}
          spellCheck={false}
          placeholder={`Add ${itemLabel}…`}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onEnter(() => void add())}
        />
        <button className="button small" disabled={disabled || !draft.trim()} onClick={() => void add()}>
          Add
        </button>
      </div>
    </div>
  );
}

/** Name → value pairs (environment variables); an empty value means null (the variable is removed) where the setting allows it. */
export function StringMapControl({ leaf, value, labelId, disabled, commit }: ControlProps) {
  const entries = value && typeof value === 'object' ? Object.entries(value as Record<string, string | null>) : [];
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const extra = leaf.schema.additionalProperties;
  const allowsNull = !!extra && typeof extra === 'object' && JSON.stringify(extra).includes('"null"');
  const add = async () => {
    if (!name.trim()) return;
    const next = { ...Object.fromEntries(entries), [name.trim()]: text === '' && allowsNull ? null : text };
    if ((await commit(next)) === null) {
      setName('');
      setText('');
    }
  };
  return (
    <div className="setting-list" role="group" aria-labelledby={labelId}>
      {entries.length > 0 && (
        <ul>
          {entries.map(([k, v]) => (
            <li key={k}>
              <code>
                {k}
                {v === null ? <span className="muted"> (removed)</span> : `=${v}`}
              </code>
              <button className="icon-button" aria-label={`Remove ${k}`} title="Remove" disabled={disabled} onClick={() => void commit(Object.fromEntries(entries.filter(([x]) => x !== k)))}>
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="setting-add">
        <input type="text" className="setting-input short" aria-label={`New name for ${leaf.label}`} placeholder="NAME" value={name} disabled={disabled} spellCheck={false} onChange={(e) => setName(e.target.value)} onKeyDown={onEnter(() => void add())} />
        <input type="text" className="setting-input" aria-label={`New value for ${leaf.label}`} placeholder={allowsNull ? 'value (empty: remove the variable)' : 'value'} value={text} disabled={disabled} spellCheck={false} onChange={(e) => setText(e.target.value)} onKeyDown={onEnter(() => void add())} />
        <button className="button small" disabled={disabled || !name.trim()} onClick={() => void add()}>
          Add
        </button>
      </div>
    </div>
  );
}

/** Anything else: its JSON, checked when the field loses the focus. */
export function JsonControl({ value, labelId, disabled, commit }: ControlProps) {
  const [draft, setDraft] = useDraft(JSON.stringify(value ?? null, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  const done = async () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(draft);
    } catch (e) {
      setParseError(`Not valid JSON: ${(e as Error).message}`);
      return;
    }
    setParseError(null);
    if (JSON.stringify(parsed) !== JSON.stringify(value)) await commit(parsed);
  };
  return (
    <>
      <textarea className="setting-json" aria-labelledby={labelId} value={draft} disabled={disabled} spellCheck={false} rows={Math.min(12, draft.split('\n').length + 1)} onChange={(e) => setDraft(e.target.value)} onBlur={() => void done()} />
      {parseError && <p className="setting-error">{parseError}</p>}
    </>
  );
}

export const CONTROLS = {
  boolean: BooleanControl,
  fixed: FixedControl,
  enum: EnumControl,
  number: NumberControl,
  string: StringControl,
  stringList: StringListControl,
  stringMap: StringMapControl,
  json: JsonControl,
} as const;
