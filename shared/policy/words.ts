import type { ShNode } from './syntax';

/**
 * The value bash would give a word, when it can be known without running anything.
 * `null` means the value depends on the environment or on another command (variables,
 * substitutions, `$'…'`, brace expansion): such a word cannot be matched against a rule
 * or shown to a person as what will run.
 */
export interface StaticWord {
  value: string;
  /** Contains unquoted `*`, `?` or `[`: the shell expands it to file names. */
  glob: boolean;
}

/** Unquoted text: a backslash keeps the next character, a backslash-newline disappears. */
function unescapeBare(text: string): string {
  return text.replace(/\\(\n|.)/gs, (_m, c: string) => (c === '\n' ? '' : c));
}

/** Inside double quotes only `\$`, `` \` ``, `\"`, `\\` and backslash-newline are escapes. */
function unescapeDouble(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
}

// `{a,b}` and `{1..3}` expand to several words; the grammar does not always say so.
const BRACE_EXPANSION = /(^|[^\\])\{[^{}]*(,|\.\.)[^{}]*\}/;
const GLOB = /(^|[^\\])[*?[]/;

export function staticWord(node: ShNode): StaticWord | null {
  switch (node.type) {
    case 'word':
    case 'command_name':
    case 'number':
    case 'variable_name': {
      if (node.type === 'command_name') {
        const inner = node.children.filter((c) => c.named);
        if (inner.length !== 1) return null;
        return staticWord(inner[0]!);
      }
      if (BRACE_EXPANSION.test(node.text)) return null;
      return { value: unescapeBare(node.text), glob: GLOB.test(node.text) };
    }
    case 'raw_string':
      return { value: node.text.slice(1, -1), glob: false };
    case 'string': {
      let value = '';
      for (const c of node.children) {
        if (!c.named) continue; // the quotes
        if (c.type !== 'string_content') return null; // an expansion or substitution inside
        value += unescapeDouble(c.text);
      }
      // Content the grammar did not wrap (e.g. `""`) is empty.
      return { value, glob: false };
    }
    case 'concatenation': {
      let value = '';
      let glob = false;
      for (const c of node.children) {
        if (!c.named) {
          // Anonymous pieces of a concatenation are literal text the grammar split off.
          if (/[{}$`]/.test(c.text)) return null;
          value += unescapeBare(c.text);
          continue;
        }
        const part = staticWord(c);
        if (!part) return null;
        value += part.value;
        glob ||= part.glob;
      }
      if (BRACE_EXPANSION.test(node.text)) return null;
      return { value, glob };
    }
    default:
      // simple_expansion, expansion, command_substitution, process_substitution,
      // arithmetic_expansion, ansi_c_string, translated_string, brace_expression, …
      return null;
  }
}

/** Quotes a value for display so that the person sees word boundaries exactly. */
export function shellQuote(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./~^-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
