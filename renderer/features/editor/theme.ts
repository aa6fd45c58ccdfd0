import { useEffect, useState } from 'react';
import { useSettings } from '../../stores/settings-store';

export type Theme = 'light' | 'dark';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

/** The OS's light or dark preference, live. */
function useOsTheme(): Theme {
  const [theme, setTheme] = useState<Theme>(() => (query().matches ? 'dark' : 'light'));
  useEffect(() => {
    const q = query();
    const onChange = () => setTheme(q.matches ? 'dark' : 'light');
    q.addEventListener('change', onChange);
    return () => q.removeEventListener('change', onChange);
  }, []);
  return theme;
}

/**
 * The workbench's theme: `general.theme` from the settings — `light`, `dark`, or `system`
 * (the default), which follows the OS live. Sets `data-theme` on <html>, which the CSS,
 * the terminals and Monaco follow.
 */
export function useTheme(): Theme {
  const os = useOsTheme();
  const setting = useSettings((s) => s.theme);
  const theme = setting === 'system' ? os : setting;
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return theme;
}

export const monacoTheme = (theme: Theme) => (theme === 'dark' ? 'vs-dark' : 'vs');
