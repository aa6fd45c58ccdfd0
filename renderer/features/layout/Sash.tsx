import { useRef } from 'react';

/** A drag handle between two parts of the layout; also resizable with arrow keys. */
export function Sash({ direction, size, onResize, label, invert = false }: { direction: 'vertical' | 'horizontal'; size: number; onResize: (size: number) => void; label: string; invert?: boolean }) {
  const start = useRef<{ pos: number; size: number } | null>(null);
  const vertical = direction === 'vertical';
  return (
    <div
      className={`sash ${direction}`}
      role="separator"
      aria-orientation={vertical ? 'vertical' : 'horizontal'}
      aria-label={label}
      aria-valuenow={Math.round(size)}
      tabIndex={0}
      onPointerDown={(e) => {
        (e.target as HTMLElement).setPointerCapture(e.pointerId);
        start.current = { pos: vertical ? e.clientX : e.clientY, size };
      }}
      onPointerMove={(e) => {
        if (!start.current) return;
        const delta = (vertical ? e.clientX : e.clientY) - start.current.pos;
        onResize(start.current.size + (invert ? -delta : delta));
      }}
      onPointerUp={() => (start.current = null)}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 50 : 10;
        const grow = vertical ? (e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0) : e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
        if (grow) {
          e.preventDefault();
          onResize(size + (invert ? -grow : grow) * step);
        }
      }}
    />
  );
}
