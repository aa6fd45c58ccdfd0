// Every `.kiro` reader over the real-world corpus (../shared/corpus/kiro): nothing crashes,
// every file yields a result or a diagnostic, writing a file back unchanged gives the same
// bytes, and counts match what was checked by hand for a dozen files.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kiroCorpusDir, NO_CORPUS_REASON } from '../../e2e/fixtures/reference';
import { parseBugfix, replaceBugfixItemText } from '../../shared/kiro/bugfix';
import { parseDesign, replaceSectionBody } from '../../shared/kiro/design';
import { parseHookFile, setHookEnabled } from '../../shared/kiro/hooks';
import { parseMcpConfig, setMcpServerDisabled } from '../../shared/kiro/mcp';
import { parseRequirements, replaceCriterionText } from '../../shared/kiro/requirements';
import { parseSpec } from '../../shared/kiro/spec';
import { parseSpecConfig, updateSpecConfig } from '../../shared/kiro/spec-config';
import { parseSteering } from '../../shared/kiro/steering';
import { parseTasks, setTaskState, setTaskStates, TASK_STATES } from '../../shared/kiro/tasks';
import { kiroFileKind } from './tree';

const corpus = kiroCorpusDir();
if (!corpus) console.warn(`Skipping the .kiro corpus tests: ${NO_CORPUS_REASON}`);

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Decoding that keeps a BOM in the string, so encoding the string gives the bytes back. */
const decode = (b: Buffer) => new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
const files = corpus ? walk(corpus).filter((f) => f.includes(`${path.sep}.kiro${path.sep}`)) : [];
const relToKiro = (f: string) => f.split(`${path.sep}.kiro${path.sep}`)[1]!.split(path.sep).join('/');
const byKind = (kind: string) => files.filter((f) => kiroFileKind(relToKiro(f)) === kind);
const spec = (repo: string, name: string) => path.join(corpus ?? '', repo, '.kiro', 'specs', name);
const read = (f: string) => decode(readFileSync(f));
/** First, middle and last: every writer call re-parses, so the exhaustive version is slow; these cover the offsets' extremes. */
const ends = <T,>(xs: T[]) => [...new Set([xs[0], xs[xs.length >> 1], xs[xs.length - 1]])].filter((x): x is T => x !== undefined);

describe.skipIf(!corpus)('the .kiro corpus', () => {
  it('holds the file kinds the readers are for', () => {
    const kinds = new Map<string, number>();
    for (const f of files) kinds.set(kiroFileKind(relToKiro(f)), (kinds.get(kiroFileKind(relToKiro(f))) ?? 0) + 1);
    expect(kinds.get('requirements')).toBeGreaterThanOrEqual(40);
    expect(kinds.get('tasks')).toBeGreaterThanOrEqual(40);
    expect(kinds.get('design')).toBeGreaterThanOrEqual(40);
    expect(kinds.get('steering')).toBeGreaterThanOrEqual(150);
    expect(kinds.get('hook')).toBeGreaterThanOrEqual(90);
    expect(kinds.get('mcp')).toBeGreaterThanOrEqual(10);
    expect(kinds.get('spec-config')).toBeGreaterThanOrEqual(9);
    expect(kinds.get('bugfix')).toBe(1);
  });

  it('every file decodes as UTF-8 and yields a result or a diagnostic', () => {
    for (const f of files) {
      const text = read(f);
      const kind = kiroFileKind(relToKiro(f));
      const where = relToKiro(f);
      let yielded: boolean;
      switch (kind) {
        case 'requirements': {
          const d = parseRequirements(text);
          yielded = d.requirements.length > 0 || d.diagnostics.length > 0;
          break;
        }
        case 'bugfix': {
          const d = parseBugfix(text);
          yielded = d.groups.length > 0 || d.diagnostics.length > 0;
          break;
        }
        case 'design': {
          const d = parseDesign(text);
          yielded = d.sections.length > 0 || d.diagnostics.length > 0;
          break;
        }
        case 'tasks': {
          const d = parseTasks(text);
          yielded = d.tasks.length > 0 || d.diagnostics.length > 0;
          break;
        }
        case 'spec-config': {
          const d = parseSpecConfig(text);
          yielded = d.config.specId !== null || d.diagnostics.length > 0;
          break;
        }
        case 'steering': {
          const d = parseSteering(text, path.basename(f));
          yielded = d.body.length > 0 || d.diagnostics.length > 0;
          break;
        }
        case 'hook': {
          const d = parseHookFile(text, f);
          yielded = d.hooks.length > 0 || (d.invalid.length > 0 && d.diagnostics.some((x) => x.severity === 'error'));
          break;
        }
        case 'mcp': {
          const d = parseMcpConfig(text, f, 'workspace');
          yielded = d.servers.length > 0 || d.diagnostics.length > 0 || /"mcpServers"\s*:\s*\{\s*\}/.test(text);
          break;
        }
        default:
          yielded = true;
      }
      expect(yielded, where).toBe(true);
    }
  });

  it('writing every spec document back unchanged gives the same bytes', () => {
    let checked = 0;
    for (const f of [...byKind('requirements'), ...byKind('bugfix'), ...byKind('design'), ...byKind('tasks'), ...byKind('spec-config')]) {
      const bytes = readFileSync(f);
      const text = decode(bytes);
      const same = (out: string) => expect(Buffer.compare(Buffer.from(out, 'utf8'), bytes), relToKiro(f)).toBe(0);
      switch (kiroFileKind(relToKiro(f))) {
        case 'requirements':
          for (const c of ends(parseRequirements(text).requirements.flatMap((r) => r.criteria))) same(replaceCriterionText(text, c.id, c.text));
          break;
        case 'bugfix':
          for (const c of parseBugfix(text).groups.flatMap((g) => g.criteria)) same(replaceBugfixItemText(text, c.id, c.text));
          break;
        case 'design': {
          const body = text.replace(/^\uFEFF/, '');
          for (const s of ends(parseDesign(text).sections)) same(replaceSectionBody(text, { line: s.line }, body.slice(s.bodyStart, s.bodyEnd)));
          break;
        }
        case 'tasks': {
          const doc = parseTasks(text);
          same(setTaskStates(text, doc.tasks.map((t) => ({ target: { index: t.index }, state: t.state }))));
          break;
        }
        case 'spec-config': {
          const c = parseSpecConfig(text).config;
          same(updateSpecConfig(text, { specId: c.specId ?? undefined, workflowType: c.workflowType ?? undefined, specType: c.specType ?? undefined, ...c.extra }));
          break;
        }
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(130);
  });

  it('flipping any task changes exactly one byte, and flipping it back restores the file', () => {
    let flips = 0;
    for (const f of byKind('tasks')) {
      const bytes = readFileSync(f);
      const text = decode(bytes);
      for (const t of parseTasks(text).tasks) {
        const other = TASK_STATES.find((s) => s !== t.state)!;
        const flipped = Buffer.from(setTaskState(text, { index: t.index }, other), 'utf8');
        expect(flipped.length).toBe(bytes.length);
        let diff = 0;
        for (let i = 0; i < bytes.length; i++) if (bytes[i] !== flipped[i]) diff++;
        expect(diff, `${relToKiro(f)} task ${t.id ?? t.index}`).toBe(1);
        const back = setTaskState(decode(flipped), { index: t.index }, t.state);
        expect(Buffer.compare(Buffer.from(back, 'utf8'), t.stateChar === 'X' ? Buffer.from(text.replace(/./gs, (c, i) => (i === t.stateOffset ? 'x' : c)), 'utf8') : bytes)).toBe(0);
        flips++;
      }
    }
    expect(flips).toBeGreaterThan(1400);
  });

  it('hook and mcp.json writers leave files byte-identical when nothing changes', () => {
    for (const f of byKind('hook')) {
      const text = read(f);
      for (const h of parseHookFile(text, f).hooks) expect(setHookEnabled(text, h.source.index, h.enabled), relToKiro(f)).toBe(text);
    }
    for (const f of byKind('mcp')) {
      const text = read(f);
      for (const s of parseMcpConfig(text, f, 'workspace').servers) expect(setMcpServerDisabled(text, s.name, s.disabled), relToKiro(f)).toBe(text);
    }
  });

  // Counts checked by reading the files (and with grep), not copied from the parser.
  const handChecked: [string, string, { requirements: number; criteria: number; tasks: number; done: number; notStarted: number; inProgress: number; optional: number }][] = [
    ['0xkamalei__mac-time-trace', 'activities-view-mockdata', { requirements: 4, criteria: 18, tasks: 8, done: 0, notStarted: 8, inProgress: 0, optional: 0 }],
    ['9ntonio__9ntonio', 'image-hover-scale-fix', { requirements: 3, criteria: 12, tasks: 6, done: 1, notStarted: 5, inProgress: 0, optional: 0 }],
    ['874wokiite__pork-ban-map-app', 'add-butaman-shop-feature', { requirements: 6, criteria: 30, tasks: 28, done: 14, notStarted: 14, inProgress: 0, optional: 0 }],
    ['874wokiite__pork-ban-map-app', 'store-comparison-filter', { requirements: 6, criteria: 23, tasks: 30, done: 30, notStarted: 0, inProgress: 0, optional: 0 }],
    ['HenryWu1113__jojo-pasta', 'pasta-website', { requirements: 8, criteria: 47, tasks: 48, done: 14, notStarted: 34, inProgress: 0, optional: 0 }],
    ['AWS13th-Final-Project-BADA__BADA', 'speech-to-text', { requirements: 8, criteria: 32, tasks: 26, done: 16, notStarted: 10, inProgress: 0, optional: 10 }],
    ['canobilisim__muhasebe', 'authentication-fix', { requirements: 7, criteria: 37, tasks: 24, done: 20, notStarted: 3, inProgress: 1, optional: 0 }],
    ['iksanarisandi__nearlaundry', 'attendance-annulment', { requirements: 4, criteria: 11, tasks: 20, done: 20, notStarted: 0, inProgress: 0, optional: 0 }],
    ['kyeldlpz__ai-call-router', 'dead-air-audio-cue', { requirements: 5, criteria: 23, tasks: 18, done: 18, notStarted: 0, inProgress: 0, optional: 0 }],
    ['3pontos-tech__firaga', 'consultant-payment-links', { requirements: 7, criteria: 33, tasks: 11, done: 0, notStarted: 11, inProgress: 0, optional: 2 }],
    ['sourjya__viewgraph', 'audit-layout', { requirements: 4, criteria: 19, tasks: 18, done: 15, notStarted: 3, inProgress: 0, optional: 0 }],
  ];
  it.each(handChecked)('%s/%s: counts match the hand check', (repo, name, want) => {
    const req = parseRequirements(read(path.join(spec(repo, name), 'requirements.md')));
    const tasks = parseTasks(read(path.join(spec(repo, name), 'tasks.md')));
    expect({
      requirements: req.summary.requirements,
      criteria: req.summary.criteria,
      tasks: tasks.summary.total,
      done: tasks.summary.states.done,
      notStarted: tasks.summary.states['not-started'],
      inProgress: tasks.summary.states['in-progress'],
      optional: tasks.summary.optional,
    }).toEqual(want);
  });

  it('classifies EARS patterns as read by hand (Japanese and Korean files)', () => {
    const jp = parseRequirements(read(path.join(spec('874wokiite__pork-ban-map-app', 'store-comparison-filter'), 'requirements.md')));
    expect(jp.summary.ears).toMatchObject({ event: 11, optional: 8, unwanted: 3, state: 1, ubiquitous: 0, 'not-ears': 0 });
    expect(jp.requirements[0]!.criteria.map((c) => c.id)).toEqual(['1.1', '1.2', '1.3', '1.4']);
    const ko = parseRequirements(read(path.join(spec('AWS13th-Final-Project-BADA__BADA', 'speech-to-text'), 'requirements.md')));
    expect(ko.summary.ears).toMatchObject({ ubiquitous: 6, event: 15, state: 4, unwanted: 7 });
    expect(ko.requirements[0]!.title).toBe('오디오 파일 업로드');
  });

  it('reads the bugfix spec, its dependency waves and its traceability', () => {
    const dir = spec('bed72__Laravel-API', 'authentication-layer-fixes');
    const s = parseSpec({ 'bugfix.md': read(path.join(dir, 'bugfix.md')), 'tasks.md': read(path.join(dir, 'tasks.md')), 'design.md': read(path.join(dir, 'design.md')), '.config.kiro': read(path.join(dir, '.config.kiro')) });
    expect(s.type).toBe('bugfix');
    expect(s.bugfix!.summary).toMatchObject({ current: 9, expected: 9, unchanged: 11 });
    expect(s.tasks!.summary).toMatchObject({ total: 24, states: { done: 24 } });
    expect(s.tasks!.graph!.waves).toHaveLength(9);
    expect(s.trace.dangling).toEqual([]);
  });

  it('finds the real dangling references (requirements with fewer criteria than tasks claim)', () => {
    // consultant-payment-links: tasks cite 6.6, requirement 6 has 5 criteria.
    const dir = spec('3pontos-tech__firaga', 'consultant-payment-links');
    const s = parseSpec({ 'requirements.md': read(path.join(dir, 'requirements.md')), 'tasks.md': read(path.join(dir, 'tasks.md')) });
    expect(s.trace.dangling.map((d) => d.ref.raw)).toEqual(['6.6']);
    expect(s.diagnostics['tasks.md']!.find((d) => d.code === 'trace.unknown-criterion')).toMatchObject({ severity: 'error', line: 15 });
  });
});
