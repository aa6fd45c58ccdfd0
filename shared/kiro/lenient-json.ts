// JSON as real `.kiro` files write it: a BOM, CRLF, raw line breaks inside strings (hand-edited
// hook prompts), trailing commas, comments. Parsed leniently; each tolerance is reported as a
// note, each real error with its line and column; offsets map back to the original text so
// writers can change single values in place.

import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, visit, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { diagAt, diagRange, type KiroDiagnostic } from './diagnostics';
import { LineIndex, looksBinaryText, splitBom, type TextEdit } from './text';

export type JsonPath = (string | number)[];
export type { JsonNode };

export interface LenientJson {
  /** The parsed value; undefined when the text is empty, binary or not JSON at all. */
  value: unknown;
  /** True when the parser had to give up somewhere: the value may be partial. */
  broken: boolean;
  root: JsonNode | undefined;
  diagnostics: KiroDiagnostic[];
  /** The text without BOM, as offsets refer to it. */
  body: string;
  bom: boolean;
  index: LineIndex;
  /** Body offset in the original text for an offset in the parsed (escaped) text. */
  toOriginal(offset: number): number;
  /** The node at a path, e.g. `['when', 'type']`. */
  node(path: JsonPath): JsonNode | undefined;
  /** A diagnostic on the value at `path` (or on the nearest existing parent). */
  diagAt(path: JsonPath, severity: KiroDiagnostic['severity'], code: string, message: string, onKey?: boolean): KiroDiagnostic;
}

const ESCAPES: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };

function escapeRawControls(body: string): { fixed: string; shifts: { at: number; total: number }[]; count: number; first: number } {
  let out = '';
  let inString = false;
  let escaped = false;
  let count = 0;
  let first = -1;
  let total = 0;
  const shifts: { at: number; total: number }[] = [];
  let last = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 92) escaped = true;
      else if (c === 34) inString = false;
      else if (c < 0x20) {
        const esc = ESCAPES[c] ?? `\\u${c.toString(16).padStart(4, '0')}`;
        out += body.slice(last, i) + esc;
        last = i + 1;
        count++;
        if (first < 0) first = i;
        total += esc.length - 1;
        shifts.push({ at: out.length, total });
      }
    } else if (c === 34) inString = true;
  }
  out += body.slice(last);
  return { fixed: count ? out : body, shifts, count, first };
}

export function parseLenientJson(text: string, what = 'file'): LenientJson {
  const src = splitBom(text);
  const body = src.body;
  const index = new LineIndex(body);
  const diagnostics: KiroDiagnostic[] = [];
  const base = { body, bom: src.bom, index, diagnostics };
  const empty = (): LenientJson => ({
    ...base,
    value: undefined,
    broken: true,
    root: undefined,
    toOriginal: (o) => o,
    node: () => undefined,
    diagAt: (_p, severity, code, message) => diagAt(severity, code, message, 1),
  });
  if (looksBinaryText(body)) {
    diagnostics.push(diagAt('error', 'file.binary', `This ${what} is not text (it holds binary data), so it cannot be read as JSON.`, 1));
    return empty();
  }
  if (!body.trim()) {
    diagnostics.push(diagAt('error', 'json.empty', `This ${what} is empty; it should hold a JSON object.`, 1));
    return empty();
  }
  const { fixed, shifts, count, first } = escapeRawControls(body);
  const toOriginal = (o: number) => {
    let lo = 0;
    let hi = shifts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (shifts[mid]!.at <= o) lo = mid + 1;
      else hi = mid;
    }
    return o - (lo > 0 ? shifts[lo - 1]!.total : 0);
  };
  if (count) {
    const p = index.position(first);
    diagnostics.push(diagAt('info', 'json.raw-newline', `${count} raw line break${count > 1 ? 's' : ''} or control character${count > 1 ? 's' : ''} inside strings (first at line ${p.line}) read as escapes; strict JSON readers reject them.`, p.line, p.column, p.column + 1));
  }
  const errors: ParseError[] = [];
  const root = parseTree(fixed, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  // The first error is the real one; the rest usually follow from it.
  for (const e of errors.slice(0, 1)) {
    const at = toOriginal(e.offset);
    diagnostics.push(diagRange(index, 'error', 'json.syntax', `Not valid JSON: ${describeError(printParseErrorCode(e.error))}.`, at, at + Math.max(1, e.length)));
  }
  if (!errors.length) {
    let comments = 0;
    let commentAt = 0;
    visit(fixed, { onComment: (offset) => (comments++ === 0 ? (commentAt = offset) : 0) }, { disallowComments: false });
    if (comments) {
      const at = toOriginal(commentAt);
      diagnostics.push(diagRange(index, 'info', 'json.comment', 'Comments are not standard JSON; Specwright reads past them, other tools may not.', at, at + 2));
    }
    const strict: ParseError[] = [];
    parseTree(fixed, strict, { allowTrailingComma: false, disallowComments: false });
    const trailing = strict.find((e) => printParseErrorCode(e.error) !== 'InvalidCommentToken');
    if (trailing) {
      const at = toOriginal(trailing.offset);
      diagnostics.push(diagRange(index, 'info', 'json.trailing-comma', 'A trailing comma (tolerated; strict JSON readers reject it).', Math.max(0, at - 1), at));
    }
  }
  const node = (path: JsonPath) => (root ? findNodeAtLocation(root, path) : undefined);
  return {
    ...base,
    value: root ? getNodeValue(root) : undefined,
    broken: errors.length > 0 || !root,
    root,
    toOriginal,
    node,
    diagAt(path, severity, code, message, onKey = false) {
      for (let p = path; ; p = p.slice(0, -1)) {
        const n = node(p);
        if (n) {
          const target = onKey && n.parent?.type === 'property' ? n.parent.children![0]! : n;
          const start = toOriginal(target.offset);
          // Point at the first line of a multi-line value.
          const line = index.position(start).line;
          const lineEnd = line < index.lineCount ? index.lineStart(line + 1) - 1 : body.length;
          const end = Math.min(toOriginal(target.offset + target.length), lineEnd);
          return diagRange(index, severity, code, message, start, Math.max(start + 1, end));
        }
        if (!p.length) return diagAt(severity, code, message, 1);
      }
    },
  };
}

function describeError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'an unexpected character',
    InvalidNumberFormat: 'a malformed number',
    PropertyNameExpected: 'a property name in double quotes was expected',
    ValueExpected: 'a value was expected',
    ColonExpected: 'a colon was expected',
    CommaExpected: 'a comma was expected',
    CloseBraceExpected: 'a closing } is missing (the file may be cut short)',
    CloseBracketExpected: 'a closing ] is missing (the file may be cut short)',
    EndOfFileExpected: 'text after the end of the JSON value',
    InvalidCommentToken: 'a malformed comment',
    UnexpectedEndOfComment: 'a comment that never ends',
    UnexpectedEndOfString: 'a string that never ends (the file may be cut short)',
    UnexpectedEndOfNumber: 'a number cut short',
    InvalidUnicode: 'a malformed \\u escape',
    InvalidEscapeCharacter: 'an invalid escape after a backslash',
    InvalidCharacter: 'an invalid character',
  };
  return words[code] ?? code;
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Minimal edits that set keys of the top-level object in a parsed JSON text: a value
 * replaced in place, a new key appended after the last one in the file's own layout, a
 * removed key taken out with its comma. Nothing else moves.
 */
export function objectEdits(json: LenientJson, patch: Record<string, unknown>, path: JsonPath = []): TextEdit[] {
  const edits: TextEdit[] = [];
  const obj = json.node(path);
  if (!obj || obj.type !== 'object') throw new TypeError('Not a JSON object');
  const props = obj.children ?? [];
  const added: string[] = [];
  for (const [k, v] of Object.entries(patch)) {
    const i = props.findIndex((p) => p.children?.[0]?.value === k);
    if (i >= 0) {
      const valueNode = props[i]!.children![1]!;
      if (v === undefined) {
        const from = i > 0 ? props[i - 1]!.offset + props[i - 1]!.length : props[i]!.offset;
        const to = i > 0 ? props[i]!.offset + props[i]!.length : (props[i + 1]?.offset ?? props[i]!.offset + props[i]!.length);
        edits.push({ offset: json.toOriginal(from), length: json.toOriginal(to) - json.toOriginal(from), text: '' });
      } else if (JSON.stringify(getNodeValue(valueNode)) !== JSON.stringify(v)) {
        const a = json.toOriginal(valueNode.offset);
        edits.push({ offset: a, length: json.toOriginal(valueNode.offset + valueNode.length) - a, text: JSON.stringify(v) });
      }
    } else if (v !== undefined) added.push(`${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  }
  if (added.length) {
    const last = props[props.length - 1];
    if (last) {
      const lastStart = json.toOriginal(last.offset);
      const lineStart = json.index.lineStart(json.index.position(lastStart).line);
      const firstLine = json.index.position(json.toOriginal(obj.offset)).line;
      const multiLine = json.index.position(lastStart).line !== firstLine;
      const sep = multiLine ? '\n' + json.body.slice(lineStart, lastStart) : ' ';
      edits.push({ offset: json.toOriginal(last.offset + last.length), length: 0, text: added.map((a) => `,${sep}${a}`).join('') });
    } else {
      edits.push({ offset: json.toOriginal(obj.offset + 1), length: 0, text: added.join(', ') });
    }
  }
  return edits;
}

