import { keysOf, matchesKeys, useCommands } from './registry';

/**
 * One listener, in the capture phase so it runs before Monaco's own key handling: a
 * workbench shortcut works wherever the focus is.
 */
export function installKeybindings(): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    const target = event.target as HTMLElement | null;
    // The Settings screen is recording a new shortcut: the keys are its, not a command's.
    if (target?.closest?.('[data-keybinding-recorder]')) return;
    const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
    const inMonaco = !!target?.closest('.monaco-editor');
    const { commands, overrides } = useCommands.getState();
    // A chord the person chose wins over a command's own default for the same keys.
    const ordered = Object.values(commands).sort((a, b) => Number(Object.hasOwn(overrides, b.id)) - Number(Object.hasOwn(overrides, a.id)));
    for (const command of ordered) {
      const { keys, altKeys } = keysOf(command, overrides);
      const chords = [keys, ...altKeys].filter(Boolean) as string[];
      if (!chords.some((k) => matchesKeys(event, k))) continue;
      const hasModifier = event.ctrlKey || event.metaKey || event.altKey || /^F\d+$/.test(event.key);
      if (typing && !inMonaco && !command.global && !hasModifier) continue;
      if (command.when && !command.when()) continue;
      event.preventDefault();
      event.stopPropagation();
      void command.run();
      return;
    }
  };
  window.addEventListener('keydown', onKeyDown, true);
  return () => window.removeEventListener('keydown', onKeyDown, true);
}
