// A small line-oriented Markdown scanner: enough block structure (ATX headings, fenced code,
// list items, blank lines) to find what the `.kiro` documents put there, with exact offsets.
// It never rewrites anything; writers use the offsets it records.

import { diagAt, type KiroDiagnostic } from './diagnostics';
import { indentWidth, LineIndex, splitBom, splitLines, type Line } from './text';

export interface MdHeading {
  level: number;
  /** Heading text as written (without the #s). */
  text: string;
  /** Text without emphasis markers, for matching. */
  plain: string;
  line: number;
}

export interface FencedBlock {
  /** The info string after the fence (`mermaid`, `json`, …), lower-cased first word. */
  lang: string;
  /** Line of the opening fence. */
  line: number;
  /** Line of the closing fence, or the last line when the block is never closed. */
  endLine: number;
  closed: boolean;
  content: string;
  /** Body offset where the content starts. */
  contentStart: number;
}

export interface MdLine extends Line {
  kind: 'blank' | 'heading' | 'fence' | 'code' | 'text';
  indent: number;
  heading?: MdHeading;
}

export interface MdScan {
  lines: MdLine[];
  headings: MdHeading[];
  fences: FencedBlock[];
  diagnostics: KiroDiagnostic[];
}

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;

export const plainInline = (s: string) =>
  s
    .replace(/\*\*|__/g, '')
    .replace(/(^|[^\w])[*_]([^*_]+)[*_](?=[^\w]|$)/g, '$1$2')
    .replace(/`/g, '')
    .trim();

export function scanMarkdown(body: string): MdScan {
  const raw = splitLines(body);
  const lines: MdLine[] = new Array(raw.length);
  const headings: MdHeading[] = [];
  const fences: FencedBlock[] = [];
  const diagnostics: KiroDiagnostic[] = [];
  let open: { char: string; len: number; block: FencedBlock } | null = null;
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i] as MdLine;
    const text = l.text;
    const indent = indentWidth(text);
    l.indent = indent;
    lines[i] = l;
    // Only lines whose first visible character is `, ~ or # can open, close or head anything.
    const c = text.charCodeAt(indent < text.length ? firstNonSpace(text) : 0);
    const maybeFence = indent <= 3 && (c === 96 || c === 126);
    if (open) {
      const m = maybeFence ? FENCE.exec(text) : null;
      if (m && m[2]![0] === open.char && m[2]!.length >= open.len && m[3]!.trim() === '') {
        open.block.endLine = l.n;
        open.block.closed = true;
        open.block.content = body.slice(open.block.contentStart, l.start);
        open = null;
        l.kind = 'fence';
      } else l.kind = 'code';
      continue;
    }
    const f = maybeFence ? FENCE.exec(text) : null;
    if (f && !(f[2]![0] === '`' && f[3]!.includes('`'))) {
      const block: FencedBlock = {
        lang: (f[3]!.trim().split(/\s+/)[0] ?? '').replace(/^\{\.?|\}$/g, '').toLowerCase(),
        line: l.n,
        endLine: l.n,
        closed: false,
        content: '',
        contentStart: l.end + l.eol.length,
      };
      fences.push(block);
      open = { char: f[2]![0]!, len: f[2]!.length, block };
      l.kind = 'fence';
      continue;
    }
    if (indent === text.length || text.trim() === '') {
      l.kind = 'blank';
      continue;
    }
    const h = indent <= 3 && c === 35 ? HEADING.exec(text) : null;
    if (h) {
      const t = (h[2] ?? '').trim();
      const heading: MdHeading = { level: h[1]!.length, text: t, plain: plainInline(t), line: l.n };
      headings.push(heading);
      l.kind = 'heading';
      l.heading = heading;
      continue;
    }
    l.kind = 'text';
  }
  if (open) {
    const last = raw[raw.length - 1]!;
    open.block.endLine = last.n;
    open.block.content = body.slice(open.block.contentStart);
    diagnostics.push(diagAt('warning', 'markdown.unclosed-fence', `This code block (opened with ${open.char.repeat(open.len)}) is never closed; everything after it is read as code.`, open.block.line, 1, open.len + 1));
  }
  return { lines, headings, fences, diagnostics };
}

function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  return i;
}

export interface ListItem {
  indent: number;
  /** `-`, `*`, `+`, or the number as written (`1`, `1.1`). */
  marker: string;
  ordered: boolean;
  /** For ordered items: the number as written. */
  number: string | null;
  /** Column (0-based) where the item's content starts. */
  contentColumn: number;
  content: string;
}

const LIST = /^([ \t]*)(?:([-*+])|(\d+(?:\.\d+)*)([.)])?)([ \t]+|$)/;

/**
 * A list item's marker. Besides CommonMark's `1.` and `1)`, accepts the dotted ids Kiro's
 * documents use as markers (`1.1 WHEN …`, `3.10 WHEN …`) — but not a bare `2024 was…`.
 */
export function listItem(text: string): ListItem | null {
  const m = LIST.exec(text);
  if (!m) return null;
  const bullet = m[2];
  const number = m[3];
  const delim = m[4];
  if (!bullet && !delim && !(number && number.includes('.'))) return null;
  if (bullet && text.slice(m[1]!.length).startsWith('---')) return null; // thematic break
  if (bullet === '*' && /^\s*\*\*/.test(text)) return null; // bold text, not a bullet
  const contentColumn = m[0].length;
  return {
    indent: indentWidth(m[1]!),
    marker: bullet ?? number!,
    ordered: !bullet,
    number: number ?? null,
    contentColumn,
    content: text.slice(contentColumn),
  };
}

/** Index ranges of sections: each heading owns the lines up to the next heading of the same or a higher level. */
export function sectionEnd(lines: readonly MdLine[], headingIdx: number): number {
  const level = lines[headingIdx]!.heading!.level;
  for (let i = headingIdx + 1; i < lines.length; i++) {
    const h = lines[i]!.heading;
    if (h && h.level <= level) return i;
  }
  return lines.length;
}

/**
 * What every markdown document parser starts from: the text without its BOM, a line index,
 * the markdown scan, a diagnostics list seeded with the scan's, and the fields every parsed
 * document carries (BOM, line ending, line count, title).
 */
export function openMarkdownDoc(text: string) {
  const src = splitBom(text);
  const body = src.body;
  const index = new LineIndex(body);
  const scan = scanMarkdown(body);
  const diagnostics: KiroDiagnostic[] = [...scan.diagnostics];
  const base = {
    bom: src.bom,
    eol: src.eol,
    lineCount: index.lineCount,
    title: scan.headings.find((h) => h.level === 1)?.plain ?? null,
    diagnostics,
  };
  return { body, index, scan, lines: scan.lines, diagnostics, base };
}
