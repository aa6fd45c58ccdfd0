import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executionWaves, parseTasks, releaseQueuedTasks, runnableTasks, setTaskOptional, setTaskState, setTaskStates, TaskEditError, type TaskState, type TasksDoc } from './tasks';

const SAMPLE = `# Implementation Plan
- [x] 1. Set up project structure
  - detail bullet
  - _Requirements: 1.1, 2.3_
- [ ] 2. Parent task
  - [-] 2.1 Sub-task in progress
    - _Requirements: 3.1_
  - [ ]* 2.2 Optional sub-task (asterisk right after the bracket)
- [ ] 3. Checkpoint - Ensure all tests pass, ask the user if questions arise.
`;

describe('parseTasks', () => {
  it('reads the documented example', () => {
    const doc = parseTasks(SAMPLE);
    expect(doc.tasks.map((t) => [t.id, t.state, t.optional, t.depth, t.parent, t.line])).toEqual([
      ['1', 'done', false, 0, null, 2],
      ['2', 'not-started', false, 0, null, 5],
      ['2.1', 'in-progress', false, 1, 1, 6],
      ['2.2', 'not-started', true, 1, 1, 8],
      ['3', 'not-started', false, 0, null, 9],
    ]);
    expect(doc.tasks[0]!.title).toBe('Set up project structure');
    expect(doc.tasks[0]!.details.map((d) => d.text)).toEqual(['- detail bullet', '- _Requirements: 1.1, 2.3_']);
    expect(doc.tasks[0]!.refs.map((r) => [r.kind, r.id, r.line, r.column])).toEqual([
      ['criterion', '1.1', 4, 20],
      ['criterion', '2.3', 4, 25],
    ]);
    expect(doc.tasks[2]!.refs.map((r) => r.id)).toEqual(['3.1']);
    expect(doc.tasks[1]!.children).toEqual([2, 3]);
    expect(doc.summary).toEqual({ total: 5, states: { 'not-started': 3, 'in-progress': 1, done: 1, queued: 0 }, optional: 1, required: 4, requiredDone: 1 });
    expect(runnableTasks(doc).map((t) => t.id)).toEqual(['2', '2.1', '3']);
  });

  it('accepts [X], queued [~], unnumbered tasks, N.M.K ids and * bullets', () => {
    const doc = parseTasks('## Phase\n* [X] Write docs\n- [~] 4.2.1 Deep task\n- [ ] 5.1. Trailing dot id\n');
    expect(doc.tasks.map((t) => [t.id, t.state, t.title, t.section])).toEqual([
      [null, 'done', 'Write docs', 'Phase'],
      ['4.2.1', 'queued', 'Deep task', 'Phase'],
      ['5.1', 'not-started', 'Trailing dot id', 'Phase'],
    ]);
    expect(doc.diagnostics.find((d) => d.code === 'tasks.uppercase-x')).toMatchObject({ line: 2, column: 4, fix: { edits: [{ length: 1, text: 'x' }] } });
  });

  it('nests 2.1 under 2. by id when a file writes them at the same indentation', () => {
    const doc = parseTasks('- [x] 2. Implement Morse\n- [x] 2.1 Dictionary\n- [ ] 2.2 Input\n- [ ] 3. Next\n');
    expect(doc.tasks.map((t) => [t.id, t.parent, t.nesting])).toEqual([
      ['2', null, null],
      ['2.1', 0, 'id'],
      ['2.2', 0, 'id'],
      ['3', null, null],
    ]);
    expect(doc.diagnostics.map((d) => d.code)).toContain('tasks.done-with-open-subtasks');
  });

  it('reads trace lines: ranges, whole requirements, All, localized labels and prefixed ids', () => {
    const doc = parseTasks(
      [
        '- [ ] 1. A',
        '  - _Requirements: 1.1-1.3, 2, All_',
        '- [ ] 2. B',
        '  - _要件: 3.1、3.2_',
        '- [ ] 3. C',
        '  - **Requirements**: Requirement 4, PV-R1.1',
        '- [ ] 4. D',
        '  - _Requirements: Tüm gereksinimler_',
        '  - _Design: Section 3_',
        '- [ ] 5. E',
        '    - **Validates: Requirements 6.5**',
      ].join('\n'),
    );
    const refs = doc.tasks.map((t) => t.refs.map((r) => `${r.kind}:${r.id ?? `${r.from ?? ''}${r.to ? '..' + r.to : ''}`}`));
    expect(refs).toEqual([['criterion-range:1.1..1.3', 'requirement:2', 'all:'], ['criterion:3.1', 'criterion:3.2'], ['requirement:4', 'criterion:PV-R1.1'], ['all:'], ['criterion:6.5']]);
  });

  it('reads the dependency graph in its three shapes', () => {
    const tasks = '- [ ] 1. A\n- [ ] 2. B\n- [ ] 3. C\n\n## Task Dependency Graph\n\n```json\n';
    const shapes = [
      '{"waves": [{"id": 0, "tasks": ["1"]}, {"id": 1, "tasks": ["2", "3"]}]}',
      '{"waves": [{"wave": 1, "tasks": ["1"]}, {"wave": 2, "tasks": ["2", "3"]}]}',
      '{"waves": [["1"], ["2", "3"]]}',
    ];
    for (const s of shapes) {
      const doc = parseTasks(`${tasks}${s}\n\`\`\`\n`);
      expect(doc.graph!.waves.map((w) => w.tasks)).toEqual([['1'], ['2', '3']]);
      expect(doc.diagnostics).toEqual([]);
    }
    const bad = parseTasks(`${tasks}{"waves": [{"id": 0, "tasks": ["1", "9"]}, {"id": 1, "tasks": ["1"]}]}\n\`\`\`\n`);
    expect(bad.diagnostics.map((d) => d.code).sort()).toEqual(['tasks.graph-duplicate', 'tasks.graph-unknown-task']);
    const broken = parseTasks(`${tasks}{"waves": [{"id": 0, "tasks": ["1"\n\`\`\`\n`);
    expect(broken.diagnostics.find((d) => d.code === 'json.syntax')).toMatchObject({ severity: 'error', line: 9 });
  });

  it('ignores checkboxes inside code blocks and reports unknown states', () => {
    const doc = parseTasks('- [ ] 1. Real\n```md\n- [ ] 2. Example only\n```\n- [?] 3. Odd\n');
    expect(doc.tasks.map((t) => t.id)).toEqual(['1']);
    expect(doc.diagnostics.map((d) => `${d.code}@${d.line}`)).toEqual(['tasks.unknown-state@5']);
  });

  it.each([
    ['empty', '', 'tasks.empty'],
    ['binary', '\u0000\u0000\u0001\u0002', 'file.binary'],
    ['no tasks', '# Plan\n\nAll done, see notes.\n', 'tasks.none'],
    ['duplicate ids', '- [ ] 1. A\n- [ ] 1. B\n', 'tasks.duplicate-id'],
    ['unclosed fence', '- [ ] 1. A\n```\ncode', 'markdown.unclosed-fence'],
  ])('%s → diagnostic %s', (_what, text, code) => {
    expect(parseTasks(text).diagnostics.map((d) => d.code)).toContain(code);
  });
});

describe('task writers', () => {
  it('a flip changes exactly one character, whatever the line endings and BOM', () => {
    const text = '\uFEFF' + SAMPLE.replace(/\n/g, '\r\n');
    const next = setTaskState(text, '2.1', 'done');
    expect(next.length).toBe(text.length);
    const diff = [...next].map((c, i) => (c === text[i] ? -1 : i)).filter((i) => i >= 0);
    expect(diff).toHaveLength(1);
    expect(next[diff[0]!]).toBe('x');
    expect(next.startsWith('\uFEFF')).toBe(true);
    expect(parseTasks(next).tasks[2]!.state).toBe('done');
  });

  it('leaves [X] alone when asked to set done, and the text unchanged when nothing changes', () => {
    const text = '- [X] 1. Done\n';
    expect(setTaskState(text, '1', 'done')).toBe(text);
    expect(setTaskState(text, '1', 'not-started')).toBe('- [ ] 1. Done\n');
  });

  it('addresses tasks by id, position or line, and refuses ambiguous or missing ones', () => {
    expect(setTaskState(SAMPLE, { index: 4 }, 'queued')).toContain('- [~] 3. Checkpoint');
    expect(setTaskState(SAMPLE, { line: 8 }, 'done')).toContain('  - [x]* 2.2 Optional');
    expect(() => setTaskState(SAMPLE, '9', 'done')).toThrow(TaskEditError);
    expect(() => setTaskState('- [ ] 1. A\n- [ ] 1. B\n', '1', 'done')).toThrow(/appears 2 times/);
  });

  it('sets several states at once and toggles the optional marker with one character', () => {
    const next = setTaskStates(SAMPLE, [
      { target: '1', state: 'not-started' },
      { target: '3', state: 'in-progress' },
    ]);
    expect(parseTasks(next).tasks.map((t) => t.state)).toEqual(['not-started', 'not-started', 'in-progress', 'not-started', 'in-progress']);
    const opt = setTaskOptional(SAMPLE, '3', true);
    expect(opt).toBe(SAMPLE.replace('- [ ] 3.', '- [ ]* 3.'));
    expect(setTaskOptional(opt, '3', false)).toBe(SAMPLE);
  });

  it('releases queued tasks after a crash', () => {
    const text = '- [~] 1. A\n- [x] 2. B\n- [~] 3. C\n';
    expect(releaseQueuedTasks(text)).toBe('- [ ] 1. A\n- [x] 2. B\n- [ ] 3. C\n');
    expect(releaseQueuedTasks('- [ ] 1. A\n')).toBe('- [ ] 1. A\n');
  });
});

// ── Property: flipping states through the writer changes nothing but those states ──

interface GenTask {
  title: string;
  state: string;
  optional: boolean;
  details: string[];
  children: GenTask[];
}

const title = fc.stringMatching(/^[a-zぁ-ゖ][a-z0-9ぁ-ゖ漢字 ,.:()-]{0,24}[a-z0-9ぁ-ゖ)]$/);
const detail = fc.oneof(
  fc.stringMatching(/^note [a-z0-9 ]{0,20}[a-z0-9]$/).map((s) => `- ${s}`),
  fc.array(fc.constantFrom('1.1', '2.3', '3', '1.1-1.4', 'All'), { minLength: 1, maxLength: 4 }).map((ids) => `- _Requirements: ${ids.join(', ')}_`),
);
const leaf = fc.record({ title, state: fc.constantFrom(' ', '-', 'x', 'X', '~'), optional: fc.boolean(), details: fc.array(detail, { maxLength: 2 }), children: fc.constant<GenTask[]>([]) });
const node = (depth: number): fc.Arbitrary<GenTask> =>
  depth === 0 ? leaf : fc.record({ title, state: fc.constantFrom(' ', '-', 'x', 'X', '~'), optional: fc.boolean(), details: fc.array(detail, { maxLength: 2 }), children: fc.array(node(depth - 1), { maxLength: 3 }) });

const layout = fc.record({
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  unit: fc.constantFrom('  ', '    ', '\t'),
  bullet: fc.constantFrom('-', '*'),
  numbered: fc.boolean(),
  blankBetween: fc.boolean(),
  preface: fc.constantFrom('', '# Implementation Plan\n\n', '# 実装計画\n\n## タスク\n\n'),
});

type Layout = typeof layout extends fc.Arbitrary<infer T> ? T : never;

function render(tasks: GenTask[], l: Layout): string {
  const lines: string[] = [];
  const walk = (ts: GenTask[], depth: number, prefix: string) => {
    ts.forEach((t, i) => {
      const id = depth === 0 ? `${i + 1}` : `${prefix}.${i + 1}`;
      const label = l.numbered ? `${id}${depth === 0 ? '.' : ''} ` : '';
      lines.push(`${l.unit.repeat(depth)}${l.bullet} [${t.state}]${t.optional ? '*' : ''} ${label}${t.title}`);
      for (const d of t.details) lines.push(`${l.unit.repeat(depth + 1)}${d}`);
      walk(t.children, depth + 1, id);
      if (depth === 0 && l.blankBetween) lines.push('');
    });
  };
  walk(tasks, 0, '');
  const body = (l.preface + lines.join('\n') + '\n').replace(/\n/g, l.eol);
  return (l.bom ? '\uFEFF' : '') + body;
}

const structure = (doc: TasksDoc) => doc.tasks.map((t) => ({ id: t.id, title: t.title, optional: t.optional, depth: t.depth, parent: t.parent, line: t.line, details: t.details, refs: t.refs, section: t.section }));

describe('property: state flips through the writer', () => {
  it('re-parse gives the same structure, only the flipped states differ, one character per change', () => {
    fc.assert(
      fc.property(fc.array(node(2), { minLength: 1, maxLength: 6 }), layout, fc.array(fc.tuple(fc.nat(), fc.constantFrom<TaskState>('not-started', 'in-progress', 'done', 'queued')), { maxLength: 8 }), (tasks, l, flips) => {
        const text = render(tasks, l);
        const before = parseTasks(text);
        const count = (ts: GenTask[]): number => ts.reduce((n, t) => n + 1 + count(t.children), 0);
        expect(before.tasks).toHaveLength(count(tasks));
        // The model survives the parse: titles, optional markers, nesting.
        const flat: GenTask[] = [];
        const walk = (ts: GenTask[]) => ts.forEach((t) => (flat.push(t), walk(t.children)));
        walk(tasks);
        expect(before.tasks.map((t) => [t.title, t.optional, t.stateChar])).toEqual(flat.map((t) => [t.title, t.optional, t.state]));

        const changes = new Map<number, TaskState>();
        for (const [n, state] of flips) changes.set(n % before.tasks.length, state);
        const next = setTaskStates(
          text,
          [...changes].map(([index, state]) => ({ target: { index }, state })),
        );
        const after = parseTasks(next);
        expect(structure(after)).toEqual(structure(before));
        const expected = before.tasks.map((t) => (changes.has(t.index) ? changes.get(t.index)! : t.state));
        expect(after.tasks.map((t) => t.state)).toEqual(expected);
        const changed = before.tasks.filter((t) => changes.has(t.index) && changes.get(t.index) !== t.state).length;
        expect(next.length).toBe(text.length);
        expect([...next].filter((c, i) => c !== text[i]).length).toBe(changed);
      }),
      { numRuns: 300 },
    );
  });
});

describe('executionWaves', () => {
  it('follows the graph for runnable tasks, then runs tasks it does not name; without a graph, one by one', () => {
    const withGraph = parseTasks('- [x] 1. Done\n- [ ] 2. A\n- [ ]* 3. Optional\n- [ ] 4. B\n- [ ] 5. C\n- [-] 6. D\n\n```json\n{"waves": [["1", "2"], ["3", "4"], ["6"]]}\n```\n');
    expect(executionWaves(withGraph).map((w) => w.map((t) => t.id))).toEqual([['2'], ['4'], ['6'], ['5']]);
    const plain = parseTasks('- [ ] 1. A\n- [x] 2. B\n- [ ] 3. C\n');
    expect(executionWaves(plain).map((w) => w.map((t) => t.id))).toEqual([['1'], ['3']]);
  });
});
