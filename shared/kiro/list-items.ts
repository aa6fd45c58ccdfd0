// List items of a Markdown region with their full extent (continuation lines and nested
// bullets belong to the item), as exact body offsets.

import { listItem, type ListItem, type MdLine } from './markdown';

export interface ItemSpan {
  item: ListItem;
  /** Index (into the scanned lines) of the item's first line. */
  lineIdx: number;
  /** Index of the item's last line (blank lines at the end excluded). */
  lastIdx: number;
  /** Body offsets of the item's content (marker excluded, trailing whitespace excluded). */
  start: number;
  end: number;
}

/**
 * The top-level list items (those at the smallest indent) of lines[from, to). An item runs
 * until the next line at its indent or less that is not a lazy continuation, or a heading,
 * fence or blank line followed by an unindented paragraph.
 */
export function topLevelItems(lines: readonly MdLine[], from: number, to: number): ItemSpan[] {
  const found: { idx: number; item: ListItem }[] = [];
  for (let i = from; i < to; i++) {
    const l = lines[i]!;
    if (l.kind !== 'text') continue;
    const it = listItem(l.text);
    if (it) found.push({ idx: i, item: it });
  }
  if (!found.length) return [];
  const minIndent = Math.min(...found.map((f) => f.item.indent));
  const tops = found.filter((f) => f.item.indent === minIndent);
  return tops.map(({ idx, item }) => {
    let last = idx;
    for (let j = idx + 1; j < to; j++) {
      const l = lines[j]!;
      if (l.kind === 'heading') break;
      if (l.kind === 'blank') continue;
      if (l.kind === 'fence' || l.kind === 'code') {
        if (l.indent > item.indent) {
          last = j;
          continue;
        }
        break;
      }
      const sub = listItem(l.text);
      if (sub && sub.indent <= item.indent) break;
      const afterBlank = lines[j - 1]!.kind === 'blank';
      if (l.indent <= item.indent && (afterBlank || /^\s*(?:---+|\*\*\*+|___+)\s*$/.test(l.text))) break;
      last = j;
    }
    const first = lines[idx]!;
    const start = first.start + item.contentColumn;
    const lastLine = lines[last]!;
    const e = lastLine.start + lastLine.text.trimEnd().length;
    return { item, lineIdx: idx, lastIdx: last, start: Math.min(start, e), end: Math.max(start, e) };
  });
}
