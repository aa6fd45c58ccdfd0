import { useEffect, useState } from 'react';

/**
 * A small input for one field of a list entry (a model's price, its base URL): commits on
 * Enter or when it loses the focus. Empty means "not set" (undefined), so the field's
 * default applies.
 */
export function Field({
  label,
  value,
  type = 'text',
  placeholder,
  className,
  onCommit,
}: {
  label: string;
  value: string | number | undefined | null;
  type?: 'text' | 'number';
  placeholder?: string;
  className?: string;
  onCommit(value: string | number | undefined): void;
}) {
  const text = value === undefined || value === null ? '' : String(value);
  const [draft, setDraft] = useState(text);
  useEffect(() => setDraft(text), [text]);
  const done = () => {
    if (draft.trim() === text) return;
    const t = draft.trim();
    onCommit(t === '' ? undefined : type === 'number' ? Number(t) : t);
  };
  return (
    <input
      type={type}
      step={type === 'number' ? 'any' : undefined}
      className={['setting-input', className].filter(Boolean).join(' ')}
      aria-label={label}
      title={label}
      value={draft}
      placeholder={placeholder}
      spellCheck={false}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={done}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          done();
        }
      }}
    />
  );
}
