import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { sampleFiles } from './fixtures/workspace';
import { editorInput, editorText, expect, test } from './fixtures/ide';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

test.use({ files: { ...sampleFiles, 'docs/old-notes.md': '# Old notes\n\nTo be deleted.\n' } });

/** Every file under the workspace with its bytes (the user's .git excluded): what "exactly" is checked against. */
function diskFiles(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(root, rel)).sort()) {
      const childRel = rel ? `${rel}/${name}` : name;
      if (statSync(path.join(root, childRel)).isDirectory()) walk(childRel);
      else out[childRel] = readFileSync(path.join(root, childRel)).toString('base64');
    }
  };
  walk('');
  return out;
}

async function editAndSave(page: Page, file: string, text: string) {
  await page.getByRole('tree', { name: 'Files' }).getByRole('treeitem', { name: file }).click();
  await expect(page.getByRole('tab', { name: file })).toHaveAttribute('aria-selected', 'true');
  await editorInput(page).focus();
  await page.keyboard.press(`${mod}+End`);
  await page.keyboard.type(text);
  await page.keyboard.press(`${mod}+S`);
  await expect(page.getByRole('tab', { name: file })).not.toHaveAttribute('aria-description', /unsaved/);
}

test('edits, a new file and a deletion are checkpointed; Revert to checkpoint puts the disk back exactly, Undo revert brings the later state back, View all changes lists the four files', async ({ ide, workspace }, testInfo) => {
  const { page } = ide;
  const original = diskFiles(workspace.dir);
  const tree = page.getByRole('tree', { name: 'Files' });
  await expect(tree.getByRole('treeitem', { name: 'README.md' })).toBeVisible();

  await page.getByRole('button', { name: 'Checkpoints' }).click();
  const timeline = page.getByRole('list', { name: 'Checkpoints' });
  await expect(timeline.getByRole('listitem', { name: /^Session start/ })).toBeVisible();

  // Two edits saved from the editor, a new file, a deleted one.
  await page.getByRole('button', { name: 'Explorer' }).click();
  await tree.getByRole('treeitem', { name: 'src' }).click();
  await editAndSave(page, 'greet.ts', '\nexport const version = 2;\n');
  await editAndSave(page, 'README.md', '\nEdited in the editor.\n');
  await page.getByRole('button', { name: 'New File' }).click();
  await page.getByRole('textbox', { name: 'File name' }).fill('notes.md');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'notes.md' })).toHaveAttribute('aria-selected', 'true');
  await editorInput(page).focus();
  await page.keyboard.type('A brand new file.');
  await page.keyboard.press(`${mod}+S`);
  await expect.poll(() => workspace.readText('notes.md').catch(() => null)).toBe('A brand new file.');
  await tree.getByRole('treeitem', { name: 'docs' }).click();
  await tree.getByRole('treeitem', { name: 'old-notes.md' }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(tree.getByRole('treeitem', { name: 'old-notes.md' })).toHaveCount(0);
  const edited = diskFiles(workspace.dir);

  // The timeline shows what the saves made, with what made them (quick saves share one checkpoint).
  await page.getByRole('button', { name: 'Checkpoints' }).click();
  // (A burst of up to three files is named file by file; a larger one is counted.)
  await expect(timeline.getByRole('listitem').first()).toHaveAccessibleName(/deleted (old-notes\.md|1), .*, Editor save, /i);
  await expect(timeline.getByRole('listitem', { name: /(greet\.ts|Saved \d+ files).*, Editor save, / }).first()).toBeVisible();

  // View all changes: the four files, each with its diff.
  await page.getByRole('button', { name: 'View all changes' }).click();
  const changes = page.getByRole('region', { name: /^Changes/ });
  await expect(changes).toBeVisible();
  const files = changes.getByRole('list', { name: 'Changed files' }).getByRole('button');
  await expect(files).toHaveCount(4);
  await expect(files).toHaveText([/^M\s*README\.md/, /^D\s*old-notes\.md\s*docs\s*\+0 −3/, /^A\s*notes\.md\s*\+1 −0/, /^M\s*greet\.ts\s*src/]);
  await files.filter({ hasText: 'greet.ts' }).click();
  await expect(changes.locator('.changes-monaco .modified .view-lines')).toContainText('export const version = 2;');
  await expect(changes.locator('.changes-monaco .original .view-lines')).not.toContainText('version');
  await page.screenshot({ path: testInfo.outputPath('checkpoints-diff.png') });

  // Revert to the first checkpoint: a confirmation that names the count, then the disk is back exactly.
  await timeline.getByRole('listitem', { name: /^Session start/ }).getByRole('button', { name: 'Revert to checkpoint' }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('4 files will change');
  await page.screenshot({ path: testInfo.outputPath('checkpoints-confirm.png') });
  await confirm.getByRole('button', { name: 'Revert 4 files' }).click();
  await expect.poll(() => diskFiles(workspace.dir)).toEqual(original);
  expect(await workspace.readText('dist/bundle.js')).toBe('console.log(1);\n'); // ignored: untouched
  // Open editors follow: a reverted file reloads, a removed one says so and keeps its text.
  await expect(page.getByText('This file was deleted on disk.')).toBeVisible();
  await page.getByRole('tab', { name: 'greet.ts' }).click();
  await expect.poll(() => editorText(page)).not.toContain('version = 2');
  await page.screenshot({ path: testInfo.outputPath('checkpoints-timeline.png') });

  // Undo revert: the later state again.
  await page.getByRole('button', { name: 'Undo revert' }).click();
  await page.getByRole('dialog').getByRole('button', { name: /^Undo revert/ }).click();
  await expect.poll(() => diskFiles(workspace.dir)).toEqual(edited);
  await expect(page.getByRole('button', { name: 'Undo revert' })).toHaveCount(0);
});

test('the timeline is usable from the keyboard, and a manual checkpoint comes from the command palette', async ({ ide, workspace }, testInfo) => {
  const { page } = ide;
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible();
  // The session's first checkpoint is taken as the folder opens; a file written after it is a change.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Checkpoints' }).click();
  await expect(page.getByRole('list', { name: 'Checkpoints' }).getByRole('listitem', { name: /^Session start/ })).toBeVisible();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Explorer' }).click();
  await workspace.write('from-terminal.txt', 'made outside the editor\n');
  await page.keyboard.press(`${mod}+Shift+P`);
  await page.getByRole('combobox', { name: 'Command palette' }).fill('create checkpoint');
  await page.keyboard.press('Enter');
  await page.getByRole('textbox', { name: 'Label (optional)' }).fill('Before the refactor');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Checkpoint “Before the refactor” created (1 file changed).' })).toBeVisible();

  await page.keyboard.press(`${mod}+Shift+P`);
  await page.getByRole('combobox', { name: 'Command palette' }).fill('show checkpoints');
  await page.keyboard.press('Enter');
  const timeline = page.getByRole('list', { name: 'Checkpoints' });
  const manual = timeline.getByRole('listitem', { name: /^Before the refactor, .*Manual, 1 file changed/ });
  await expect(manual).toBeVisible();

  // Up/Down move between checkpoints; Enter shows the files; their diff opens from there.
  await manual.getByRole('button', { name: 'Before the refactor' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(timeline.getByRole('listitem', { name: /^Session start/ }).getByRole('button', { name: 'Session start' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(manual.getByRole('button', { name: 'Before the refactor' })).toHaveAttribute('aria-expanded', 'true');
  await page.screenshot({ path: testInfo.outputPath('checkpoints-expanded.png') });
  await page.keyboard.press('Tab');
  await expect(manual.getByRole('button', { name: 'Revert to checkpoint' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Changes in “Before the refactor”' })).toBeVisible();

  // Revert from the keyboard, cancelled with Escape: nothing changes.
  await manual.getByRole('button', { name: 'Revert to checkpoint' }).focus();
  await timeline.getByRole('listitem', { name: /^Session start/ }).getByRole('button', { name: 'Revert to checkpoint' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toContainText('1 file will change');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  expect(await workspace.readText('from-terminal.txt')).toBe('made outside the editor\n');
});
