/**
 * The pattern among `patterns` (regular expressions from the settings) that says `command`
 * will not end by itself — a dev server, a watcher — or null. Patterns that fail to compile
 * were already refused by the settings schema; one that slips through is ignored.
 */
export function longRunningPattern(command: string, patterns: readonly string[]): string | null {
  for (const p of patterns) {
    try {
      if (new RegExp(p, 'm').test(command)) return p;
    } catch {
      // Not a regular expression: ignore it.
    }
  }
  return null;
}
