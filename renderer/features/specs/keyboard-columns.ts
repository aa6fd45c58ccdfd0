import type { KeyboardCoordinateGetter } from '@dnd-kit/core';

/**
 * Keyboard drag between columns: each arrow press jumps the lifted card to the centre of the
 * next column left or right (dnd-kit's default moves 25 px per press — ten presses to cross
 * one column). Up and down keep the default small steps.
 */
export const columnKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const step = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
  if (!step) {
    if (event.code === 'ArrowDown') return { ...currentCoordinates, y: currentCoordinates.y + 25 };
    if (event.code === 'ArrowUp') return { ...currentCoordinates, y: currentCoordinates.y - 25 };
    return undefined;
  }
  event.preventDefault();
  const rect = context.collisionRect ?? context.activeNode?.getBoundingClientRect();
  if (!rect) return undefined;
  const centre = rect.left + rect.width / 2;
  const columns = [...context.droppableRects.values()].map((r) => r.left + r.width / 2).sort((a, b) => a - b);
  const next = step > 0 ? columns.find((x) => x > centre + 4) : [...columns].reverse().find((x) => x < centre - 4);
  if (next === undefined) return currentCoordinates;
  return { x: currentCoordinates.x + (next - centre), y: currentCoordinates.y };
};
