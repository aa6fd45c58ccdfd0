import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kiroCorpusDir, NO_CORPUS_REASON } from '../../e2e/fixtures/reference';
import { parseSpec, type SpecTexts } from '../../shared/kiro/spec';
import { parseTasks } from '../../shared/kiro/tasks';
import { readSpecsOf, type SpecFolder } from '../kiro/specs';
import { entryOf } from './card';
import { derivePhase, docOrder } from './phase';
import { emptySidecar, parseSidecar, renderSidecar, sha256, type Sidecar } from './sidecar';

const REQ = '# Requirements\n\n### Requirement 1\n\n#### Acceptance Criteria\n\n1. THE App SHALL start\n';
const DESIGN = '# Design\n\n## Overview\n\nSmall.\n';
const TASKS = '# Implementation Plan\n\n- [ ] 1. Start\n  - _Requirements: 1.1_\n- [ ] 2. Stop\n';

function derive(texts: SpecTexts, sidecar: Sidecar | null, workflow: 'requirements-first' | 'design-first' = 'requirements-first') {
  const spec = parseSpec(texts);
  return derivePhase({ type: spec.type, workflow, texts, tasks: spec.tasks, sidecar });
}
const statuses = (d: ReturnType<typeof derive>) => Object.fromEntries(d.documents.map((x) => [x.key, x.status]));

describe('a spec’s phase, from its files and its approvals', () => {
  it('an empty or partial folder is an early phase, not an error', () => {
    expect(derive({}, null).phase).toBe('requirements');
    expect(derive({ 'requirements.md': '   \n' }, null).phase).toBe('requirements');
    expect(statuses(derive({ 'requirements.md': REQ }, null))).toEqual({ requirements: 'draft', design: 'missing', tasks: 'missing' });
  });

  it('infers approvals for a folder Specwright never managed: a later document means the earlier one was accepted', () => {
    const d = derive({ 'requirements.md': REQ, 'design.md': DESIGN, 'tasks.md': TASKS }, null);
    expect(statuses(d)).toEqual({ requirements: 'inferred', design: 'inferred', tasks: 'draft' });
    expect(d.phase).toBe('tasks');
    const started = derive({ 'requirements.md': REQ, 'design.md': DESIGN, 'tasks.md': TASKS.replace('[ ] 1.', '[x] 1.') }, null);
    expect(started.phase).toBe('implementation');
    expect(derive({ 'requirements.md': REQ, 'design.md': DESIGN, 'tasks.md': TASKS.replace(/\[ \]/g, '[x]') }, null).phase).toBe('done');
    // A quick spec without a design: skipped, not missing.
    expect(statuses(derive({ 'requirements.md': REQ, 'tasks.md': TASKS }, null)).design).toBe('skipped');
  });

  it('in a managed folder only recorded approvals count, one phase at a time', () => {
    const s = emptySidecar();
    expect(derive({ 'requirements.md': REQ, 'design.md': DESIGN }, s).phase).toBe('requirements');
    s.approvals.requirements = { at: 't', by: 'Ada', sha256: sha256(REQ) };
    const d = derive({ 'requirements.md': REQ, 'design.md': DESIGN }, s);
    expect(d.phase).toBe('design');
    expect(d.documents[0]).toMatchObject({ status: 'approved', approvedBy: 'Ada', changedSinceApproval: false });
    expect(derive({ 'requirements.md': `${REQ}2. THE App SHALL wait\n`, 'design.md': DESIGN }, s).documents[0]!.changedSinceApproval).toBe(true);
    s.approvals.design = { at: 't', by: 'Ada', sha256: sha256(DESIGN) };
    expect(derive({ 'requirements.md': REQ, 'design.md': DESIGN }, s).phase).toBe('tasks');
    s.approvals.tasks = { at: 't', by: 'Ada', sha256: sha256(TASKS) };
    expect(derive({ 'requirements.md': REQ, 'design.md': DESIGN, 'tasks.md': TASKS }, s).phase).toBe('implementation');
  });

  it('a stale document is kept but not settled: the phase stops there', () => {
    const s = emptySidecar();
    s.approvals.requirements = { at: 't', by: 'Ada', sha256: sha256(REQ) };
    s.stale.design = { at: 't', by: 'Ada', reason: 'requirements reopened' };
    const d = derive({ 'requirements.md': REQ, 'design.md': DESIGN, 'tasks.md': TASKS }, s);
    expect(statuses(d)).toEqual({ requirements: 'approved', design: 'stale', tasks: 'draft' });
    expect(d.phase).toBe('design');
  });

  it('orders documents by workflow: design-first, and bugfix with bugfix.md', () => {
    expect(docOrder('feature', 'design-first')).toEqual(['design', 'requirements', 'tasks']);
    expect(derive({ 'design.md': DESIGN }, emptySidecar(), 'design-first').phase).toBe('design');
    const bug = derive({ 'bugfix.md': '## Bug Analysis\n\n1.1 WHEN x THEN the system breaks\n', '.config.kiro': '{"specType": "bugfix"}' }, null);
    expect(bug.documents[0]).toMatchObject({ key: 'requirements', file: 'bugfix.md', status: 'draft' });
  });

  it('the sidecar round-trips, keeps unknown keys, and reports a broken file instead of guessing', () => {
    const s = emptySidecar();
    s.description = 'Reset passwords by email';
    s.approvals.design = { at: '2025-01-01T00:00:00.000Z', by: 'Ada', sha256: 'abc' };
    s.extra.reviewers = ['bob'];
    const text = renderSidecar(s);
    expect(text.endsWith('}\n')).toBe(true);
    const back = parseSidecar(text);
    expect(back.kind).toBe('ok');
    expect(back.kind === 'ok' && renderSidecar(back.sidecar)).toBe(text);
    expect(parseSidecar('{"approvals": ').kind).toBe('broken');
    expect(parseSidecar('[1]')).toMatchObject({ kind: 'broken', message: expect.stringContaining('one JSON object') });
  });
});

describe.skipIf(!kiroCorpusDir())('phases over the real-world corpus', () => {
  if (!kiroCorpusDir()) console.log(`skipped: ${NO_CORPUS_REASON}`);

  async function corpusSpecs(): Promise<SpecFolder[]> {
    const corpus = kiroCorpusDir()!;
    const out: SpecFolder[] = [];
    for (const repo of readdirSync(corpus).filter((r) => !r.endsWith('.tsv'))) {
      for (const f of await readSpecsOf(path.join(corpus, repo, '.kiro'), '')) out.push({ ...f, rel: `${repo}/${f.name}` });
    }
    return out;
  }

  it('derives a phase for every spec folder (incomplete folders are early phases), matching hand-checked ones', async () => {
    const specs = await corpusSpecs();
    expect(specs.length).toBeGreaterThan(40);
    const phases = new Map(specs.map((f) => [f.rel, entryOf(f, { kind: 'absent' }).derived] as const));
    for (const [rel, d] of phases) {
      expect(d.documents.length, rel).toBe(3);
      expect(['requirements', 'design', 'tasks', 'implementation', 'done'], rel).toContain(d.phase);
    }
    const expectations: [string, string, Record<string, string>?][] = [
      ['cmsyt__gatewayaivectormemory/user-isolation-and-team-memory', 'requirements', { requirements: 'draft', design: 'missing', tasks: 'missing' }],
      ['fabishz__resurrection-/standalone-backend-api', 'requirements'],
      ['mjkim-0204__parts-inventory/inventory-management-enhancement', 'requirements'],
      ['cmsyt__gatewayaivectormemory/gateway-postgresql-mode', 'implementation', { requirements: 'inferred', design: 'skipped', tasks: 'inferred' }],
      ['4demar__projeto-base7/banner-layout-editor', 'done', { requirements: 'skipped', design: 'skipped', tasks: 'inferred' }],
      ['sourjya__viewgraph/auto-suggestions', 'tasks', { requirements: 'inferred', design: 'inferred', tasks: 'draft' }],
      ['jcmd13__funny-notes-platform/funny-notes-platform', 'tasks'],
      ['Xuefeng-Zhu__MessageRail/messagerail-extension', 'done'],
      ['9ntonio__9ntonio/image-hover-scale-fix', 'implementation'],
      ['bed72__Laravel-API/authentication-layer-fixes', 'done'],
    ];
    for (const [rel, phase, docs] of expectations) {
      const d = phases.get(rel);
      expect(d, rel).toBeDefined();
      expect(d!.phase, rel).toBe(phase);
      if (docs) expect(Object.fromEntries(d!.documents.map((x) => [x.key, x.status])), rel).toEqual(docs);
    }
    // The bugfix spec reads bugfix.md; the design-first one orders design first.
    expect(phases.get('bed72__Laravel-API/authentication-layer-fixes')!.documents[0]!.file).toBe('bugfix.md');
    expect(phases.get('AWS13th-Final-Project-BADA__BADA/multilingual-translation')!.order).toEqual(['design', 'requirements', 'tasks']);
  });

  it('every task list of the corpus keeps its states when the phase is derived (derivation reads, never writes)', async () => {
    for (const f of await corpusSpecs()) {
      const before = f.texts['tasks.md'];
      entryOf(f, { kind: 'absent' });
      expect(f.texts['tasks.md']).toBe(before);
      if (typeof before === 'string') expect(parseTasks(before).tasks.length).toBe(f.spec.summary.tasks.total);
    }
  });
});
