import type { ContextProviderInfo } from '../../../shared/contract/agent';

/**
 * The `#` being typed at the caret: `#fi` (choosing a provider) or `#file src/ap`
 * (choosing the provider's argument). Pure, so the autocomplete's logic is tested alone.
 */
export type Mention =
  | { stage: 'provider'; start: number; end: number; query: string }
  | { stage: 'argument'; start: number; end: number; provider: ContextProviderInfo; query: string };

export function mentionAt(text: string, caret: number, providers: readonly ContextProviderInfo[]): Mention | null {
  const before = text.slice(0, caret);
  const hash = before.lastIndexOf('#');
  if (hash < 0) return null;
  if (hash > 0 && !/\s/.test(before[hash - 1]!)) return null;
  const token = before.slice(hash + 1);
  if (token.includes('\n')) return null;
  // The longest provider label the token starts with, followed by a space: the argument stage.
  const byLength = [...providers].sort((a, b) => b.label.length - a.label.length);
  for (const p of byLength) {
    if (p.argument === 'none') continue;
    if (token.toLowerCase().startsWith(`${p.label.toLowerCase()} `)) return { stage: 'argument', start: hash, end: caret, provider: p, query: token.slice(p.label.length + 1) };
  }
  // Choosing a provider: letters, digits, dashes, and the one space of `git diff`.
  if (!/^[\w-]*( [\w-]*)?$/.test(token)) return null;
  if (token.includes(' ') && !providers.some((p) => p.label.toLowerCase().startsWith(token.toLowerCase()))) return null;
  return { stage: 'provider', start: hash, end: caret, query: token };
}

/** Providers whose label starts with (or, failing that, contains) the query. */
export function matchProviders(providers: readonly ContextProviderInfo[], query: string): ContextProviderInfo[] {
  const q = query.toLowerCase();
  const starts = providers.filter((p) => p.label.toLowerCase().startsWith(q));
  const contains = providers.filter((p) => !starts.includes(p) && p.label.toLowerCase().includes(q));
  return [...starts, ...contains];
}

/** The message without the `#…` that was turned into a chip. */
export function removeMention(text: string, m: Pick<Mention, 'start' | 'end'>): { text: string; caret: number } {
  const after = text.slice(m.end).replace(/^ /, '');
  const before = text.slice(0, m.start);
  return { text: before + after, caret: before.length };
}

/** A chip's label: `#file src/app.ts`, `#terminal`, `#git diff`. */
export const chipLabel = (p: Pick<ContextProviderInfo, 'label'>, arg?: string) => (arg ? `#${p.label} ${arg}` : `#${p.label}`);
