import { useEffect, useRef, useState } from 'react';
import { useDialog } from './dialog-store';

/** The one modal dialog, on the native <dialog> element (focus trap and Escape for free). */
export function DialogHost() {
  const current = useDialog((s) => s.current);
  const close = useDialog((s) => s.close);
  const ref = useRef<HTMLDialogElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (current && !dialog.open) {
      setValue(current.input?.value ?? '');
      dialog.showModal();
      queueMicrotask(() => {
        const input = inputRef.current;
        if (input && current.input) {
          input.focus();
          const [a, b] = current.input.select ?? [0, current.input.value.length];
          input.setSelectionRange(a, b);
        }
      });
    } else if (!current && dialog.open) {
      dialog.close();
    }
  }, [current]);

  const finish = (button: string) => close(current?.input ? { button, input: value } : { button });
  const primary = current?.buttons.find((b) => b.primary);

  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby="modal-title"
      onCancel={(e) => {
        e.preventDefault();
        close(null);
      }}
    >
      {current && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            if (primary) finish(primary.value);
          }}
        >
          <h2 id="modal-title">{current.title}</h2>
          {current.message && <p className="modal-message">{current.message}</p>}
          {current.input && (
            <label className="modal-field">
              <span>{current.input.label}</span>
              <input ref={inputRef} value={value} onChange={(e) => setValue(e.target.value)} spellCheck={false} />
            </label>
          )}
          <div className="modal-buttons">
            {current.buttons.map((b) => (
              <button
                key={b.value}
                type={b.primary ? 'submit' : 'button'}
                className={b.primary ? 'button primary' : b.danger ? 'button danger' : 'button'}
                autoFocus={!current.input && b.primary}
                onClick={b.primary ? undefined : () => finish(b.value)}
              >
                {b.label}
              </button>
            ))}
          </div>
        </form>
      )}
    </dialog>
  );
}
