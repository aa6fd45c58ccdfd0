import { z } from 'zod';

/**
 * A key chord as the command registry writes it: modifiers (`Mod` is Cmd on macOS and Ctrl
 * elsewhere, `Ctrl`, `Shift`, `Alt`) joined with `+` and one key: a letter or digit, F1–F24,
 * a named key (`Enter`, `Escape`, `Tab`, `Space`, `Backspace`, `Delete`, `Home`, `End`,
 * `PageUp`, `PageDown`, `ArrowUp`…) or punctuation (`,` `.` `/` `;` `'` `[` `]` `\` `-` `=` `` ` ``).
 */
export const KEY_CHORD = /^(?:(?:Mod|Ctrl|Shift|Alt)\+)*(?:[A-Za-z0-9]|F(?:[1-9]|1[0-9]|2[0-4])|Enter|Escape|Tab|Space|Backspace|Delete|Insert|Home|End|PageUp|PageDown|ArrowUp|ArrowDown|ArrowLeft|ArrowRight|[`\-=[\]\\;',./])$/;

export const KeyChord = z
  .string()
  .max(100)
  .regex(KEY_CHORD, "a key chord such as 'Mod+Shift+K', 'Alt+F2' or 'Ctrl+`' (modifiers Mod, Ctrl, Shift, Alt, then one key)");

/**
 * Keyboard shortcuts of the command palette's commands, by command id (as the palette's
 * commands are registered: `workbench.toggleSidebar`, `file.save`, …). A chord replaces the
 * command's own keys; `null` unbinds it. The palette shows the shortcut in effect.
 */
export const KeybindingSettings = z
  .object({
    overrides: z.record(z.string().min(1).max(200), KeyChord.nullable()).default({}),
  })
  .prefault({});
export type KeybindingSettings = z.infer<typeof KeybindingSettings>;
