// Text plumbing shared by every `.kiro` parser and writer: BOM, line endings, offsets to
// 1-based line/column (UTF-16 code units, as Monaco counts), and edits that touch only the
// characters they name — the basis of "exact on output".

export const BOM = '\uFEFF';

export type Eol = '\n' | '\r\n';

/** A string split from its byte-order mark, so offsets and columns match what an editor shows. */
export interface SourceText {
  /** The text without a leading BOM. Every offset in a parsed document refers to this. */
  body: string;
  bom: boolean;
  /** The line ending most lines use (files mixing both keep each line's own on write). */
  eol: Eol;
}

export function splitBom(text: string): SourceText {
  const bom = text.startsWith(BOM);
  const body = bom ? text.slice(1) : text;
  return { body, bom, eol: dominantEol(body) };
}

export const joinBom = (src: { bom: boolean }, body: string) => (src.bom ? BOM + body : body);

export function dominantEol(text: string): Eol {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** One physical line: its text without the terminator, where it starts, and the terminator. */
export interface Line {
  /** 1-based. */
  n: number;
  text: string;
  start: number;
  /** Offset just past the text (before the terminator). */
  end: number;
  eol: '' | '\n' | '\r\n' | '\r';
}

export function splitLines(body: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let n = 1;
  const len = body.length;
  let i = 0;
  while (i < len) {
    const c = body.charCodeAt(i);
    if (c === 10 || c === 13) {
      const eol = c === 13 && body.charCodeAt(i + 1) === 10 ? '\r\n' : c === 13 ? '\r' : '\n';
      lines.push({ n: n++, text: body.slice(start, i), start, end: i, eol });
      i += eol.length;
      start = i;
    } else i++;
  }
  // The last line has no terminator; it is empty when the text ends with one (an editor
  // shows it too), and an empty text is one empty line.
  lines.push({ n, text: body.slice(start), start, end: len, eol: '' });
  return lines;
}

/** Maps offsets in a body to 1-based line and column. */
export class LineIndex {
  private starts: number[] = [0];
  constructor(readonly body: string) {
    for (let i = 0; i < body.length; i++) {
      const c = body.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && body.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))]!;
  }
  get lineCount(): number {
    return this.starts.length;
  }
}

/** A replacement of `length` characters at `offset` (in the body, BOM excluded). */
export interface TextEdit {
  offset: number;
  length: number;
  text: string;
}

/**
 * Applies non-overlapping edits to a full text (BOM kept as it was). `\n` in replacement
 * text becomes the document's own line ending, so an edit never mixes CRLF into an LF file.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const src = splitBom(text);
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.offset < at || e.offset + e.length > src.body.length || e.length < 0) {
      throw new RangeError(`Overlapping or out-of-range edit at offset ${e.offset}`);
    }
    out += src.body.slice(at, e.offset) + withEol(e.text, src.eol);
    at = e.offset + e.length;
  }
  out += src.body.slice(at);
  return joinBom(src, out);
}

export const withEol = (text: string, eol: Eol) => (eol === '\n' ? text.replace(/\r\n/g, '\n') : text.replace(/\r?\n/g, '\r\n'));

/** Leading whitespace width, a tab counting as up to the next multiple of 4 (CommonMark). */
export function indentWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) w++;
    else if (c === 9) w += 4 - (w % 4);
    else break;
  }
  return w;
}

/** True when the text holds NUL bytes or mostly replacement characters: not a text file. */
export function looksBinaryText(text: string): boolean {
  if (text.includes('\0')) return true;
  const sample = text.length > 4000 ? text.slice(0, 4000) : text;
  let at = sample.indexOf('\uFFFD');
  if (at < 0) return false;
  let bad = 0;
  for (; at >= 0; at = sample.indexOf('\uFFFD', at + 1)) bad++;
  // A few bad characters are a Latin-1 file ("café"); many are binary data.
  return bad / sample.length > 0.3 || (bad >= 16 && bad / sample.length > 0.1);
}
