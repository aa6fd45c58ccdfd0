// The briefs the agent gets when it writes a spec document or implements a task. They say
// what to do and when to stop; they are not what keeps the model in its lane — the tool
// guards are (guards.ts). A model that ignores these words is refused all the same.

import type { SpecDocKey } from '../../shared/contract/specs';

export interface DocBrief {
  specName: string;
  type: 'feature' | 'bugfix';
  key: SpecDocKey;
  /** Workspace-relative path of the one file the model may write. */
  target: string;
  /** Earlier documents, approved: `[{ file, path, text }]`. */
  inputs: { file: string; path: string; text: string }[];
  description: string | null;
  /** The current text of the target (refining), or null (first draft). */
  current: string | null;
  /** The person's comments for a revision. */
  comments: string;
  quick: boolean;
}

const FORMATS: Record<'requirements' | 'bugfix' | 'design' | 'tasks', string> = {
  requirements: `Format (Kiro's requirements.md):
# Requirements Document
## Introduction
(two or three sentences)
## Requirements
### Requirement 1: <title>
**User Story:** As a <role>, I want <capability>, so that <benefit>.
#### Acceptance Criteria
1. WHEN <trigger>, THE <System> SHALL <response>
2. IF <unwanted condition>, THEN THE <System> SHALL <response>
Write every acceptance criterion in EARS: THE … SHALL (ubiquitous), WHEN … SHALL (event), WHILE … SHALL (state), IF … THEN … SHALL (unwanted), WHERE … SHALL (optional). Keywords in capitals, one behaviour per criterion, no vague words ("fast", "user-friendly", "etc."): say what can be tested.`,
  bugfix: `Format (Kiro's bugfix.md):
# Bugfix Requirements
## Bug Analysis
### Current Behavior
1.1 WHEN <condition> THEN the system <does the wrong thing>
### Expected Behavior
2.1 WHEN <condition> THEN the system SHALL <do the right thing>
### Unchanged Behavior
3.1 WHEN <condition> THEN the system SHALL CONTINUE TO <keep working as before>`,
  design: `Format (Kiro's design.md): # Design Document, then ## Overview, ## Architecture (with one \`\`\`mermaid diagram), ## Components and Interfaces, ## Data Models, ## Error Handling, ## Testing Strategy. Where useful, ## Correctness Properties with "### Property N: <name>" and "**Validates: Requirements 1.1, 2.3**". Keep it short — under 200 lines: decisions and interfaces, not code.`,
  tasks: `Format (Kiro's tasks.md):
# Implementation Plan
- [ ] 1. <task>
  - <what to do, one or two bullets>
  - _Requirements: 1.1, 1.2_
- [ ] 2. <parent task>
- [ ] 2.1 <sub-task>
  - _Requirements: 2.1_
  - _Verify: \`<command that proves it, e.g. npm test -- thing>\`_
- [ ]* 2.2 <optional sub-task (tests a person may skip)>
Every task unchecked ("[ ]"), small enough for one session, each referencing the acceptance criteria it implements, so that every criterion is covered. Add a _Verify:_ line where a command can prove the task is done.`,
};

export function docInstructions(b: DocBrief): string {
  const kind = b.key === 'requirements' ? (b.type === 'bugfix' ? 'bugfix' : 'requirements') : b.key;
  const file = b.target.slice(b.target.lastIndexOf('/') + 1);
  return [
    `You are writing ${file} of the spec "${b.specName}" (${b.type === 'bugfix' ? 'a bug fix' : 'a feature'}), at ${b.target}.`,
    `Write that one file, with write_file (or edit_file for a revision), and nothing else: no other file, no commands.${b.quick ? '' : ' When it is written, stop and say in one or two sentences what you wrote; a person reviews and approves it before the next document is written — do not start the next document.'}`,
    'You may read the workspace (read_file, list_directory, search) to ground the document in the code that exists.',
    FORMATS[kind],
  ].join('\n\n');
}

export function docMessage(b: DocBrief): string {
  const parts: string[] = [];
  if (b.description) parts.push(`The ${b.type === 'bugfix' ? 'bug' : 'feature'}, as the person described it:\n\n${b.description}`);
  for (const i of b.inputs) parts.push(`${i.file} (approved, ${i.path}):\n\n${i.text}`);
  if (b.current !== null) {
    parts.push(`The current ${b.target} (revise it, keep what the comments do not touch):\n\n${b.current}`);
    parts.push(b.comments.trim() ? `The person's comments:\n\n${b.comments.trim()}` : 'The person asked for a revision without comments: fix what the document gets wrong or leaves out.');
  } else if (b.comments.trim()) parts.push(`The person adds:\n\n${b.comments.trim()}`);
  parts.push(`Write ${b.target} now.`);
  return parts.join('\n\n---\n\n');
}

export interface TaskBrief {
  specName: string;
  specPath: string;
  task: { id: string | null; title: string; line: number };
  /** Unfinished sub-tasks, in order. */
  subtasks: { id: string | null; title: string }[];
  verify: string | null;
}

const label = (t: { id: string | null; title: string }) => (t.id ? `${t.id} ${t.title}` : t.title);

export function taskInstructions(b: TaskBrief): string {
  return [
    `You are implementing one task of the spec "${b.specName}" (${b.specPath}): task ${label(b.task)}.`,
    b.subtasks.length ? `Do its sub-tasks first, in order (${b.subtasks.map(label).join('; ')}), then the task itself.` : '',
    'Do only this task; do not start others. When it is done, stop and say what you changed.',
    `Do not edit the checkboxes of tasks.md: the runner marks the task in progress and done itself, after ${b.verify ? `running \`${b.verify}\`` : 'your turn ends successfully'}. Changes you make to them are refused.`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The message: short, with the whole spec attached as `#spec` (the chat shows it as a chip). */
export function taskMessage(b: TaskBrief): string {
  return `Implement task ${label(b.task)} (${b.specPath}/tasks.md line ${b.task.line}). The spec — requirements, design and tasks — is attached.`;
}
