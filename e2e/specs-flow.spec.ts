import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { chat, expect, test } from './fixtures/agent';
import { board, column, mouseDrag, pickUpWithKeyboard } from './fixtures/spec-board';

// The whole spec workflow in the browser with the fixture model: a description becomes
// requirements, a design and tasks — each written by the agent only after the person
// approved the one before (by dragging the card: mouse, then keyboard) — and a task is run
// by the runner, which ticks it on disk only after its verification passed.

const SPEC = '.kiro/specs/calc';
const REQ = `# Requirements Document

## Introduction

A calculator whose add function adds.

## Requirements

### Requirement 1: Add

**User Story:** As a developer, I want add to return the sum, so that totals are right.

#### Acceptance Criteria

1. WHEN add is called with two numbers, THE Calculator SHALL return their sum
2. THE Calculator SHALL keep the module's interface unchanged
`;
const DESIGN = `# Design Document

## Overview

Fix the operator in src/math.js; test.js checks it.

## Architecture

\`\`\`mermaid
flowchart LR
  T[test.js] -->|calls| M[src/math.js add]
  M -->|returns| T
\`\`\`
`;
const TASKS = `# Implementation Plan

- [ ] 1. Make add add
  - Change the operator in src/math.js
  - _Requirements: 1.1, 1.2_
  - _Verify: \`node test.js\`_
`;
const write = (file: string, content: string) => ({ toolUse: { name: 'write_file', input: { path: `${SPEC}/${file}`, content } } });

test.use({
  files: {
    'package.json': '{ "name": "calc", "private": true }\n',
    'src/math.js': 'exports.add = (a, b) => a - b;\n',
    'test.js': "const { add } = require('./src/math');\nif (add(2, 3) !== 5) { console.error(`FAIL: add(2, 3) returned ${add(2, 3)}`); process.exit(1); }\nconsole.log('PASS');\n",
    '.kiro/settings/specwright.json': '{ "policy": { "trustedCommands": ["node test.js"] } }',
  },
  script: {
    turns: [
      { name: 'req: skip ahead', when: { system: 'You are writing requirements\\.md', step: 0 }, reply: [{ text: 'Writing the requirements.' }, write('design.md', DESIGN)] },
      { name: 'req', when: { system: 'You are writing requirements\\.md', step: 1 }, reply: [write('requirements.md', REQ)] },
      { name: 'req: stop', when: { system: 'You are writing requirements\\.md', step: 2 }, reply: [{ text: 'requirements.md is ready for your review.', chunkChars: 6, delayMs: 10 }] },
      { name: 'design', when: { system: 'You are writing design\\.md', step: 0 }, reply: [write('design.md', DESIGN)] },
      { name: 'design: stop', when: { system: 'You are writing design\\.md', step: 1 }, reply: [{ text: 'design.md is ready for your review.' }] },
      { name: 'tasks', when: { system: 'You are writing tasks\\.md', step: 0 }, reply: [write('tasks.md', TASKS)] },
      { name: 'tasks: stop', when: { system: 'You are writing tasks\\.md', step: 1 }, reply: [{ text: 'tasks.md is ready for your review.' }] },
      { name: 'task: fix', when: { system: 'implementing one task', step: 0 }, reply: [{ toolUse: { name: 'edit_file', input: { path: 'src/math.js', old_text: 'a - b', new_text: 'a + b' } } }] },
      { name: 'task: stop', when: { system: 'implementing one task', step: 1 }, reply: [{ text: 'add now adds.' }] },
    ],
  },
});

const calc = (page: Page) => board(page).getByRole('listitem', { name: /^calc,/ });

test('from a description to a ticked task: create, approve by mouse drag, approve by keyboard drag, run a task', async ({ ide, workspace, models }, testInfo) => {
  test.setTimeout(120_000);
  const { page } = ide;
  // Autopilot: the agent's file edits apply without a prompt (the verification command is trusted in the workspace).
  await page.getByRole('switch', { name: 'Autopilot' }).click();
  await expect(page.getByRole('switch', { name: 'Autopilot' })).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('button', { name: 'Specs', exact: true }).click();
  await page.keyboard.press('Control+B');
  await expect(board(page)).toBeVisible();

  // New spec from a description: the agent writes requirements.md, and stops.
  await page.getByRole('button', { name: 'New spec' }).click();
  const dialog = page.getByRole('dialog', { name: 'New spec' });
  await dialog.getByRole('textbox', { name: 'Description' }).fill('add() in src/math.js subtracts; it should add');
  await dialog.getByRole('textbox', { name: 'Name' }).fill('calc');
  await dialog.getByRole('button', { name: 'Create and write requirements.md' }).click();
  await expect(column(page, 'Requirements').getByRole('listitem', { name: /^calc,/ })).toBeVisible();
  // The session shows in the chat.
  await expect(chat(page).log.getByText('requirements.md is ready for your review.')).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => workspace.readText(`${SPEC}/requirements.md`).catch(() => '')).toBe(REQ);
  await expect(calc(page)).not.toHaveAccessibleName(/writing/);
  // The model's attempt at design.md was refused: the phase did not move, nothing else was written.
  await expect(workspace.readText(`${SPEC}/design.md`)).rejects.toThrow();
  await expect(column(page, 'Requirements').getByRole('listitem', { name: /^calc,/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('flow-requirements.png') });

  // Approve requirements: drag the card to Design with the mouse.
  await mouseDrag(page, calc(page), column(page, 'Design'));
  await page.getByRole('dialog', { name: /Approve Requirements of calc/ }).getByRole('button', { name: 'Approve and write design.md' }).click();
  await expect(column(page, 'Design').getByRole('listitem', { name: /^calc,/ })).toBeVisible();
  await expect.poll(() => workspace.readText(`${SPEC}/design.md`).catch(() => ''), { timeout: 30_000 }).toBe(DESIGN);
  await expect(calc(page)).not.toHaveAccessibleName(/writing/);
  expect(Object.keys(JSON.parse(await workspace.readText(`${SPEC}/.specwright.json`)).approvals)).toEqual(['requirements']);

  // Approve the design from the keyboard: focus the card, Space, right arrow, Space.
  await calc(page).focus();
  const live = page.locator('[id^="DndLiveRegion"]'); // dnd-kit's announcements
  await pickUpWithKeyboard(page, live, 'calc is over Design');
  await page.keyboard.press('ArrowRight');
  await expect(live).toContainText('calc is over Tasks');
  await page.keyboard.press('Space');
  await page.getByRole('dialog', { name: /Approve Design of calc/ }).getByRole('button', { name: 'Approve and write tasks.md' }).click();
  await expect(column(page, 'Tasks').getByRole('listitem', { name: /^calc,/ })).toBeVisible();
  await expect.poll(() => workspace.readText(`${SPEC}/tasks.md`).catch(() => ''), { timeout: 30_000 }).toBe(TASKS);
  await expect(calc(page)).toHaveAccessibleName(/0 of 1 required task done/);

  // Open the spec, approve the task list, run the task.
  await calc(page).click();
  const view = page.getByRole('region', { name: 'Spec calc' });
  await view.getByRole('button', { name: 'Approve phase' }).click();
  await page.getByRole('dialog', { name: /Approve Tasks of calc/ }).getByRole('button', { name: 'Approve', exact: true }).click();
  await expect(view.getByRole('list', { name: 'Phases' }).getByRole('listitem').filter({ hasText: 'Implementation' })).toHaveAttribute('aria-current', 'step');
  await view.getByRole('tab', { name: /tasks\.md/ }).click();
  const tasks = view.getByRole('list', { name: 'Task list' });
  await tasks.getByRole('listitem', { name: /^1 Make add add/ }).getByRole('button', { name: 'Start task' }).click();
  // The runner writes [x] only after the agent's turn and `node test.js` passed.
  await expect.poll(() => workspace.readText(`${SPEC}/tasks.md`), { timeout: 30_000 }).toBe(TASKS.replace('- [ ] 1.', '- [x] 1.'));
  expect(await workspace.readText('src/math.js')).toBe('exports.add = (a, b) => a + b;\n');
  await expect(chat(page).log.getByText('add now adds.')).toBeVisible();
  await expect(tasks.getByRole('listitem', { name: /^1 Make add add, done/ })).toBeVisible();

  // The card's progress changed, and it is done.
  await page.getByRole('button', { name: 'Back to board' }).click();
  await expect(column(page, 'Done').getByRole('listitem', { name: /^calc,/ })).toHaveAccessibleName(/1 of 1 required task done/);
  await page.screenshot({ path: testInfo.outputPath('flow-done.png') });
  // The model wrote the documents in four spec sessions and one task session.
  const turns = (await models.requests('bedrock')).filter((r) => r.operation === 'ConverseStream').map((r) => r.turn);
  expect(turns).toEqual(['req: skip ahead', 'req', 'req: stop', 'design', 'design: stop', 'tasks', 'tasks: stop', 'task: fix', 'task: stop']);
});

test.describe('while a document is written', () => {
  test.use({
    files: {
      'README.md': '# shop\n',
      '.kiro/specs/checkout/requirements.md': REQ,
      '.kiro/specs/checkout/design.md': DESIGN,
      '.kiro/specs/checkout/tasks.md': '# Plan\n\n- [x] 1. Cart total\n  - _Requirements: 1.1_\n- [-] 2. Payment\n  - _Requirements: 1.2_\n- [ ] 3. Receipt\n  - _Requirements: 9.9_\n',
      '.kiro/specs/search/requirements.md': `${REQ}3. The search should be fast and user-friendly\n`,
      '.kiro/specs/search/design.md': DESIGN,
      '.kiro/specs/login-crash/bugfix.md': '# Bugfix\n\n## Bug Analysis\n\n### Current Behavior\n\n1.1 WHEN the token has expired THEN the API crashes\n\n### Expected Behavior\n\n2.1 WHEN the token has expired THEN the API SHALL answer 401\n',
      '.kiro/specs/login-crash/.config.kiro': '{"specId": "4411dadb-1b1a-449f-9870-37c035eacae4", "workflowType": "requirements-first", "specType": "bugfix"}',
      '.kiro/specs/export/requirements.md': REQ,
      '.kiro/specs/export/design.md': DESIGN,
      '.kiro/specs/export/tasks.md': '# Plan\n\n- [x] 1. CSV\n  - _Requirements: 1.1, 1.2_\n',
    },
    script: {
      turns: [
        { name: 'req', when: { system: 'You are writing requirements\\.md', step: 0 }, reply: [{ text: 'Let me look at how invoices are stored first, then I will write the requirements with EARS acceptance criteria.', chunkChars: 3, delayMs: 40 }, { pauseMs: 4000 }, { toolUse: { name: 'write_file', input: { path: '.kiro/specs/invoice-pdf/requirements.md', content: REQ } } }] },
        { name: 'req: stop', when: { system: 'You are writing requirements\\.md', step: 1 }, reply: [{ text: 'requirements.md is ready for your review.' }] },
      ],
    },
  });

  test('the card says what the agent is writing, and the chat shows it live', async ({ ide, workspace }, testInfo) => {
    const { page } = ide;
    await page.getByRole('switch', { name: 'Autopilot' }).click();
    await page.getByRole('button', { name: 'Specs', exact: true }).click();
    await page.keyboard.press('Control+B');
    await page.getByRole('button', { name: 'New spec' }).click();
    const dialog = page.getByRole('dialog', { name: 'New spec' });
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Export invoices as PDF for accountants');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('invoice-pdf');
    await dialog.getByRole('button', { name: 'Create and write requirements.md' }).click();
    const card = board(page).getByRole('listitem', { name: /^invoice-pdf,/ });
    await expect(card).toHaveAccessibleName(/writing requirements\.md/);
    await expect(card).toContainText('Writing requirements.md…');
    await expect(chat(page).log.getByText('then I will write the requirements')).toBeVisible({ timeout: 20_000 });
    await expect(column(page, 'Implementation').getByRole('listitem', { name: /^checkout,/ })).toHaveAccessibleName(/1 unknown reference/);
    await page.screenshot({ path: testInfo.outputPath('board-generating.png') });
    await expect(card).not.toHaveAccessibleName(/writing/, { timeout: 20_000 });
    expect(await workspace.readText('.kiro/specs/invoice-pdf/requirements.md')).toBe(REQ);
    await expect(card).toHaveAccessibleName(/^invoice-pdf, feature, Requirements phase/);
  });
});

test.describe('#spec in the chat', () => {
  test.use({
    files: { 'README.md': '# calc\n', [`${SPEC}/requirements.md`]: REQ, [`${SPEC}/design.md`]: DESIGN, [`${SPEC}/tasks.md`]: TASKS },
    script: { turns: [{ name: 'answer', when: { lastUser: 'what is left' }, reply: [{ text: 'Task 1 is left: make add add.' }] }] },
  });

  test('#spec picks a spec by name; the model receives its documents and phase', async ({ ide, models }) => {
    const { page } = ide;
    const c = chat(page);
    await c.message.click();
    await page.keyboard.type('#spe');
    await expect(page.getByRole('listbox', { name: 'Context providers' }).getByRole('option', { name: /#spec/ })).toBeVisible();
    await page.keyboard.press('Enter');
    await page.keyboard.type('ca');
    await expect(page.getByRole('listbox', { name: '#spec choices' }).getByRole('option', { name: /calc/ })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('list', { name: 'Context' }).getByRole('listitem')).toHaveText(['#spec calc×']);
    await c.message.fill('what is left to do?');
    await c.send.click();
    await expect(c.log.getByText('Task 1 is left')).toBeVisible();
    const body = JSON.stringify((await models.requests('bedrock')).at(-1)!.body);
    expect(body).toContain('THE Calculator SHALL return their sum');
    expect(body).toContain('- [ ] 1. Make add add');
    expect(body).toContain('phase: tasks');
  });
});

test.describe('Run all tasks', () => {
  const PLAN = '# Plan\n\n- [ ] 1. Hello\n  - _Verify: `node check.js out/1.txt`_\n- [ ] 2. World\n  - _Verify: `node check.js out/2.txt`_\n';
  const sha = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');
  const ok = (t: string) => ({ at: '2025-01-01T00:00:00.000Z', by: 'Ada', sha256: sha(t) });
  test.use({
    files: {
      'check.js': "if (!require('fs').existsSync(process.argv[2])) { console.error('missing ' + process.argv[2]); process.exit(1); }\n",
      '.kiro/settings/specwright.json': '{ "policy": { "trustedCommands": ["node check.js *"] } }',
      [`${SPEC}/requirements.md`]: REQ,
      [`${SPEC}/design.md`]: DESIGN,
      [`${SPEC}/tasks.md`]: PLAN,
      [`${SPEC}/.specwright.json`]: JSON.stringify({ version: 1, approvals: { requirements: ok(REQ), design: ok(DESIGN), tasks: ok(PLAN) } }),
    },
    script: {
      turns: ['1', '2'].flatMap((n) => [
        { name: `task ${n}`, when: { system: `task ${n} `, step: 0 }, reply: [{ pauseMs: 500 }, { toolUse: { name: 'write_file', input: { path: `out/${n}.txt`, content: `${n}\n` } } }] },
        { name: `task ${n} done`, when: { system: `task ${n} `, step: 1 }, reply: [{ text: `Task ${n} done.` }] },
      ]),
    },
  });

  test('runs every open task (two at once), each ticked on disk after its verification; the card moves to Done', async ({ ide, workspace }) => {
    const { page } = ide;
    await page.getByRole('switch', { name: 'Autopilot' }).click();
    await page.getByRole('button', { name: 'Specs', exact: true }).click();
    await calc(page).click();
    const view = page.getByRole('region', { name: 'Spec calc' });
    await view.getByRole('combobox', { name: 'Tasks at once' }).selectOption('2');
    await view.getByRole('button', { name: 'Run all tasks' }).click();
    // Both queued or running at once: neither waits for the other.
    await expect.poll(async () => (await workspace.readText(`${SPEC}/tasks.md`)).match(/\[[-~]\]/g)?.length ?? 0).toBe(2);
    await expect.poll(() => workspace.readText(`${SPEC}/tasks.md`), { timeout: 30_000 }).toBe(PLAN.replace(/\[ \]/g, '[x]'));
    await page.getByRole('button', { name: 'Back to board' }).click();
    await expect(column(page, 'Done').getByRole('listitem', { name: /^calc,/ })).toHaveAccessibleName(/2 of 2 required tasks done/);
  });
});
