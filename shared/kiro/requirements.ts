// requirements.md: requirements (`### Requirement N[: Title]`), their user stories and
// numbered acceptance criteria addressed as `N.M`, each classified as EARS.
//
// Structure, not English, decides: a requirement is a heading made of a label and a number
// ("Requirement 3", "要件3", "需求 3：…", "FR-3"), chosen among the headings of the same level
// and label whose sections hold the most criteria; its criteria are the top-level numbered
// items under its acceptance heading (recognised in many languages) or, failing that, under
// its first sub-heading with a numbered list.

import { diagAt, diagRange, sortDiagnostics, type KiroDiagnostic } from './diagnostics';
import { classifyEars, lintEars, type EarsClassification, type EarsPattern } from './ears';
import { topLevelItems, type ItemSpan } from './list-items';
import { openMarkdownDoc, sectionEnd, type MdLine } from './markdown';
import { applyTextEdits, LineIndex, looksBinaryText, type Eol } from './text';
import { isAcceptanceHeading, isRequirementWord, isUserStoryLabel, USER_STORY_SENTENCE } from './vocabulary';

export interface Criterion {
  /** `N.M` (or the explicit id written in the file, e.g. `FR-1.2`). */
  id: string;
  requirementId: string;
  /** The list number as written (position when the list is unnumbered). */
  ordinal: number;
  /** The criterion's text exactly as in the file (continuation lines included). */
  text: string;
  line: number;
  endLine: number;
  /** Body offsets of `text` (the BOM excluded). */
  start: number;
  end: number;
  ears: EarsClassification;
}

export interface UserStory {
  /** The bold label as written (`User Story`, `目的`, `使用者故事`), or null for a bare "As a …". */
  label: string | null;
  text: string;
  line: number;
}

export interface Requirement {
  id: string;
  title: string | null;
  heading: string;
  level: number;
  line: number;
  endLine: number;
  userStory: UserStory | null;
  criteria: Criterion[];
}

export interface DocumentBase {
  bom: boolean;
  eol: Eol;
  lineCount: number;
  /** Level-1 heading, if any. */
  title: string | null;
  diagnostics: KiroDiagnostic[];
}

export interface RequirementsDoc extends DocumentBase {
  kind: 'requirements';
  requirements: Requirement[];
  summary: { requirements: number; criteria: number; ears: Record<EarsPattern, number> };
}

export const emptyEarsCounts = (): Record<EarsPattern, number> => ({ ubiquitous: 0, event: 0, state: 0, unwanted: 0, optional: 0, complex: 0, 'not-ears': 0 });

const CANDIDATE = /^(?<label>[^\d]{0,30}?)(?<gap>\s*)(?<num>\d+(?:\.\d+)*)(?:\s*(?:[:：.．)\-–—]|\s)\s*(?<title>.*))?$/;
const ACRONYM = /^[A-Z]{1,5}-?$/;

interface Candidate {
  idx: number;
  level: number;
  label: string;
  id: string;
  title: string | null;
  heading: string;
}

function candidates(lines: readonly MdLine[]): Candidate[] {
  const out: Candidate[] = [];
  lines.forEach((l, idx) => {
    const h = l.heading;
    if (!h || h.level < 2) return;
    const m = CANDIDATE.exec(h.plain);
    if (!m?.groups) return;
    const label = m.groups.label!.trim();
    if (label.split(/\s+/).length > 3 || /[.,;!?。、]/.test(label)) return;
    const num = m.groups.num!;
    const id = ACRONYM.test(label) && !m.groups.gap ? label + num : num;
    out.push({ idx, level: h.level, label, id, title: m.groups.title?.trim() || null, heading: h.text });
  });
  return out;
}

/** Explicit criterion ids written at the start of a bullet: `FR-1.1: …`, `R2.3 …`. */
const EXPLICIT_ID = /^(?:\*\*)?([A-Za-z]{1,6}-?\d+(?:\.\d+)+|\d+(?:\.\d+)+)(?:\*\*)?\s*[:：.)]?\s+/;

export interface CriteriaRegion {
  items: ItemSpan[];
  /** Whether the region is headed by an acceptance heading (then plain bullets count too). */
  acceptance: boolean;
}

/** Where a requirement's criteria live within lines[from, to). */
export function criteriaRegion(lines: readonly MdLine[], from: number, to: number): CriteriaRegion {
  const segments: { start: number; end: number; heading: string | null }[] = [];
  let segStart = from;
  let heading: string | null = null;
  for (let i = from; i < to; i++) {
    if (lines[i]!.heading) {
      segments.push({ start: segStart, end: i, heading });
      heading = lines[i]!.heading!.plain;
      segStart = i + 1;
    }
  }
  segments.push({ start: segStart, end: to, heading });
  const countable = (items: ItemSpan[], acceptance: boolean) =>
    items.filter((s) => s.item.ordered || EXPLICIT_ID.test(s.item.content) || acceptance);
  const accepted = segments.filter((s) => s.heading !== null && isAcceptanceHeading(s.heading));
  if (accepted.length) {
    const items = accepted.flatMap((s) => {
      const all = topLevelItems(lines, s.start, s.end);
      const numbered = all.filter((x) => x.item.ordered || EXPLICIT_ID.test(x.item.content));
      return numbered.length ? numbered : all;
    });
    return { items, acceptance: true };
  }
  for (const s of segments) {
    const items = countable(topLevelItems(lines, s.start, s.end), false);
    if (items.length) return { items, acceptance: false };
  }
  return { items: [], acceptance: false };
}

function userStoryIn(lines: readonly MdLine[], from: number, to: number): UserStory | null {
  let firstBold: UserStory | null = null;
  for (let i = from; i < to; i++) {
    const l = lines[i]!;
    if (l.kind === 'heading') break;
    if (l.kind !== 'text') continue;
    const t = l.text.trim();
    const bold = /^\*\*([^*]{1,40}?)[:：]?\*\*[:：]?\s*(.*)$/.exec(t);
    if (bold && (isUserStoryLabel(bold[1]!) || USER_STORY_SENTENCE.test(bold[2]!))) return { label: bold[1]!.trim(), text: bold[2]!.trim(), line: l.n };
    if (!bold && USER_STORY_SENTENCE.test(t)) return { label: null, text: t, line: l.n };
    // Structure over vocabulary: the first bold-labelled paragraph right under the heading.
    if (bold && bold[2]!.trim() && !firstBold) firstBold = { label: bold[1]!.trim(), text: bold[2]!.trim(), line: l.n };
  }
  return firstBold;
}

interface ExtractedCriterion {
  id: string;
  ordinal: number;
  start: number;
  end: number;
  line: number;
  endLine: number;
  explicit: boolean;
}

/** Criteria of one requirement with ids; `explicit` when the file wrote the id itself. */
export function extractCriteria(body: string, lines: readonly MdLine[], region: CriteriaRegion, requirementId: string | null): ExtractedCriterion[] {
  let position = 0;
  return region.items.map((span) => {
    position++;
    const first = lines[span.lineIdx]!;
    const last = lines[span.lastIdx]!;
    const explicitBullet = !span.item.ordered ? EXPLICIT_ID.exec(span.item.content) : null;
    let id: string;
    let ordinal = position;
    let start = span.start;
    let explicit = false;
    if (span.item.ordered && span.item.number!.includes('.')) {
      id = span.item.number!;
      ordinal = Number(id.split('.').pop());
      explicit = true;
    } else if (explicitBullet) {
      id = explicitBullet[1]!;
      ordinal = Number(id.split('.').pop());
      start += explicitBullet[0].length;
      explicit = true;
    } else {
      if (span.item.ordered) ordinal = Number(span.item.number);
      id = requirementId === null ? String(ordinal) : `${requirementId}.${ordinal}`;
    }
    // A checkbox bullet (`- [ ] criterion`) keeps its box out of the text.
    const box = /^\[[ xX-]\]\s*/.exec(body.slice(start, span.end));
    if (box) start += box[0].length;
    return { id, ordinal, start: Math.min(start, span.end), end: span.end, line: first.n, endLine: last.n, explicit };
  });
}

export function parseRequirements(text: string): RequirementsDoc {
  const { body, index, lines, diagnostics, base } = openMarkdownDoc(text);
  const doc: RequirementsDoc = {
    kind: 'requirements',
    ...base,
    requirements: [],
    summary: { requirements: 0, criteria: 0, ears: emptyEarsCounts() },
  };
  if (looksBinaryText(body)) {
    diagnostics.push(diagAt('error', 'file.binary', 'This is not a text file; it cannot be read as requirements.', 1));
    return doc;
  }
  if (!body.trim()) {
    diagnostics.push(diagAt('info', 'requirements.empty', 'The document is empty: the requirements phase has not started.', 1));
    return doc;
  }

  // Group candidate headings by level and label; the group whose sections hold the most criteria wins.
  const groups = new Map<string, { level: number; label: string; members: Candidate[]; score: number; known: boolean }>();
  for (const c of candidates(lines)) {
    const key = `${c.level}|${c.label.toLowerCase()}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { level: c.level, label: c.label, members: [], score: 0, known: isRequirementWord(c.label) }));
    g.members.push(c);
  }
  for (const g of groups.values()) {
    for (const c of g.members) g.score += criteriaRegion(lines, c.idx + 1, sectionEnd(lines, c.idx)).items.length;
  }
  const ranked = [...groups.values()].sort((a, b) => b.score - a.score || Number(b.known) - Number(a.known) || b.members.length - a.members.length);
  const best = ranked[0];
  let chosen: Candidate[] = [];
  if (best && (best.score > 0 || best.known)) {
    const sameLevel = ranked.filter((g) => g === best || (g.level === best.level && g.score > 0 && (g.known || ACRONYM.test(g.label))));
    chosen = sameLevel.flatMap((g) => g.members).sort((a, b) => a.idx - b.idx);
  }

  const seenReq = new Map<string, number>();
  const seenCrit = new Map<string, number>();
  for (const c of chosen) {
    const end = Math.min(sectionEnd(lines, c.idx), chosen.find((o) => o.idx > c.idx)?.idx ?? lines.length);
    const region = criteriaRegion(lines, c.idx + 1, end);
    const req: Requirement = {
      id: c.id,
      title: c.title,
      heading: c.heading,
      level: c.level,
      line: lines[c.idx]!.n,
      endLine: lines[Math.max(c.idx, end - 1)]!.n,
      userStory: userStoryIn(lines, c.idx + 1, end),
      criteria: [],
    };
    if (seenReq.has(req.id)) {
      diagnostics.push(diagAt('error', 'requirements.duplicate-id', `Requirement ${req.id} is defined twice (first at line ${seenReq.get(req.id)}); references to it are ambiguous.`, req.line, 1, lines[c.idx]!.text.length + 1));
    } else seenReq.set(req.id, req.line);
    const extracted = extractCriteria(body, lines, region, req.id);
    for (const x of extracted) {
      const ctext = body.slice(x.start, x.end);
      const criterion: Criterion = { id: x.id, requirementId: req.id, ordinal: x.ordinal, text: ctext, line: x.line, endLine: x.endLine, start: x.start, end: x.end, ears: classifyEars(ctext) };
      if (x.explicit && !x.id.startsWith(`${req.id}.`) && /^\d/.test(x.id) === /^\d/.test(req.id)) {
        diagnostics.push(diagRange(index, 'warning', 'requirements.criterion-id-mismatch', `Criterion ${x.id} sits under requirement ${req.id}; references to ${x.id} may mean something else.`, x.start - 1, x.start));
      }
      if (seenCrit.has(x.id)) {
        diagnostics.push(diagAt('error', 'requirements.duplicate-criterion', `Criterion ${x.id} appears twice (first at line ${seenCrit.get(x.id)}); tasks that reference it are ambiguous.`, x.line, 1, lines[lines.findIndex((l) => l.n === x.line)]!.text.length + 1));
      } else seenCrit.set(x.id, x.line);
      req.criteria.push(criterion);
    }
    const ordinals = req.criteria.map((k) => k.ordinal);
    if (ordinals.length && ordinals.some((o, i) => o !== i + 1) && !extracted.some((x) => x.explicit)) {
      diagnostics.push(diagAt('info', 'requirements.numbering', `The criteria of requirement ${req.id} are numbered ${ordinals.join(', ')}; ids follow the numbers as written.`, req.criteria[0]!.line));
    }
    if (!req.criteria.length) {
      diagnostics.push(diagAt('warning', 'requirements.no-criteria', `Requirement ${req.id} has no acceptance criteria (a numbered list under its acceptance-criteria heading).`, req.line, 1, lines[c.idx]!.text.length + 1));
    }
    doc.requirements.push(req);
  }
  if (!doc.requirements.length) {
    diagnostics.push(diagAt('warning', 'requirements.none', 'No requirements found: Kiro writes "### Requirement 1: Title" headings, each with a numbered list of acceptance criteria.', 1));
  } else if (doc.requirements.some((r) => r.userStory)) {
    for (const r of doc.requirements) {
      if (!r.userStory) diagnostics.push(diagAt('info', 'requirements.no-user-story', `Requirement ${r.id} has no user story ("**User Story:** As a …, I want …, so that …").`, r.line));
    }
  }

  const all = doc.requirements.flatMap((r) => r.criteria);
  diagnostics.push(...lintCriteria(all, index, () => ({ expectShall: true })));
  doc.summary = { requirements: doc.requirements.length, criteria: all.length, ears: countEars(all) };
  sortDiagnostics(diagnostics);
  return doc;
}

export function countEars(cs: readonly { ears: EarsClassification }[]): Record<EarsPattern, number> {
  const c = emptyEarsCounts();
  for (const x of cs) c[x.ears.pattern]++;
  return c;
}

/**
 * EARS diagnostics for a document's criteria. When none of them uses EARS (a document
 * written in free prose, or fully translated), says so once instead of on every line.
 */
export function lintCriteria(
  criteria: readonly Criterion[],
  index: LineIndex,
  expect: (c: Criterion) => { expectShall: boolean; expectContinue?: boolean },
): KiroDiagnostic[] {
  const out: KiroDiagnostic[] = [];
  const expected = criteria.filter((c) => expect(c).expectShall);
  const english = expected.filter((c) => c.ears.pattern !== 'not-ears' && !c.ears.localized);
  // Small documents keep per-line notes; a whole document in prose gets one.
  const collapse = expected.length >= 3 && english.length === 0;
  if (collapse) {
    const localized = expected.filter((c) => c.ears.localized).length;
    out.push(
      diagAt(
        'info',
        'ears.not-used',
        localized
          ? `These ${expected.length} criteria are written with translated EARS words (${localized} recognised); per-line EARS checks are skipped. Kiro keeps WHEN/IF/WHILE/WHERE … SHALL in English capitals.`
          : `None of these ${expected.length} criteria uses EARS ("WHEN <trigger>, THE <system> SHALL <response>"); per-line EARS checks are skipped.`,
        expected[0]!.line,
      ),
    );
  }
  for (const c of criteria) {
    out.push(...lintEars(c.text, c.start, index, c.ears, { ...expect(c), reportMissingShall: !collapse }, c.id));
  }
  return out;
}

/**
 * Replaces one criterion's text, leaving every other byte as it was (BOM, line endings,
 * numbering, indentation). Returns the text unchanged when the criterion is not found.
 */
export function replaceCriterionText(text: string, criterionId: string, newText: string): string {
  const doc = parseRequirements(text);
  const c = doc.requirements.flatMap((r) => r.criteria).find((x) => x.id === criterionId);
  if (!c || c.text === newText) return text;
  return applyTextEdits(text, [{ offset: c.start, length: c.end - c.start, text: newText }]);
}

