import type { ITheme } from '@xterm/xterm';

export type ThemeName = 'light' | 'dark';

// ANSI colours tuned for each background, as VS Code's default terminal themes do: a
// light background needs darker yellows and cyans to stay readable.
const dark: ITheme = {
  black: '#000000', red: '#cd3131', green: '#0dbc79', yellow: '#e5e510', blue: '#2472c8', magenta: '#bc3fbc', cyan: '#11a8cd', white: '#e5e5e5',
  brightBlack: '#666666', brightRed: '#f14c4c', brightGreen: '#23d18b', brightYellow: '#f5f543', brightBlue: '#3b8eea', brightMagenta: '#d670d6', brightCyan: '#29b8db', brightWhite: '#e5e5e5',
  cursor: '#d8dbe0', selectionBackground: '#264f78',
};
const light: ITheme = {
  black: '#000000', red: '#cd3131', green: '#107c10', yellow: '#949800', blue: '#0451a5', magenta: '#bc05bc', cyan: '#0598bc', white: '#555555',
  brightBlack: '#666666', brightRed: '#cd3131', brightGreen: '#14ce14', brightYellow: '#b5ba00', brightBlue: '#0451a5', brightMagenta: '#bc05bc', brightCyan: '#0598bc', brightWhite: '#a5a5a5',
  cursor: '#1f2329', selectionBackground: '#add6ff',
};

/** The workbench's theme: `data-theme` on <html>, set from the OS preference with the editor's. */
export const currentTheme = (): ThemeName => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');

/** xterm colours for a theme; background and foreground come from the panel's own CSS variables so the terminal sits in it seamlessly. */
export function xtermTheme(name: ThemeName): ITheme {
  const css = getComputedStyle(document.documentElement);
  const v = (n: string, fallback: string) => css.getPropertyValue(n).trim() || fallback;
  const base = name === 'dark' ? dark : light;
  return { ...base, background: v('--bg-panel', name === 'dark' ? '#1b1c20' : '#f9fafb'), foreground: v('--fg', name === 'dark' ? '#d8dbe0' : '#1f2329') };
}

/** Calls `listener` whenever the workbench switches between light and dark. */
export function onThemeChange(listener: (name: ThemeName) => void): () => void {
  let last = currentTheme();
  const observer = new MutationObserver(() => {
    const now = currentTheme();
    if (now !== last) listener((last = now));
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}
