import { useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

/** The OS's light or dark preference, live. */
export function useSystemTheme(): Theme {
  const [theme, setTheme] = useState<Theme>(() => (query().matches ? 'dark' : 'light'));
  useEffect(() => {
    const q = query();
    const onChange = () => setTheme(q.matches ? 'dark' : 'light');
    q.addEventListener('change', onChange);
    return () => q.removeEventListener('change', onChange);
  }, []);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return theme;
}

export const monacoTheme = (theme: Theme) => (theme === 'dark' ? 'vs-dark' : 'vs');
