// Steering files: optional YAML front matter (inclusion always / fileMatch / manual / auto),
// `#[[file:path]]` includes, and the decision whether a file goes into a request — with the
// reason, so a person can see why a file was or was not used.

import picomatch from 'picomatch/posix';
import { parseDocument } from 'yaml';
import { diagAt, type KiroDiagnostic } from './diagnostics';
import { splitPatterns } from './patterns';
import { looksBinaryText, splitBom, splitLines } from './text';

export type InclusionMode = 'always' | 'fileMatch' | 'manual' | 'auto';

export interface SteeringInclude {
  /** The path as written, relative to the workspace root. */
  path: string;
  raw: string;
  line: number;
  column: number;
  endColumn: number;
}

export interface SteeringDoc {
  /** The name `#name` refers to: the path under steering/ without `.md` (`tech`, `api/rest`). */
  name: string;
  /** Other names the file answers to: the file stem, the front matter's `name`. */
  aliases: string[];
  fileName: string;
  inclusion: InclusionMode;
  /** Globs for `fileMatch` (comma-separated strings already split). */
  patterns: string[];
  description: string | null;
  title: string | null;
  frontMatter: Record<string, unknown> | null;
  /** The text after the front matter (what the model reads), BOM excluded. */
  body: string;
  /** 1-based line of the body's first line. */
  bodyLine: number;
  includes: SteeringInclude[];
  diagnostics: KiroDiagnostic[];
}

export { splitPatterns };

const MODES: Record<string, InclusionMode> = { always: 'always', filematch: 'fileMatch', 'file-match': 'fileMatch', file_match: 'fileMatch', manual: 'manual', auto: 'auto' };
const KNOWN_KEY = /^(?:#+\s*)?(inclusion|fileMatchPattern|name|description|title)\s*:/;

/** `./src/**` → `src/**`; `/src/**` → `src/**`; backslashes → slashes. */
export const normalizeGlob = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');

export function parseSteering(text: string, fileName: string): SteeringDoc {
  const src = splitBom(text);
  const body = src.body;
  const stem = fileName.replace(/\\/g, '/').replace(/\.md$/i, '');
  const doc: SteeringDoc = {
    name: stem,
    aliases: [stem.split('/').pop()!],
    fileName,
    inclusion: 'always',
    patterns: [],
    description: null,
    title: null,
    frontMatter: null,
    body,
    bodyLine: 1,
    includes: [],
    diagnostics: [],
  };
  const d = doc.diagnostics;
  if (looksBinaryText(body)) {
    d.push(diagAt('error', 'file.binary', 'This steering file is not text; it is left out of every request.', 1));
    doc.inclusion = 'manual';
    doc.body = '';
    return doc;
  }
  if (!body.trim()) d.push(diagAt('info', 'steering.empty', 'This steering file is empty; including it adds nothing.', 1));
  const lines = splitLines(body);
  const first = lines.findIndex((l) => l.text.trim() !== '');
  if (first >= 0 && lines[first]!.text.trim() === '---') {
    const close = lines.findIndex((l, i) => i > first && /^(---|\.\.\.)\s*$/.test(l.text));
    if (close < 0) {
      d.push(diagAt('warning', 'steering.front-matter-unclosed', 'The front matter opened here is never closed with "---"; the whole file is read as text and included in every request.', lines[first]!.n, 1, 4));
    } else {
      if (first > 0) d.push(diagAt('info', 'steering.front-matter-late', 'Front matter normally starts on the first line; blank lines before it were skipped.', lines[first]!.n));
      const fmText = body.slice(lines[first + 1]?.start ?? lines[close]!.start, lines[close]!.start);
      readFrontMatter(doc, fmText, lines[first]!.n + 1);
      const after = lines[close + 1];
      doc.body = after ? body.slice(after.start) : '';
      doc.bodyLine = after ? after.n : lines[close]!.n + 1;
      // A second block right after the first (seen in the wild, sometimes mangled into "## inclusion: always").
      const next = lines.findIndex((l, i) => i > close && l.text.trim() !== '');
      if (next >= 0 && lines[next]!.text.trim() === '---') {
        const keyLine = lines.slice(next + 1, next + 7).find((l) => KNOWN_KEY.test(l.text.trim()));
        if (keyLine) {
          d.push(diagAt('warning', 'steering.duplicate-front-matter', `A second front-matter block starts at line ${lines[next]!.n} ("${keyLine.text.trim()}"); only the first block counts, the second is sent to the model as text. Remove it.`, lines[next]!.n, 1, 4));
        }
      }
    }
  } else {
    const stray = lines.slice(0, 12).find((l) => /^(inclusion|fileMatchPattern)\s*:/.test(l.text.trim()));
    if (stray) d.push(diagAt('warning', 'steering.front-matter-not-at-top', `"${stray.text.trim()}" is not read as front matter: it must sit between "---" lines at the top of the file. The file is included in every request.`, stray.n, 1, stray.text.length + 1));
  }
  if (!doc.title) doc.title = /^#\s+(.+)$/m.exec(doc.body)?.[1]?.trim() ?? null;
  findIncludes(doc, body);
  return doc;
}

function readFrontMatter(doc: SteeringDoc, fmText: string, firstLine: number): void {
  const d = doc.diagnostics;
  const yaml = parseDocument(fmText, { prettyErrors: false });
  const at = (pos: [number, number] | undefined) => {
    if (!pos) return { line: firstLine, col: 1 };
    const p = fmText.slice(0, pos[0]);
    const line = firstLine + (p.match(/\n/g)?.length ?? 0);
    return { line, col: pos[0] - (p.lastIndexOf('\n') + 1) + 1 };
  };
  for (const e of yaml.errors) {
    const p = at(e.pos);
    if (e.code === 'DUPLICATE_KEY') d.push(diagAt('warning', 'steering.duplicate-key', `A key appears twice in the front matter; the last value is used. (${e.message.split(' at line')[0]})`, p.line, p.col, p.col + 1));
    else d.push(diagAt('error', 'steering.front-matter-yaml', `The front matter is not valid YAML: ${e.message.split(' at line')[0]}. The file is included in every request until it is fixed.`, p.line, p.col, p.col + 1));
  }
  if (yaml.errors.some((e) => e.code !== 'DUPLICATE_KEY')) return;
  let value: unknown;
  try {
    value = yaml.toJS({ maxAliasCount: 50 });
  } catch (e) {
    d.push(diagAt('error', 'steering.front-matter-yaml', `The front matter could not be read: ${(e as Error).message}`, firstLine));
    return;
  }
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    d.push(diagAt('error', 'steering.front-matter-shape', 'The front matter should be "key: value" lines (inclusion, fileMatchPattern, name, description).', firstLine));
    return;
  }
  const fm = value as Record<string, unknown>;
  doc.frontMatter = fm;
  const lineOf = (key: string) => {
    const i = fmText.split(/\r?\n|\r/).findIndex((l) => l.trimStart().startsWith(`${key}:`) || l.trimStart().startsWith(`${key} :`));
    return i < 0 ? firstLine : firstLine + i;
  };
  if (typeof fm.title === 'string') doc.title = fm.title;
  if (typeof fm.description === 'string' && fm.description.trim()) doc.description = fm.description.trim();
  if (typeof fm.name === 'string' && fm.name.trim() && !doc.aliases.includes(fm.name.trim())) doc.aliases.push(fm.name.trim());

  const rawMode = fm.inclusion;
  if (rawMode !== undefined) {
    const mode = typeof rawMode === 'string' ? MODES[rawMode.trim().toLowerCase()] : undefined;
    if (!mode) {
      d.push(diagAt('warning', 'steering.unknown-inclusion', `inclusion: ${JSON.stringify(rawMode)} is not always, fileMatch, manual or auto; the file is included in every request.`, lineOf('inclusion')));
    } else {
      doc.inclusion = mode;
      if (typeof rawMode === 'string' && rawMode.trim() !== mode) d.push(diagAt('info', 'steering.inclusion-spelling', `Read "${rawMode}" as "${mode}".`, lineOf('inclusion')));
    }
  }
  const rawPattern = fm.fileMatchPattern ?? fm.fileMatchPatterns;
  if (rawPattern !== undefined) {
    const line = lineOf(fm.fileMatchPattern !== undefined ? 'fileMatchPattern' : 'fileMatchPatterns');
    const list = Array.isArray(rawPattern) ? rawPattern : [rawPattern];
    const patterns: string[] = [];
    for (const p of list) {
      if (typeof p !== 'string') {
        d.push(diagAt('warning', 'steering.bad-pattern', `${JSON.stringify(p)} is not a glob string; ignored.`, line));
        continue;
      }
      const parts = splitPatterns(p);
      if (parts.length > 1) d.push(diagAt('info', 'steering.comma-patterns', `"${p}" holds ${parts.length} comma-separated globs; Specwright matches each (Kiro reads it as one pattern and matches nothing). A YAML list is clearer.`, line));
      patterns.push(...parts.map(normalizeGlob));
    }
    for (const p of patterns) {
      try {
        picomatch.makeRe(p);
      } catch (e) {
        d.push(diagAt('error', 'steering.bad-glob', `"${p}" is not a valid glob: ${(e as Error).message}`, line));
      }
    }
    doc.patterns = [...new Set(patterns)];
    if (doc.inclusion === 'always' || doc.inclusion === 'manual') {
      d.push(diagAt('info', 'steering.pattern-ignored', `fileMatchPattern has no effect with inclusion: ${doc.inclusion}.`, line));
    } else if (doc.inclusion === 'auto' && doc.patterns.length) {
      d.push(diagAt('info', 'steering.auto-pattern', 'With inclusion: auto, fileMatchPattern also includes the file when a matching file is in the request.', line));
    }
  }
  if (doc.inclusion === 'fileMatch' && !doc.patterns.length) {
    d.push(diagAt('warning', 'steering.no-pattern', 'inclusion: fileMatch needs a fileMatchPattern; without one the file is only included when referenced as #' + doc.name + '.', lineOf('inclusion')));
  }
  if (doc.inclusion === 'auto' && !doc.description) {
    d.push(diagAt('warning', 'steering.auto-no-description', `inclusion: auto is chosen by matching the request against the description; without one only the name "${doc.name}" can match.`, lineOf('inclusion')));
  }
}

function findIncludes(doc: SteeringDoc, body: string): void {
  const lines = splitLines(body);
  for (const l of lines) {
    if (!l.text.includes('#[[')) continue;
    for (const m of l.text.matchAll(/#\[\[([^\]\n]*)\]\]/g)) {
      const inner = m[1]!.trim();
      const column = m.index + 1;
      const endColumn = column + m[0].length;
      const file = /^file\s*:\s*(.+)$/i.exec(inner);
      if (file) doc.includes.push({ path: file[1]!.trim(), raw: m[0], line: l.n, column, endColumn });
      else doc.diagnostics.push(diagAt('warning', 'steering.include-syntax', `"${m[0]}" is not an include; to include a file write #[[file:${inner}]].`, l.n, column, endColumn));
    }
  }
}

// ── Inclusion decisions ────────────────────────────────────────────────────

export interface SteeringContext {
  /** Workspace-relative paths of the files in the request's context (open, attached, edited). */
  files?: readonly string[];
  /** The person's message. `#name` references in it count as mentions. */
  text?: string;
  mentions?: readonly string[];
}

export type InclusionReason =
  | { kind: 'always' }
  | { kind: 'fileMatch'; file: string; pattern: string }
  | { kind: 'manual'; mention: string }
  | { kind: 'auto'; terms: string[] }
  | { kind: 'agents' };

export interface InclusionDecision {
  included: boolean;
  reason: InclusionReason | null;
  /** Short human text: "always", "matched src/api/x.ts", "#api", "auto: git, branch", or why not. */
  why: string;
}

/** Context words in chat that are not steering names (`#spec:…`, `#file:…`, `#codebase`, …). */
const CONTEXT_KEYS = new Set(['spec', 'file', 'folder', 'codebase', 'terminal', 'problems', 'git', 'steering', 'mcp', 'url', 'docs', 'current', 'repository']);

export function extractMentions(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(^|[\s(,;])#([\p{L}\p{N}_][\p{L}\p{N}_./-]*)/gu)) {
    const name = m[2]!.replace(/[.,;:]+$/, '').replace(/\.md$/i, '');
    if (!CONTEXT_KEYS.has(name.toLowerCase()) && !/^\d+$/.test(name)) out.add(name);
  }
  return [...out];
}

const matchers = new WeakMap<SteeringDoc, (file: string) => string | null>();

/** Which of the doc's patterns matches `file` (a pattern without a slash matches the base name anywhere). */
export function matchFile(doc: SteeringDoc, file: string): string | null {
  let m = matchers.get(doc);
  if (!m) {
    const compiled = doc.patterns.flatMap((p) => {
      try {
        return [{ p, test: picomatch(p, { dot: true, basename: !p.includes('/') }) }];
      } catch {
        return [];
      }
    });
    m = (f: string) => compiled.find((c) => c.test(f))?.p ?? null;
    matchers.set(doc, m);
  }
  return m(file.replace(/\\/g, '/').replace(/^\.\//, ''));
}

const STOP = new Set(
  'a an and are as at be by for from how in into is it its of on or that the this to with when which what use used using should must can will your you our we file files rule rules about all any each more most other some such than then these those only also not no do does via per based guide guideline guidelines best practice practices pattern patterns convention conventions standard standards'.split(' '),
);

/** Bigrams of grammar, not topic (Japanese verb endings and particles, common Chinese function words). */
const CJK_STOP = new Set('する して した され こと ます です ある いる れる ない から まで など ため よう での には では とき ので ません 的是 我们 可以 进行 一个 這個 这个 時候 时候'.split(' '));

/** Lower-cased words (light stemming) and CJK bigrams. */
export function terms(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(w)) {
      if (w.length === 1) continue;
      for (let i = 0; i + 1 < w.length; i++) if (!CJK_STOP.has(w.slice(i, i + 2))) out.add(w.slice(i, i + 2));
      continue;
    }
    if (w.length < 3 || STOP.has(w)) continue;
    out.add(stem(w));
  }
  return out;
}

const stem = (w: string) => (w.length > 5 ? w.replace(/(?:ing|ed|es|s)$/, '') : w.length > 3 ? w.replace(/s$/, '') : w);

export interface AutoOptions {
  /** Distinct description terms the request must share (default 2; 1 when the description has at most 3 terms). */
  minTerms?: number;
}

/** `auto` inclusion: the request shares enough terms with the file's name and description, or names it. */
export function matchAuto(doc: SteeringDoc, text: string, options: AutoOptions = {}): string[] | null {
  if (!text.trim()) return null;
  const req = terms(text);
  const lowered = text.toLowerCase();
  for (const n of [doc.name, ...doc.aliases]) {
    if (n.length >= 3 && lowered.includes(n.toLowerCase())) return [n];
  }
  const source = `${doc.description ?? ''} ${doc.name.replace(/[-_/]/g, ' ')}`;
  const wanted = terms(source);
  const hits = [...wanted].filter((t) => req.has(t));
  const need = options.minTerms ?? (wanted.size <= 3 ? 1 : 2);
  return hits.length >= need ? readable(hits, source) : null;
}

/** CJK bigram hits joined back into the runs they came from (本番, 番環, 環境 → 本番環境). */
function readable(hits: string[], source: string): string[] {
  const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
  const latin = hits.filter((h) => !cjk.test(h));
  const set = new Set(hits.filter((h) => cjk.test(h)));
  const runs: string[] = [];
  const chars = [...source.toLowerCase()];
  let run = '';
  for (let i = 0; i + 1 < chars.length; i++) {
    const pair = chars[i]! + chars[i + 1]!;
    if (set.has(pair)) run = run ? run + chars[i + 1]! : pair;
    else if (run) {
      runs.push(run);
      run = '';
    }
  }
  if (run) runs.push(run);
  return [...latin, ...new Set(runs)];
}

/** Whether `doc` goes into a request with this context, and why (or why not). */
export function decideInclusion(doc: SteeringDoc, ctx: SteeringContext, options: AutoOptions = {}): InclusionDecision {
  const mentions = new Set([...(ctx.mentions ?? []), ...extractMentions(ctx.text ?? '')].map((m) => m.toLowerCase()));
  const mention = [doc.name, ...doc.aliases].find((n) => mentions.has(n.toLowerCase()));
  const fileHit = () => {
    for (const f of ctx.files ?? []) {
      const p = matchFile(doc, f);
      if (p) return { file: f, pattern: p };
    }
    return null;
  };
  switch (doc.inclusion) {
    case 'always':
      return { included: true, reason: { kind: 'always' }, why: 'always' };
    case 'fileMatch': {
      const hit = fileHit();
      if (hit) return { included: true, reason: { kind: 'fileMatch', ...hit }, why: `matched ${hit.file}` };
      if (mention) return { included: true, reason: { kind: 'manual', mention }, why: `#${mention}` };
      return { included: false, reason: null, why: doc.patterns.length ? `no file in context matches ${doc.patterns.join(', ')}` : 'fileMatch without a pattern' };
    }
    case 'manual':
      if (mention) return { included: true, reason: { kind: 'manual', mention }, why: `#${mention}` };
      return { included: false, reason: null, why: `manual: not referenced (#${doc.name})` };
    case 'auto': {
      if (mention) return { included: true, reason: { kind: 'manual', mention }, why: `#${mention}` };
      const hit = fileHit();
      if (hit) return { included: true, reason: { kind: 'fileMatch', ...hit }, why: `matched ${hit.file}` };
      const t = matchAuto(doc, ctx.text ?? '', options);
      if (t) return { included: true, reason: { kind: 'auto', terms: t }, why: `auto: ${t.slice(0, 4).join(', ')}` };
      return { included: false, reason: null, why: 'auto: the request does not match its description' };
    }
  }
}
