import { describe, expect, it } from 'vitest';
import { parseDesign, replaceSectionBody } from './design';
import { parseSpec } from './spec';
import { parseSpecConfig, renderSpecConfig, updateSpecConfig } from './spec-config';
import { buildTraceability } from './traceability';
import { parseRequirements } from './requirements';
import { parseTasks } from './tasks';
import { parseBugfix } from './bugfix';

const REQS = `## Requirements

### Requirement 1: A

#### Acceptance Criteria

1. THE S SHALL a
2. THE S SHALL b
3. THE S SHALL c

### Requirement 2: B

#### Acceptance Criteria

1. THE S SHALL d
2. THE S SHALL e
`;

const TASKS = `- [ ] 1. First
  - _Requirements: 1.1, 1.2_
- [x] 2. Second
  - _Requirements: 9.9, 2_
- [ ] 3. Third
  - _Requirements: security review_
`;

describe('buildTraceability', () => {
  const trace = buildTraceability({ requirements: parseRequirements(REQS), tasks: parseTasks(TASKS) });

  it('finds uncovered criteria and references to criteria that do not exist', () => {
    expect(trace.uncovered.map((u) => u.criterionId)).toEqual(['1.3']);
    expect(trace.dangling.map((d) => d.ref.raw)).toEqual(['9.9']);
    expect(trace.diagnostics.tasks.map((d) => [d.severity, d.code, d.line, d.column])).toEqual([
      ['error', 'trace.unknown-criterion', 4, 20],
      ['info', 'trace.free-text', 6, 20],
    ]);
    expect(trace.diagnostics.requirements.map((d) => [d.code, d.line])).toEqual([['trace.uncovered', 9]]);
    expect(trace.summary).toEqual({ criteria: 5, covered: 4, uncovered: 1, dangling: 1, checked: true });
  });

  it('builds the requirements × tasks matrix, saying how each cell is covered', () => {
    expect(trace.matrix.rows.map((r) => [r.requirementId, r.criteria.map((c) => c.id)])).toEqual([
      ['1', ['1.1', '1.2', '1.3']],
      ['2', ['2.1', '2.2']],
    ]);
    expect(trace.matrix.columns.map((c) => [c.taskId, c.state, c.traced])).toEqual([
      ['1', 'not-started', true],
      ['2', 'done', true],
      ['3', 'not-started', true],
    ]);
    expect(trace.matrix.cells).toEqual([
      { criterionId: '1.1', taskIndex: 0, via: 'criterion' },
      { criterionId: '1.2', taskIndex: 0, via: 'criterion' },
      { criterionId: '2.1', taskIndex: 1, via: 'requirement' },
      { criterionId: '2.2', taskIndex: 1, via: 'requirement' },
    ]);
    expect(JSON.parse(JSON.stringify(trace.matrix))).toEqual(trace.matrix);
  });

  it('expands ranges, All and prefixed ids', () => {
    const t = buildTraceability({ requirements: parseRequirements(REQS), tasks: parseTasks('- [ ] 1. A\n  - _Requirements: 1.1-1.3_\n- [ ] 2. B\n  - _Requirements: PV-R2.1, 2.2_\n- [ ] 3. C\n  - _Requirements: All_\n') });
    expect(t.coverage.map((c) => [c.criterionId, c.tasks])).toEqual([
      ['1.1', [0, 2]],
      ['1.2', [0, 2]],
      ['1.3', [0, 2]],
      ['2.1', [1, 2]],
      ['2.2', [1, 2]],
    ]);
    expect(t.dangling).toEqual([]);
    expect(t.diagnostics.tasks.map((d) => d.code)).toEqual(['trace.prefixed-id']);
  });

  it('does not claim uncovered criteria when no task traces anything', () => {
    const t = buildTraceability({ requirements: parseRequirements(REQS), tasks: parseTasks('- [ ] 1. A\n- [ ] 2. B\n') });
    expect(t.uncovered).toEqual([]);
    expect(t.summary.checked).toBe(false);
    expect(t.diagnostics.tasks.map((d) => d.code)).toEqual(['trace.no-references']);
  });

  it('for bugfix specs, only expected and unchanged behaviour need tasks', () => {
    const bug = parseBugfix('## Bug Analysis\n### Current\n1.1 WHEN a THEN b\n### Expected\n2.1 WHEN a THEN THE s SHALL c\n### Unchanged\n3.1 WHEN d THEN THE s SHALL CONTINUE TO e\n');
    const t = buildTraceability({ requirements: bug, tasks: parseTasks('- [ ] 1. Fix\n  - _Requirements: 2.1_\n') });
    expect(t.uncovered.map((u) => u.criterionId)).toEqual(['3.1']);
  });

  it('links design properties to the criteria they validate', () => {
    const design = parseDesign('## Correctness Properties\n\n### Property 1: Round trip\n\nFor any x.\n\n**Validates: Requirements 1.1, 2.2**\n\n### Property 2: Bad\n\n**Validates: Requirements 7.7**\n');
    const t = buildTraceability({ requirements: parseRequirements(REQS), tasks: parseTasks(TASKS), design });
    expect(t.coverage.find((c) => c.criterionId === '2.2')!.properties).toEqual(['1']);
    expect(t.diagnostics.design.map((d) => [d.code, d.line])).toEqual([['trace.unknown-criterion', 11]]);
  });
});

describe('parseDesign', () => {
  const DESIGN = '# Design\n\n## Overview\n\nText.\n\n## Architecture\n\n```mermaid\nflowchart TD\n  A --> B\n```\n\n```mermaid\nflowhcart TD\n```\n\n```ts\nconst x = 1;\n```\n\n## 錯誤處理\n\nLocalized section.\n';
  it('reads sections in any language, mermaid blocks and code blocks', () => {
    const d = parseDesign(DESIGN);
    expect(d.sections.map((s) => [s.level, s.title])).toEqual([
      [1, 'Design'],
      [2, 'Overview'],
      [2, 'Architecture'],
      [2, '錯誤處理'],
    ]);
    expect(d.mermaid.map((m) => [m.diagramType, m.line])).toEqual([
      ['flowchart', 9],
      ['flowhcart', 14],
    ]);
    expect(d.codeBlocks).toBe(1);
    expect(d.diagnostics.map((x) => [x.code, x.line])).toEqual([['design.mermaid-type', 15]]);
  });
  it('replaces one section body and nothing else', () => {
    const crlf = DESIGN.replace(/\n/g, '\r\n');
    const next = replaceSectionBody(crlf, { title: 'Overview' }, '\nNew text.\n\n');
    expect(next).toBe(crlf.replace('\r\nText.\r\n\r\n', '\r\nNew text.\r\n\r\n'));
    const same = parseDesign(crlf).sections[1]!;
    expect(replaceSectionBody(crlf, { line: same.line }, crlf.slice(same.bodyStart, same.bodyEnd))).toBe(crlf);
  });
});

describe('.config.kiro', () => {
  const KIRO = '{"specId": "c991336d-1fc8-43b3-9c04-e5d194f18120", "workflowType": "requirements-first", "specType": "feature"}';
  it('parses, validates and keeps unknown keys', () => {
    const c = parseSpecConfig(`${KIRO.slice(0, -1)}, "approvals": {"requirements": "2025-01-01"}}`);
    expect(c.config).toEqual({ specId: 'c991336d-1fc8-43b3-9c04-e5d194f18120', workflowType: 'requirements-first', specType: 'feature', extra: { approvals: { requirements: '2025-01-01' } } });
    expect(c.diagnostics).toEqual([]);
    expect(parseSpecConfig('{"specId": "x", "workflowType": "tasks-first", "specType": 3}').diagnostics.map((d) => [d.code, d.column])).toEqual([
      ['config.spec-id', 12],
      ['config.workflow-type', 33],
      ['config.spec-type', 60],
    ]);
    expect(parseSpecConfig('{"specId": ').diagnostics[0]).toMatchObject({ severity: 'error', code: 'json.syntax' });
    expect(parseSpecConfig('').diagnostics[0]).toMatchObject({ code: 'json.empty' });
  });
  it('updates only the values it changes, in the file’s own style', () => {
    expect(updateSpecConfig(KIRO, { specType: 'bugfix' })).toBe(KIRO.replace('"feature"', '"bugfix"'));
    expect(updateSpecConfig(KIRO + '\n', { approvals: { requirements: true } })).toBe(KIRO.slice(0, -1) + ', "approvals": {"requirements":true}}\n');
    expect(updateSpecConfig(KIRO, { specType: 'feature' })).toBe(KIRO);
    const multi = '\uFEFF{\r\n  "specId": "a",\r\n  "specType": "feature"\r\n}\r\n';
    expect(updateSpecConfig(multi, { x: 1 })).toBe('\uFEFF{\r\n  "specId": "a",\r\n  "specType": "feature",\r\n  "x": 1\r\n}\r\n');
    expect(renderSpecConfig({ specId: 'a', workflowType: 'design-first', specType: 'feature' })).toBe('{"specId": "a", "workflowType": "design-first", "specType": "feature"}');
  });
});

describe('parseSpec', () => {
  it('combines documents, traceability and counts for a card', () => {
    const s = parseSpec({ 'requirements.md': REQS, 'tasks.md': TASKS, 'design.md': '# D\n', '.config.kiro': '{"specId": "c991336d-1fc8-43b3-9c04-e5d194f18120", "workflowType": "requirements-first", "specType": "feature"}' });
    expect(s.type).toBe('feature');
    expect(s.summary).toMatchObject({ files: ['requirements.md', 'design.md', 'tasks.md', '.config.kiro'], requirements: 2, criteria: 5, tasks: { total: 3, done: 1 }, trace: { uncovered: 1, dangling: 1 } });
    expect(s.diagnostics['tasks.md']!.map((d) => d.code)).toContain('trace.unknown-criterion');
    expect(s.diagnostics['requirements.md']!.map((d) => d.code)).toContain('trace.uncovered');
    expect(s.summary.diagnostics.error).toBe(1);
  });
  it('takes the type from the files when .config.kiro is missing and warns when they disagree', () => {
    expect(parseSpec({ 'bugfix.md': '## Bug Analysis\n1.1 WHEN a THEN b\n' }).type).toBe('bugfix');
    const s = parseSpec({ 'requirements.md': REQS, '.config.kiro': '{"specType": "bugfix"}' });
    expect(s.diagnostics['.config.kiro']!.map((d) => d.code)).toContain('spec.type-mismatch');
  });
});
