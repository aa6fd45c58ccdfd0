import { useSyncExternalStore } from 'react';

/**
 * The text of assistant messages, kept outside React state: streamed deltas are gathered
 * and applied once per animation frame, and only the message whose text changed
 * re-renders — never the whole conversation per token.
 */
const texts = new Map<string, string>();
const pending = new Map<string, string>();
const listeners = new Map<string, Set<() => void>>();
let frame: number | null = null;

function notify(id: string) {
  for (const l of listeners.get(id) ?? []) l();
}

function flush() {
  frame = null;
  for (const [id, add] of pending) {
    texts.set(id, (texts.get(id) ?? '') + add);
    notify(id);
  }
  pending.clear();
}

/** A streamed piece of an assistant message; it reaches the screen with the next frame. */
export function appendDelta(id: string, text: string) {
  pending.set(id, (pending.get(id) ?? '') + text);
  frame ??= requestAnimationFrame(flush);
}

/** The whole text, from a snapshot or a finished entry (pending deltas for it are dropped: the host's text wins). */
export function setText(id: string, text: string) {
  pending.delete(id);
  if (texts.get(id) === text) return;
  texts.set(id, text);
  notify(id);
}

export function clearTexts() {
  texts.clear();
  pending.clear();
}

export const getText = (id: string) => (texts.get(id) ?? '') + (pending.get(id) ?? '');

export function useEntryText(id: string): string {
  return useSyncExternalStore(
    (cb) => {
      let set = listeners.get(id);
      if (!set) listeners.set(id, (set = new Set()));
      set.add(cb);
      return () => {
        set!.delete(cb);
        if (!set!.size) listeners.delete(id);
      };
    },
    () => texts.get(id) ?? '',
  );
}
