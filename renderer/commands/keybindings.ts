import { matchesKeys, useCommands } from './registry';

/**
 * One listener, in the capture phase so it runs before Monaco's own key handling: a
 * workbench shortcut works wherever the focus is.
 */
export function installKeybindings(): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    const target = event.target as HTMLElement | null;
    const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
    const inMonaco = !!target?.closest('.monaco-editor');
    for (const command of Object.values(useCommands.getState().commands)) {
      const chords = [command.keys, ...(command.altKeys ?? [])].filter(Boolean) as string[];
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
