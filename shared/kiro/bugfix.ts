// bugfix.md: the bug analysis in three numbered groups — `1.x` current behaviour (the
// defect), `2.x` expected behaviour (`… SHALL …`), `3.x` unchanged behaviour (`… SHALL
// CONTINUE TO …`). The group comes from the number, so localized group headings
// ("Comportamento Atual", "現在の動作") need no dictionary.

import { diagAt, sortDiagnostics } from './diagnostics';
import { classifyEars, type EarsPattern } from './ears';
import { topLevelItems, type ItemSpan } from './list-items';
import { openMarkdownDoc } from './markdown';
import { countEars, emptyEarsCounts, lintCriteria, type Criterion, type DocumentBase } from './requirements';
import { applyTextEdits, looksBinaryText } from './text';

export type BugfixGroupKind = 'current' | 'expected' | 'unchanged' | 'other';

export interface BugfixGroup {
  kind: BugfixGroupKind;
  /** The group's number (`1`, `2`, `3`). */
  number: string;
  /** The heading the group's items sit under, as written. */
  heading: string | null;
  criteria: Criterion[];
}

export interface BugfixDoc extends DocumentBase {
  kind: 'bugfix';
  groups: BugfixGroup[];
  summary: { current: number; expected: number; unchanged: number; criteria: number; ears: Record<EarsPattern, number> };
}

const KINDS: Record<string, BugfixGroupKind> = { '1': 'current', '2': 'expected', '3': 'unchanged' };

export function parseBugfix(text: string): BugfixDoc {
  const { body, index, lines, diagnostics, base } = openMarkdownDoc(text);
  const doc: BugfixDoc = {
    kind: 'bugfix',
    ...base,
    groups: [],
    summary: { current: 0, expected: 0, unchanged: 0, criteria: 0, ears: emptyEarsCounts() },
  };
  if (looksBinaryText(body)) {
    diagnostics.push(diagAt('error', 'file.binary', 'This is not a text file; it cannot be read as a bug analysis.', 1));
    return doc;
  }
  if (!body.trim()) {
    diagnostics.push(diagAt('info', 'bugfix.empty', 'The document is empty: the bug analysis has not started.', 1));
    return doc;
  }

  // Segments between headings, each with its numbered items.
  const segments: { heading: string | null; items: ItemSpan[] }[] = [];
  let start = 0;
  let heading: string | null = null;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || lines[i]!.heading) {
      segments.push({ heading, items: topLevelItems(lines, start, i).filter((s) => s.item.ordered) });
      if (i < lines.length) {
        heading = lines[i]!.heading!.plain;
        start = i + 1;
      }
    }
  }
  const explicit = segments.some((s) => s.items.some((x) => x.item.number!.includes('.')));
  const byNumber = new Map<string, BugfixGroup>();
  const seen = new Map<string, number>();
  let fallbackGroup = 0;
  for (const seg of segments) {
    const items = explicit ? seg.items.filter((x) => x.item.number!.includes('.')) : seg.items;
    if (!items.length) continue;
    if (!explicit) fallbackGroup++;
    let position = 0;
    for (const span of items) {
      position++;
      const number = explicit ? span.item.number!.split('.')[0]! : String(fallbackGroup);
      const id = explicit ? span.item.number! : `${number}.${span.item.number ?? position}`;
      let group = byNumber.get(number);
      if (!group) byNumber.set(number, (group = { kind: KINDS[number] ?? 'other', number, heading: seg.heading, criteria: [] }));
      const ctext = body.slice(span.start, span.end);
      const line = lines[span.lineIdx]!.n;
      if (seen.has(id)) diagnostics.push(diagAt('error', 'bugfix.duplicate-id', `Item ${id} appears twice (first at line ${seen.get(id)}).`, line));
      else seen.set(id, line);
      group.criteria.push({
        id,
        requirementId: number,
        ordinal: Number(id.split('.').pop()),
        text: ctext,
        line,
        endLine: lines[span.lastIdx]!.n,
        start: span.start,
        end: span.end,
        ears: classifyEars(ctext),
      });
    }
  }
  doc.groups = [...byNumber.values()].sort((a, b) => Number(a.number) - Number(b.number));
  for (const g of doc.groups) {
    if (g.kind === 'other') diagnostics.push(diagAt('warning', 'bugfix.unknown-group', `Items numbered ${g.number}.x are outside the three groups of a bug analysis (1 current, 2 expected, 3 unchanged).`, g.criteria[0]!.line));
  }
  for (const kind of ['current', 'expected', 'unchanged'] as const) {
    if (!doc.groups.some((g) => g.kind === kind)) {
      const what = { current: 'current behaviour (1.x: the defect)', expected: 'expected behaviour (2.x: what SHALL happen)', unchanged: 'unchanged behaviour (3.x: what SHALL CONTINUE TO work)' }[kind];
      diagnostics.push(diagAt(kind === 'unchanged' ? 'info' : 'warning', 'bugfix.missing-group', `The bug analysis has no ${what}.`, 1));
    }
  }
  const all = doc.groups.flatMap((g) => g.criteria);
  const kindOf = (c: Criterion) => KINDS[c.requirementId] ?? 'other';
  diagnostics.push(...lintCriteria(all, index, (c) => ({ expectShall: kindOf(c) === 'expected' || kindOf(c) === 'unchanged', expectContinue: kindOf(c) === 'unchanged' })));
  const count = (k: BugfixGroupKind) => doc.groups.filter((g) => g.kind === k).reduce((n, g) => n + g.criteria.length, 0);
  doc.summary = { current: count('current'), expected: count('expected'), unchanged: count('unchanged'), criteria: all.length, ears: countEars(all) };
  sortDiagnostics(diagnostics);
  return doc;
}

/** Replaces one item's text (`2.3`), every other byte unchanged. */
export function replaceBugfixItemText(text: string, id: string, newText: string): string {
  const c = parseBugfix(text).groups.flatMap((g) => g.criteria).find((x) => x.id === id);
  if (!c || c.text === newText) return text;
  return applyTextEdits(text, [{ offset: c.start, length: c.end - c.start, text: newText }]);
}
