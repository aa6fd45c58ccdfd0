import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/ide';
import { board, column, mouseDrag, pickUpWithKeyboard } from './fixtures/spec-board';
import { kiroCorpusDir } from './fixtures/reference';

// The spec board without the agent: cards from spec folders on disk (corpus-like, and real
// corpus folders where the reference material is beside the checkout), drags that record
// approvals on disk and reopen phases, the spec view with its documents, EARS markers,
// rendered diagrams and the traceability matrix.

const REQ = `# Requirements Document

## Introduction

Password reset by e-mail.

## Requirements

### Requirement 1: Ask for a link

**User Story:** As a user who forgot my password, I want a reset link, so that I can log in again.

#### Acceptance Criteria

1. WHEN a user submits a known e-mail address, THE Auth_Service SHALL send a reset link
2. WHEN a user submits an unknown address, THE Auth_Service SHALL answer as for a known one
3. THE reset page should be fast and user-friendly

### Requirement 2: Use the link

**User Story:** As a user, I want to set a new password from the link, so that my account is mine again.

#### Acceptance Criteria

1. WHEN a valid link is opened, THE Auth_Service SHALL ask for a new password
2. IF the link is older than one hour, THEN THE Auth_Service SHALL refuse it
`;
const DESIGN = `# Design Document

## Overview

A token table and two endpoints.

## Architecture

\`\`\`mermaid
flowchart LR
  U[User] -->|POST /reset| A[Auth service]
  A -->|store token| DB[(tokens)]
  A -->|send link| M[Mailer]
  U -->|GET /reset/:token| A
\`\`\`

## Testing Strategy

Unit tests for the token rules.
`;
const TASKS = `# Implementation Plan

- [x] 1. Token table
  - _Requirements: 2.2_
- [ ] 2. Reset endpoints
- [ ] 2.1 POST /reset sends the link
  - _Requirements: 1.1, 1.2_
- [ ] 2.2 GET /reset/:token asks for a password
  - _Requirements: 2.1, 9.9_
`;
const sha = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');
const approved = (...docs: [string, string][]) =>
  JSON.stringify({ version: 1, approvals: Object.fromEntries(docs.map(([k, t]) => [k, { at: '2025-05-01T10:00:00.000Z', by: 'Ada', sha256: sha(t) }])) }, null, 2) + '\n';

/** A few real spec folders from the corpus, when it is there. */
function corpusSpecs(): Record<string, string> {
  const corpus = kiroCorpusDir();
  if (!corpus) return {};
  const out: Record<string, string> = {};
  const pick: [string, string][] = [
    ['cmsyt__gatewayaivectormemory', 'user-isolation-and-team-memory'],
    ['sourjya__viewgraph', 'auto-suggestions'],
    ['9ntonio__9ntonio', 'image-hover-scale-fix'],
    ['kyeldlpz__ai-call-router', 'iphone-call-ui'],
  ];
  for (const [repo, spec] of pick) {
    for (const f of ['requirements.md', 'design.md', 'tasks.md', '.config.kiro']) {
      try {
        out[`.kiro/specs/${spec}/${f}`] = readFileSync(path.join(corpus, repo, '.kiro', 'specs', spec, f), 'utf8');
      } catch {
        // not every folder has every file
      }
    }
  }
  return out;
}

const files = {
  'README.md': '# Shop\n',
  // Requirements written, nothing approved: the Requirements column.
  '.kiro/specs/password-reset/requirements.md': REQ,
  '.kiro/specs/password-reset/.specwright.json': JSON.stringify({ version: 1, description: 'Reset passwords by e-mail', approvals: {} }),
  // Everything approved, tasks under way: Implementation.
  '.kiro/specs/checkout/requirements.md': REQ,
  '.kiro/specs/checkout/design.md': DESIGN,
  '.kiro/specs/checkout/tasks.md': TASKS,
  '.kiro/specs/checkout/.specwright.json': approved(['requirements', REQ], ['design', DESIGN], ['tasks', TASKS]),
  // Requirements approved, design written: Design.
  '.kiro/specs/search/requirements.md': REQ,
  '.kiro/specs/search/design.md': DESIGN,
  '.kiro/specs/search/.specwright.json': approved(['requirements', REQ]),
  // A monorepo package's own .kiro.
  'packages/api/.kiro/specs/rate-limits/requirements.md': REQ,
  ...corpusSpecs(),
};

const card = (page: Page, name: string) => board(page).getByRole('listitem', { name: new RegExp(`^${name},`) });

/** The board, with the side bars out of the way so that all five columns fit in 1280 px (as a person would). */
async function openBoard(page: Page) {
  await page.getByRole('button', { name: 'Specs', exact: true }).click();
  await expect(board(page)).toBeVisible();
  await page.keyboard.press('Control+B');
  await page.getByRole('button', { name: 'Toggle Secondary Side Bar' }).click();
  await expect(column(page, 'Done')).toBeInViewport();
}

const sidecar = async (workspace: { readText(rel: string): Promise<string> }, spec: string) => JSON.parse(await workspace.readText(`.kiro/specs/${spec}/.specwright.json`));

test.describe('the spec board', () => {
  test.use({ files });

  test('shows one card per spec folder in the column of its phase, derived from the files', async ({ ide }) => {
    const { page } = ide;
    await openBoard(page);
    await expect(column(page, 'Requirements').getByRole('listitem', { name: /^password-reset,/ })).toBeVisible();
    await expect(column(page, 'Design').getByRole('listitem', { name: /^search,/ })).toBeVisible();
    await expect(column(page, 'Implementation').getByRole('listitem', { name: /^checkout,/ })).toBeVisible();
    await expect(column(page, 'Requirements').getByRole('listitem', { name: /^rate-limits,/ })).toBeVisible();
    // Progress, EARS and traceability warnings are on the card.
    await expect(card(page, 'checkout')).toHaveAccessibleName(/1 of 4 required tasks done/);
    await expect(card(page, 'checkout')).toHaveAccessibleName(/1 unknown reference/);
    await expect(card(page, 'password-reset')).toHaveAccessibleName(/EARS warning/);
    if (kiroCorpusDir()) {
      // Real folders made by Kiro: incomplete ones are early phases, complete ones follow their checkboxes.
      await expect(column(page, 'Requirements').getByRole('listitem', { name: /^user-isolation-and-team-memory,/ })).toBeVisible();
      await expect(column(page, 'Tasks').getByRole('listitem', { name: /^auto-suggestions,/ })).toBeVisible();
      await expect(column(page, 'Implementation').getByRole('listitem', { name: /^image-hover-scale-fix,/ })).toBeVisible();
      await expect(column(page, 'Done').getByRole('listitem', { name: /^iphone-call-ui,/ })).toBeVisible();
    } else console.log('corpus cards not checked: the reference corpus is not beside this checkout');
  });

  test('the board follows the disk: a checkbox ticked in tasks.md moves the progress, a new folder appears', async ({ ide, workspace }) => {
    const { page } = ide;
    await openBoard(page);
    await expect(card(page, 'checkout')).toHaveAccessibleName(/1 of 4 required tasks done/);
    await workspace.write('.kiro/specs/checkout/tasks.md', TASKS.replace('- [ ] 2.1', '- [x] 2.1'));
    await expect(card(page, 'checkout')).toHaveAccessibleName(/2 of 4 required tasks done/);
    await workspace.write('.kiro/specs/new-thing/requirements.md', REQ);
    await expect(column(page, 'Requirements').getByRole('listitem', { name: /^new-thing,/ })).toBeVisible();
  });

  test('dragging a card forward with the mouse approves the phase, recorded on disk; the phase moves only then', async ({ ide, workspace }) => {
    const { page } = ide;
    await openBoard(page);
    await mouseDrag(page, card(page, 'password-reset'), column(page, 'Design'));
    const dialog = page.getByRole('dialog', { name: /Approve Requirements of password-reset/ });
    await expect(dialog).toBeVisible();
    // Cancel: nothing is recorded.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(column(page, 'Requirements').getByRole('listitem', { name: /^password-reset,/ })).toBeVisible();
    expect((await sidecar(workspace, 'password-reset')).approvals).toEqual({});

    await mouseDrag(page, card(page, 'password-reset'), column(page, 'Design'));
    await page.getByRole('dialog').getByRole('button', { name: /^Approve( only)?$/ }).click();
    await expect(column(page, 'Design').getByRole('listitem', { name: /^password-reset,/ })).toBeVisible();
    const s = await sidecar(workspace, 'password-reset');
    expect(Object.keys(s.approvals)).toEqual(['requirements']);
    expect(s.approvals.requirements.sha256).toBe(sha(REQ));
    expect(s.description).toBe('Reset passwords by e-mail');
  });

  test('dragging two columns ahead is refused: one phase at a time', async ({ ide, workspace }) => {
    const { page } = ide;
    await openBoard(page);
    await mouseDrag(page, card(page, 'password-reset'), column(page, 'Tasks'));
    await expect(page.getByText(/One phase at a time/)).toBeVisible();
    await expect(column(page, 'Requirements').getByRole('listitem', { name: /^password-reset,/ })).toBeVisible();
    expect((await sidecar(workspace, 'password-reset')).approvals).toEqual({});
  });

  test('keyboard drag: focus the card, Space, arrow, Space — approves the design', async ({ ide, workspace }) => {
    const { page } = ide;
    await openBoard(page);
    await card(page, 'search').focus();
    // dnd-kit announces each step in its live region; wait for it between key presses.
    const live = page.locator('[id^="DndLiveRegion"]'); // dnd-kit's announcements
    await pickUpWithKeyboard(page, live, 'search is over Design');
    await page.keyboard.press('ArrowRight');
    await expect(live).toContainText('search is over Tasks');
    await page.keyboard.press('Space');
    const dialog = page.getByRole('dialog', { name: /Approve Design of search/ });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: /^Approve( only)?$/ }).click();
    await expect(column(page, 'Tasks').getByRole('listitem', { name: /^search,/ })).toBeVisible();
    expect(Object.keys((await sidecar(workspace, 'search')).approvals)).toEqual(['requirements', 'design']);
  });

  test('dragging back reopens a phase: later documents are marked stale, not deleted', async ({ ide, workspace }) => {
    const { page } = ide;
    await openBoard(page);
    await mouseDrag(page, card(page, 'checkout'), column(page, 'Design'));
    const dialog = page.getByRole('dialog', { name: /Reopen Design of checkout/ });
    await expect(dialog).toContainText('tasks.md will be marked stale');
    await dialog.getByRole('button', { name: 'Reopen' }).click();
    await expect(column(page, 'Design').getByRole('listitem', { name: /^checkout,/ })).toBeVisible();
    const s = await sidecar(workspace, 'checkout');
    expect(Object.keys(s.approvals)).toEqual(['requirements']);
    expect(Object.keys(s.stale)).toEqual(['tasks']);
    expect(await workspace.readText('.kiro/specs/checkout/tasks.md')).toBe(TASKS);
    expect(await workspace.readText('.kiro/specs/checkout/design.md')).toBe(DESIGN);
  });

  test('a card opens the spec: documents in tabs with EARS markers, the diagram drawn, the matrix; Approve phase', async ({ ide, workspace }, testInfo) => {
    const { page } = ide;
    await openBoard(page);
    await page.screenshot({ path: testInfo.outputPath('board.png') });

    await card(page, 'checkout').click();
    const view = page.getByRole('region', { name: 'Spec checkout' });
    await expect(view.getByRole('tab', { name: /requirements\.md/ })).toBeVisible();
    await view.getByRole('tab', { name: /requirements\.md/ }).click();
    // Monaco shows the document, and EARS notes as markers (squiggles).
    const reqEditor = view.getByRole('region', { name: 'requirements.md editor' });
    await expect(reqEditor.locator('.view-lines')).toContainText('Ask for a link');
    await expect(reqEditor.locator('.squiggly-warning, .squiggly-info').first()).toBeAttached();

    await view.getByRole('tab', { name: /design\.md/ }).click();
    const diagrams = view.getByRole('region', { name: 'Diagrams' });
    await expect(diagrams.locator('svg').first()).toBeVisible({ timeout: 20_000 });
    await expect(diagrams.locator('svg').first()).toContainText('Auth service');
    await page.screenshot({ path: testInfo.outputPath('spec-design.png') });

    await view.getByRole('tab', { name: 'Traceability' }).click();
    const matrix = view.getByRole('table', { name: 'Traceability matrix' });
    await expect(matrix).toBeVisible();
    await expect(matrix.getByRole('cell', { name: '1.1: task 2.1' })).toBeVisible();
    await expect(view.getByRole('status').filter({ hasText: 'criteria have a task' })).toContainText('4 of 5');
    await page.screenshot({ path: testInfo.outputPath('matrix.png') });

    // The tasks tab lists the tasks, with "Start task" beside each open one.
    await view.getByRole('tab', { name: /tasks\.md/ }).click();
    const list = view.getByRole('list', { name: 'Task list' });
    await expect(list.getByRole('listitem')).toHaveCount(4);
    await expect(list.getByRole('listitem', { name: /^1 Token table, done/ }).getByRole('button', { name: 'Start task' })).toHaveCount(0);
    await expect(list.getByRole('listitem', { name: /^2\.1 POST/ }).getByRole('button', { name: 'Start task' })).toBeVisible();
    await expect(view.getByRole('button', { name: 'Run all tasks' })).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('tasks.png') });

    // Back to the board; open password-reset and approve with the button.
    await page.getByRole('button', { name: 'Back to board' }).click();
    await card(page, 'password-reset').click();
    const pr = page.getByRole('region', { name: 'Spec password-reset' });
    await pr.getByRole('button', { name: 'Approve phase' }).click();
    await page.getByRole('dialog').getByRole('button', { name: /^Approve( only)?$/ }).click();
    await expect.poll(async () => Object.keys((await sidecar(workspace, 'password-reset')).approvals)).toEqual(['requirements']);
    await expect(pr.getByRole('list', { name: 'Phases' }).getByRole('listitem').filter({ hasText: 'Design' })).toHaveAttribute('aria-current', 'step');
  });

  test('editing a document in the spec view saves it to disk, and the markers follow the text', async ({ ide, workspace }) => {
    const { page } = ide;
    await openBoard(page);
    await card(page, 'password-reset').click();
    const view = page.getByRole('region', { name: 'Spec password-reset' });
    const editor = view.getByRole('region', { name: 'requirements.md editor' });
    await expect(editor.locator('.view-lines')).toContainText('Ask for a link');
    await editor.getByRole('textbox').focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('3. WHEN a link is used, THE Auth_Service SHALL invalidate it\n');
    await page.keyboard.press('Control+S');
    await expect.poll(() => workspace.readText('.kiro/specs/password-reset/requirements.md')).toBe(`${REQ}3. WHEN a link is used, THE Auth_Service SHALL invalidate it\n`);
    await expect(view.getByRole('button', { name: 'Saved' })).toBeVisible();
  });
});

test.describe('spec documents in the editor', () => {
  test.use({ files: { 'README.md': '# x\n', '.kiro/specs/password-reset/requirements.md': REQ } });

  test('requirements.md opened from the explorer gets its EARS notes as markers', async ({ ide }) => {
    const { page } = ide;
    const tree = page.getByRole('tree', { name: 'Files' });
    for (const name of ['.kiro', 'specs', 'password-reset', 'requirements.md']) await tree.getByRole('treeitem', { name, exact: true }).click();
    const editor = page.getByRole('region', { name: 'Editor' });
    await expect(editor.locator('.view-lines')).toContainText('Ask for a link');
    // Criterion 1.3 ("should be fast and user-friendly") has no SHALL and vague words.
    await expect(editor.locator('.squiggly-warning').first()).toBeAttached();
  });
});

test.describe('creating a spec to write by hand', () => {
  test.use({ files: { 'README.md': '# x\n' } });

  test('New spec without the agent creates the folder with .config.kiro and the description; the card starts in Requirements', async ({ ide, workspace }) => {
    const { page } = ide;
    await openBoard(page);
    await page.getByRole('button', { name: 'New spec' }).click();
    const dialog = page.getByRole('dialog', { name: 'New spec' });
    await dialog.getByRole('textbox', { name: 'Description' }).fill('Export invoices as PDF for accountants');
    await expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveValue('export-invoices-as-pdf-for');
    await dialog.getByRole('textbox', { name: 'Name' }).fill('invoice-pdf');
    await dialog.getByRole('checkbox', { name: /Let the agent write requirements\.md now/ }).uncheck();
    await page.screenshot({ path: test.info().outputPath('new-spec.png') });
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(column(page, 'Requirements').getByRole('listitem', { name: /^invoice-pdf,/ })).toBeVisible();
    // The card can show from the watcher's first event; the dialog closes once both files are written.
    await expect(dialog).toBeHidden();
    const config = JSON.parse(await workspace.readText('.kiro/specs/invoice-pdf/.config.kiro'));
    expect(config).toMatchObject({ workflowType: 'requirements-first', specType: 'feature' });
    expect((await sidecar(workspace, 'invoice-pdf')).description).toBe('Export invoices as PDF for accountants');
  });
});
