import { create } from 'zustand';

export interface Command {
  id: string;
  title: string;
  category?: string;
  /** e.g. 'Mod+S', 'Mod+Shift+P', 'F2' — Mod is Cmd on macOS, Ctrl elsewhere. */
  keys?: string;
  /** Also bound, not shown: alternatives for browsers that keep some shortcuts to themselves. */
  altKeys?: string[];
  /** Keybinding applies even while typing in an input (Monaco's textarea counts as an input). */
  global?: boolean;
  when?: () => boolean;
  run: () => unknown;
}

interface CommandStore {
  commands: Record<string, Command>;
  /** `keybindings.overrides` from the settings: a chord replaces a command's keys, null unbinds it. */
  overrides: Record<string, string | null>;
  register(commands: Command[]): () => void;
  setOverrides(overrides: Record<string, string | null>): void;
}

export const useCommands = create<CommandStore>((set) => ({
  commands: {},
  overrides: {},
  setOverrides: (overrides) => set({ overrides }),
  register(commands) {
    set((s) => ({ commands: { ...s.commands, ...Object.fromEntries(commands.map((c) => [c.id, c])) } }));
    return () =>
      set((s) => {
        const next = { ...s.commands };
        for (const c of commands) delete next[c.id];
        return { commands: next };
      });
  },
}));

/** The keys a command answers to now: the settings' override if there is one (which also drops the alternatives), else its own. */
export function keysOf(command: Command, overrides = useCommands.getState().overrides): { keys: string | undefined; altKeys: string[]; overridden: boolean } {
  if (Object.hasOwn(overrides, command.id)) return { keys: overrides[command.id] ?? undefined, altKeys: [], overridden: true };
  return { keys: command.keys, altKeys: command.altKeys ?? [], overridden: false };
}

export function runCommand(id: string): void {
  const command = useCommands.getState().commands[id];
  if (command && (command.when?.() ?? true)) void command.run();
}

export const isMac = () => /Mac|iPhone|iPad/.test(navigator.platform);

/** Human form of a key chord for this platform: 'Mod+Shift+P' → 'Ctrl+Shift+P' or '⇧⌘P'. */
export function formatKeys(keys: string): string {
  const parts = keys.split('+');
  if (!isMac()) return parts.map((p) => (p === 'Mod' ? 'Ctrl' : p)).join('+');
  const symbols: Record<string, string> = { Mod: '⌘', Shift: '⇧', Alt: '⌥', Ctrl: '⌃' };
  return parts.map((p) => symbols[p] ?? p).join('');
}

/** Whether a keyboard event is the chord `keys`. */
export function matchesKeys(event: KeyboardEvent, keys: string): boolean {
  const parts = keys.split('+');
  const key = parts[parts.length - 1]!;
  const mod = parts.includes('Mod');
  const wantCtrl = parts.includes('Ctrl') || (mod && !isMac());
  const wantMeta = mod && isMac();
  if (event.ctrlKey !== wantCtrl || event.metaKey !== wantMeta) return false;
  if (event.shiftKey !== parts.includes('Shift') || event.altKey !== parts.includes('Alt')) return false;
  const pressed = event.key.length === 1 ? event.key.toUpperCase() : event.key;
  if (pressed === key.toUpperCase()) return true;
  // With Shift or Alt held, event.key is the shifted character; compare physical keys.
  return event.code === (key.length === 1 ? (/[0-9]/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`) : key);
}
