// EARS (Easy Approach to Requirements Syntax): classify an acceptance criterion and say,
// gently, what would make it a better one. Keywords are matched in capitals, as Kiro writes
// them; criteria in a translated style ("系統應該…", "…doğrulamalıdır") are recognised by
// their own obligation words rather than flagged on every line.

import { diagRange, type KiroDiagnostic } from './diagnostics';
import type { LineIndex } from './text';

export type EarsPattern = 'ubiquitous' | 'event' | 'state' | 'unwanted' | 'optional' | 'complex' | 'not-ears';

export interface EarsClassification {
  pattern: EarsPattern;
  /** Precondition keywords found before the response, in order (`WHEN`, `WHILE`, `IF`, `WHERE`). */
  triggers: string[];
  /** `SHALL NOT` somewhere in the response. */
  negative: boolean;
  /** True when the sentence uses a translated obligation word instead of `SHALL`. */
  localized: boolean;
  /** True when EARS keywords are written in lower case (`shall`). */
  lowercase: boolean;
}

export interface EarsExpectations {
  /** Whether a `SHALL` is expected at all (bugfix "current behaviour" lines describe, they don't require). */
  expectShall: boolean;
  /** Bugfix "unchanged behaviour": `SHALL CONTINUE TO`. */
  expectContinue?: boolean;
  /** When false, a missing SHALL is not reported per criterion (the document reports it once). */
  reportMissingShall?: boolean;
}

const TRIGGER_KINDS: Record<string, EarsPattern> = { WHEN: 'event', WHILE: 'state', IF: 'unwanted', WHERE: 'optional' };

/** Inline code and link targets are not prose: blank them out (same length, offsets kept). */
function maskCode(text: string): string {
  if (!text.includes('`') && !text.includes('](')) return text;
  return text.replace(/`[^`\n]*`/g, (m) => ' '.repeat(m.length)).replace(/\]\([^)\n]*\)/g, (m) => ' '.repeat(m.length));
}

const LOCAL_SHALL = [
  /應該|应该|應當|应当|必須|必须|需要能够/,
  /しなければならない|しなければならず|する必要がある|ものとする|べきである|べき/,
  /해야\s?한다|해야\s?합니다|해야\s?함|하여야\s?한다|해야 하며/,
  /(?:malı|meli)(?:dır|dir)?(?![a-zçğıöşü])/i,
  /\b(?:DEVE|DEVERÁ|DEVEM|DEBE|DEBERÁ|DEBEN|DOIT|MUSS|HARUS)\b/,
  /يجب/,
  /ДОЛЖ(?:ЕН|НА|НО|НЫ)/i,
];

const LOCAL_TRIGGERS: [RegExp, EarsPattern][] = [
  [/期間|期间|の間|間は|동안|\bENQUANTO\b|\bMIENTRAS\b|\bPENDANT\b|\bWÄHREND\b|أثناء/, 'state'],
  [/如果|若是|もし|만약|\bSE\b|\bSI\b|\bFALLS\b|إذا|eğer/i, 'unwanted'],
  [/當.{0,60}時|当.{0,60}时|とき|時、|場合|때|경우|\bQUANDO\b|\bCUANDO\b|\bLORSQUE\b|\bWENN\b|عندما|(?:dığında|diğinde|duğunda|düğünde)/, 'event'],
];

export function classifyEars(text: string): EarsClassification {
  const t = maskCode(text);
  const shall = /\bSHALL\b/.exec(t);
  if (shall) {
    const pre = t.slice(0, shall.index);
    const triggers = [...new Set([...pre.matchAll(/\b(WHEN|WHILE|IF|WHERE)\b/g)].map((m) => m[1]!))];
    return { pattern: patternOf(triggers), triggers, negative: /\bSHALL\s+NOT\b/.test(t), localized: false, lowercase: false };
  }
  const lower = /\bshall\b/i.exec(t);
  if (lower) {
    const pre = t.slice(0, lower.index);
    const triggers = [...new Set([...pre.matchAll(/\b(when|while|if|where)\b/gi)].map((m) => m[1]!.toUpperCase()))];
    return { pattern: patternOf(triggers), triggers, negative: /\bshall\s+not\b/i.test(t), localized: false, lowercase: true };
  }
  if (LOCAL_SHALL.some((re) => re.test(t))) {
    const upper = [...new Set([...t.matchAll(/\b(WHEN|WHILE|IF|WHERE)\b/g)].map((m) => m[1]!))];
    const local = upper.length ? [] : LOCAL_TRIGGERS.filter(([re]) => re.test(t)).map(([, p]) => p);
    const pattern = upper.length ? patternOf(upper) : local.length > 1 ? 'complex' : (local[0] ?? 'ubiquitous');
    return { pattern, triggers: upper, negative: false, localized: true, lowercase: false };
  }
  const triggers = [...new Set([...t.matchAll(/\b(WHEN|WHILE|IF|WHERE)\b/g)].map((m) => m[1]!))];
  return { pattern: 'not-ears', triggers, negative: false, localized: false, lowercase: false };
}

function patternOf(triggers: string[]): EarsPattern {
  if (triggers.length === 0) return 'ubiquitous';
  if (triggers.length > 1) return 'complex';
  return TRIGGER_KINDS[triggers[0]!]!;
}

/** Words that make a criterion untestable; each gets a gentle note suggesting a measure. */
const VAGUE: [RegExp, string][] = [
  [/\b(?:fast|faster|quick|quickly|rapid|rapidly|speedy|swift|swiftly)\b/gi, 'How fast? Give a measurable limit (e.g. "within 200 ms").'],
  [/\buser[- ]friendly\b|\beasy to use\b|\beasy\b|\beasily\b|\bintuitive(?:ly)?\b|\bsimple\b|\bsimply\b|\bconvenient(?:ly)?\b/gi, 'Not testable as written: say what the person can do, in how many steps or how long.'],
  [/\b(?:efficient|efficiently|optimal|optimally|robust|seamless|seamlessly|flexible|smooth|smoothly|modern|clean|nice|good|better|best)\b/gi, 'Vague: say what observable property is meant.'],
  [/\b(?:appropriate|appropriately|adequate|adequately|sufficient|sufficiently|reasonable|reasonably|proper|properly|suitable|suitably|acceptable)\b/gi, 'Vague: who decides what is appropriate? State the rule.'],
  [/\betc\.?(?=\W|$)|\band so on\b|\band\/or\b|\bas needed\b|\bas appropriate\b|\bif possible\b|\bif necessary\b|\bwhere possible\b/gi, 'Open-ended: list the cases, or split them into criteria.'],
  [/使いやすい|分かりやすい|わかりやすい|直感的|用户友好|使用者友善|直观|直觀|快速|迅速|友好|简单易用|簡單易用/g, 'Vague: say what observable property is meant.'],
];

/** All vague-word patterns in one pass; the named group that matched says which advice applies. */
const VAGUE_ALL = new RegExp(VAGUE.map(([re], i) => `(?<v${i}>${re.source})`).join('|'), 'gi');

/**
 * Diagnostics for one criterion whose text starts at body offset `start`. Gentle by design:
 * a missing `SHALL` is a warning, style notes are info, nothing is an error.
 */
export function lintEars(
  text: string,
  start: number,
  index: LineIndex,
  ears: EarsClassification,
  expect: EarsExpectations,
  id: string,
): KiroDiagnostic[] {
  const out: KiroDiagnostic[] = [];
  const t = maskCode(text);
  const firstLineEnd = start + (t.search(/\r?\n/) === -1 ? t.length : t.search(/\r?\n/));
  if (expect.expectShall && ears.pattern === 'not-ears' && expect.reportMissingShall !== false) {
    out.push(diagRange(index, 'warning', 'ears.missing-shall', `Criterion ${id} has no SHALL: an EARS criterion says what the system SHALL do (e.g. "WHEN <trigger>, THE <system> SHALL <response>").`, start, firstLineEnd));
  }
  if (ears.lowercase) {
    for (const m of t.matchAll(/\b(shall|when|while|if|where|then)\b/gi)) {
      if (m[0] === m[0].toUpperCase()) continue;
      if (m[1]!.toLowerCase() !== 'shall' && m.index > (/\bshall\b/i.exec(t)?.index ?? 0)) continue;
      const d = diagRange(index, 'info', 'ears.lowercase-keyword', `EARS keywords are written in capitals: "${m[0].toUpperCase()}".`, start + m.index, start + m.index + m[0].length);
      d.fix = { title: `Write "${m[0].toUpperCase()}"`, edits: [{ offset: start + m.index, length: m[0].length, text: m[0].toUpperCase() }] };
      out.push(d);
    }
  }
  if (ears.localized && expect.expectShall && expect.reportMissingShall !== false) {
    out.push(diagRange(index, 'info', 'ears.localized-keywords', `Criterion ${id} uses a translated "shall"; Kiro's EARS keeps WHEN/IF/WHILE/WHERE … SHALL in English capitals, which tools can check.`, start, firstLineEnd));
  }
  const shalls = [...t.matchAll(/\bSHALL\b/g)];
  const lateTrigger = shalls.length ? /\b(WHEN|IF|WHILE)\b/.exec(t.slice(shalls[0]!.index + 5)) : null;
  if (shalls.length > 1 || lateTrigger) {
    const at = shalls.length > 1 ? shalls[1]!.index : shalls[0]!.index + 5 + lateTrigger!.index;
    const len = shalls.length > 1 ? 5 : lateTrigger![0].length;
    out.push(diagRange(index, 'warning', 'ears.two-behaviours', `Criterion ${id} describes more than one behaviour; split it so each criterion can pass or fail on its own.`, start + at, start + at + len));
  }
  if (ears.triggers.includes('IF') && !/\bTHEN\b/.test(t) && !ears.lowercase) {
    const m = /\bIF\b/.exec(t)!;
    out.push(diagRange(index, 'info', 'ears.if-without-then', 'Unwanted-behaviour criteria read "IF <condition>, THEN THE <system> SHALL …".', start + m.index, start + m.index + 2));
  }
  if (expect.expectContinue && ears.pattern !== 'not-ears' && !/\bCONTINUE\s+TO\b/i.test(t)) {
    out.push(diagRange(index, 'info', 'ears.unchanged-continue-to', `Unchanged behaviour ${id} usually reads "… SHALL CONTINUE TO …", saying what must keep working.`, start, firstLineEnd));
  }
  for (const m of t.matchAll(VAGUE_ALL)) {
    const advice = VAGUE[Number(Object.entries(m.groups!).find(([, v]) => v !== undefined)![0].slice(1))]![1];
    out.push(diagRange(index, 'info', 'ears.vague-term', `"${m[0]}" — ${advice}`, start + m.index, start + m.index + m[0].length));
  }
  return out;
}
