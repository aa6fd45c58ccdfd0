// Trace lines: `_Requirements: 1.1, 2.3_` in tasks, `**Validates: Requirements 1.1**` in
// designs. Values seen in real files: ids (`1.1`, `3.10`, `1.1.2`), whole requirements (`3`),
// ranges (`1.1-1.7`, `1-3`), prefixed ids (`Requirement 1.1`, `PV-R1.1`, `FR-1.2`), "All" in
// several languages, and free text ("Security and performance considerations").

import { isAllWord, isRequirementWord, isTraceLabel } from './vocabulary';

export type TraceRefKind = 'criterion' | 'requirement' | 'criterion-range' | 'requirement-range' | 'all' | 'text';

export interface TraceRef {
  /** The token as written. */
  raw: string;
  kind: TraceRefKind;
  /** For `criterion` and `requirement`: the id as written without a leading "Requirement" word. */
  id?: string;
  /** For ranges: the two ends. */
  from?: string;
  to?: string;
  /** Body offset of the token and its length. */
  offset: number;
  length: number;
  /** 1-based line, and columns [column, endColumn) of the token. */
  line: number;
  column: number;
  endColumn: number;
}

export interface TraceLine {
  label: string;
  refs: TraceRef[];
  /** Body offset of the value (after the label). */
  valueOffset: number;
}

const LABEL_LEAD = /^(?:[-*+]\s+)?(?:_|\*{1,2})?/;
const VALUE = /^(?:_|\*{1,2})?\s*[:：]\s*(?:_|\*{1,2})?(.*?)(?:_|\*{1,2})?\s*$/;

/** Recognises a trace line (`_Requirements: …_` and its relatives): line `lineNumber`, whose text starts at body offset `lineStart`. */
export function parseTraceLine(text: string, lineStart: number, lineNumber: number): TraceLine | null {
  // Cheap checks first: most detail lines are not trace lines.
  const colon = text.search(/[:：]/);
  if (colon < 0 || colon > 60) return null;
  const lead = /^\s*/.exec(text)![0].length;
  const head = LABEL_LEAD.exec(text.slice(lead))![0].length;
  const labelEnd = text.slice(0, colon).search(/(?:_|\*{1,2})?\s*$/);
  const label = text.slice(lead + head, labelEnd).trim();
  if (!label || label.length > 40 || /[_*]/.test(label) || !isTraceLabel(label)) return null;
  const m = VALUE.exec(text.slice(labelEnd));
  if (!m) return null;
  const value = m[1]!;
  if (!value.trim()) return null;
  const valueOffset = lineStart + labelEnd + m[0].indexOf(value, m[0].search(/[:：]/) + 1);
  return { label, refs: parseTraceValue(value, valueOffset, lineNumber, lineStart), valueOffset };
}

const ID = String.raw`(?:[A-Za-z][A-Za-z-]*?-?)?\d+(?:\.\d+)*`;
const RANGE = new RegExp(String.raw`^(${ID})\s*(?:-|–|—|~|〜|to|ilâ|a|até|bis)\s*(${ID})$`, 'i');
const SINGLE = new RegExp(`^${ID}$`);

/** Splits a value into references; every token becomes one (free text included, as `text`). */
export function parseTraceValue(value: string, valueOffset: number, line = 1, lineStart = 0): TraceRef[] {
  const refs: TraceRef[] = [];
  const sep = /[,，、;；]|\s+(?:and|y|e|et|und|ve|及|和)\s+/g;
  let at = 0;
  const pieces: [string, number][] = [];
  for (const m of value.matchAll(sep)) {
    pieces.push([value.slice(at, m.index), at]);
    at = m.index + m[0].length;
  }
  pieces.push([value.slice(at), at]);
  for (const [piece, pos] of pieces) {
    const lead = /^\s*/.exec(piece)![0].length;
    const raw = piece.trim();
    if (!raw) continue;
    const offset = valueOffset + pos + lead;
    refs.push({ ...classifyToken(raw), offset, length: raw.length, line, column: offset - lineStart + 1, endColumn: offset - lineStart + 1 + raw.length });
  }
  return refs;
}

type Classified = Pick<TraceRef, 'raw' | 'kind' | 'id' | 'from' | 'to'>;

function classifyToken(raw: string): Classified {
  const base = { raw };
  // "Requirement 1.1", "Req. 2", "要件 1.1", "Requirements 6.5": drop the word.
  let t = raw.replace(/\s*[(（][^)）]*[)）]\s*$/, '').replace(/[.。)]+$/, '').trim();
  const word = /^([^\d\s]+?)\.?\s+(?=\S*\d)/.exec(t);
  if (word && isRequirementWord(word[1]!)) t = t.slice(word[0].length);
  else if (/^(?:requirements?|reqs?)\s*/i.test(t)) t = t.replace(/^(?:requirements?|reqs?)\s*/i, '');
  if (isAllWord(t)) return { ...base, kind: 'all' };
  const range = RANGE.exec(t);
  if (range) {
    const [from, to] = [range[1]!, range[2]!];
    const fromDotted = from.includes('.');
    const toDotted = to.includes('.');
    if (fromDotted && !toDotted && /^\d+$/.test(to)) {
      // "1.1-7": the same requirement's criteria 1 to 7.
      return { ...base, kind: 'criterion-range', from, to: from.replace(/\d+$/, to) };
    }
    return { ...base, kind: fromDotted || toDotted ? 'criterion-range' : 'requirement-range', from, to };
  }
  if (SINGLE.test(t)) {
    return { ...base, kind: /\d\.\d/.test(t) ? 'criterion' : 'requirement', id: t };
  }
  return { ...base, kind: 'text' };
}
