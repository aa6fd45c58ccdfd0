/**
 * Exact-text replacement for `edit_file`, and the error a model can act on when the text
 * is not there exactly once: where it occurs, or the nearest candidates with line numbers.
 */

export function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) out.push(i);
  return out;
}

export const lineAt = (text: string, offset: number) => {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
};

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function bigrams(s: string): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2);
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  return m;
}

/** Dice similarity of character bigrams, 0..1. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const A = bigrams(a);
  const B = bigrams(b);
  let both = 0;
  for (const [g, n] of A) both += Math.min(n, B.get(g) ?? 0);
  return (2 * both) / (a.length - 1 + (b.length - 1));
}

export interface Candidate {
  line: number;
  endLine: number;
  score: number;
  text: string;
  whitespaceOnly: boolean;
}

/** The windows of the file most like `needle` (as many lines as it has), best first. */
export function nearestCandidates(text: string, needle: string, count = 3): Candidate[] {
  const lines = text.split(/\r?\n/);
  const want = needle.replace(/\r\n/g, '\n').split('\n');
  while (want.length > 1 && want.at(-1) === '') want.pop();
  const k = Math.max(1, want.length);
  const target = squash(want.join('\n'));
  const scored: Candidate[] = [];
  const fullWindows = lines.length * k < 2_000_000;
  for (let i = 0; i + k <= lines.length || (i === 0 && lines.length < k); i++) {
    const window = lines.slice(i, i + k).join('\n');
    const score = fullWindows ? similarity(squash(window), target) : similarity(squash(lines[i]!), squash(want[0]!));
    if (score < 0.3) continue;
    scored.push({ line: i + 1, endLine: Math.min(lines.length, i + k), score, text: window, whitespaceOnly: squash(window) === target });
  }
  scored.sort((a, b) => b.score - a.score || a.line - b.line);
  // Overlapping windows describe the same place: keep the best of each.
  const picked: Candidate[] = [];
  for (const c of scored) {
    if (picked.some((p) => c.line <= p.endLine && c.endLine >= p.line)) continue;
    picked.push(c);
    if (picked.length >= count) break;
  }
  return picked;
}

const indent = (s: string) =>
  s
    .split('\n')
    .slice(0, 8)
    .map((l) => `    ${l.length > 200 ? `${l.slice(0, 200)}…` : l}`)
    .join('\n') + (s.split('\n').length > 8 ? '\n    …' : '');

/** The message for old_text that is not in the file. */
export function noMatchMessage(rel: string, text: string, oldText: string): string {
  const hints: string[] = [];
  const lines = oldText.split('\n').filter((l) => l.trim());
  if (lines.length && lines.every((l) => /^\s*\d+\t/.test(l))) hints.push('old_text seems to include the line-number prefixes of read_file\'s output; leave them out.');
  const candidates = nearestCandidates(text, oldText);
  const parts = [`old_text was not found in ${rel} (it must match exactly, including whitespace and indentation).`];
  if (candidates.length) {
    parts.push('Nearest candidates:');
    for (const c of candidates) {
      const where = c.endLine > c.line ? `lines ${c.line}–${c.endLine}` : `line ${c.line}`;
      parts.push(`  ${where} (${Math.round(c.score * 100)}% similar${c.whitespaceOnly ? '; differs only in whitespace' : ''}):\n${indent(c.text)}`);
    }
  } else {
    parts.push('No similar text was found; read the file again before editing it.');
  }
  parts.push(...hints);
  return parts.join('\n');
}

/** The message for old_text that occurs several times. */
export function severalMatchesMessage(rel: string, text: string, offsets: number[]): string {
  const where = offsets.slice(0, 20).map((o) => lineAt(text, o));
  return `old_text occurs ${offsets.length} times in ${rel} (at lines ${where.join(', ')}${offsets.length > 20 ? ', …' : ''}). Include more of the surrounding lines so that it occurs once, or pass occurrence (1–${offsets.length}) to choose one.`;
}
