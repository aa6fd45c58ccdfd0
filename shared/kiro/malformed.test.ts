import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBugfix } from './bugfix';
import { parseDesign } from './design';
import { parseHookFile } from './hooks';
import { parseMcpConfig } from './mcp';
import { parseRequirements } from './requirements';
import { parseSpec } from './spec';
import { parseSpecConfig } from './spec-config';
import { parseSteering } from './steering';
import { parseTasks, setTaskState, STATE_CHAR, TASK_STATES } from './tasks';

// Every reader, fed anything at all, returns a result — never throws.
const READERS: [string, (t: string) => { diagnostics: unknown[] }][] = [
  ['requirements', parseRequirements],
  ['bugfix', parseBugfix],
  ['design', (t) => parseDesign(t)],
  ['tasks', parseTasks],
  ['.config.kiro', parseSpecConfig],
  ['steering', (t) => parseSteering(t, 'x.md')],
  ['hook', (t) => parseHookFile(t, 'x.kiro.hook')],
  ['mcp.json', (t) => parseMcpConfig(t, 'mcp.json', 'workspace')],
  ['spec', (t) => ({ diagnostics: Object.values(parseSpec({ 'requirements.md': t, 'tasks.md': t, 'design.md': t, '.config.kiro': t }).diagnostics).flat() })],
];

const BYTES_AS_TEXT = (bytes: number[]) => new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(bytes));

// Inputs made of the pieces these formats are built from, so the fuzzing reaches the parsers' branches.
const piece = fc.constantFrom(
  '\n', '\r\n', '\r', '\uFEFF', '---', '# ', '## ', '### Requirement 1', '#### Acceptance Criteria', '1. ', '1.1 ', '- ', '  - ', '- [ ] ', '- [x]* ', '[~] ', '2.1 ',
  'WHEN ', 'SHALL ', 'THEN ', '_Requirements: 1.1, 2-3_', '```', '```json', '```mermaid', '{', '}', '[', ']', '"', ':', ',', '"waves"', '"when"', '"then"',
  '"type"', '"hooks"', '"mcpServers"', 'inclusion: ', 'fileMatch', 'fileMatchPattern: ', '#[[file:', ']]', '\u0000', '\t', ' ', 'x', '要件', 'é',
);
const structured = fc.array(piece, { maxLength: 60 }).map((ps) => ps.join(''));

describe('malformed input never throws', () => {
  it.each(READERS)('%s: fixed nasty inputs', (_name, read) => {
    const nasty = [
      '',
      '\uFEFF',
      '\r\n\r\n',
      BYTES_AS_TEXT([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
      BYTES_AS_TEXT([0xff, 0xfe, 0xfd, 0xc3, 0x28, 0xa0, 0xa1]),
      '{"when": {"type": "fileEdited", "patterns": ["src/**',
      '---\ninclusion: [always\n',
      '- [ ] 1. A\n```json\n{"waves": [[',
      '#'.repeat(10_000),
      '- '.repeat(5_000),
      '\u0000'.repeat(100),
    ];
    for (const t of nasty) {
      const r = read(t);
      expect(Array.isArray(r.diagnostics)).toBe(true);
    }
  });

  it.each(READERS)('%s: empty and binary input get a diagnostic', (name, read) => {
    expect(read('').diagnostics.length).toBeGreaterThan(0);
    if (name !== 'spec') expect(read('\u0000\u0001\u0002\u0003binary').diagnostics.length).toBeGreaterThan(0);
  });

  it.each(READERS)('%s: random structured input', (_name, read) => {
    fc.assert(
      fc.property(fc.oneof(structured, fc.string({ unit: 'binary', maxLength: 300 })), (t) => {
        expect(Array.isArray(read(t).diagnostics)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('task writer on arbitrary text', () => {
  it('flipping any task to another state and back restores the exact text', () => {
    fc.assert(
      fc.property(structured, fc.nat(), (t, pick) => {
        const doc = parseTasks(t);
        for (const task of doc.tasks) {
          const other = TASK_STATES[(TASK_STATES.indexOf(task.state) + 1 + (pick % 3)) % 4]!;
          const flipped = setTaskState(t, { index: task.index }, other);
          expect(flipped.length).toBe(t.length);
          expect(flipped[task.stateOffset + (t.startsWith('\uFEFF') ? 1 : 0)]).toBe(STATE_CHAR[other]);
          expect(setTaskState(flipped, { index: task.index }, task.state).replace(/\[x\]/g, '[X]')).toBe(t.replace(/\[x\]/g, '[X]'));
        }
      }),
      { numRuns: 300 },
    );
  });
});
