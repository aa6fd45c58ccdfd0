import { editorInput, editorText, expect, test } from './fixtures/ide';

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

test('opens a file from the tree and by quick open, edits it, saves with the keyboard: the disk has exactly the new bytes', async ({ ide, workspace }) => {
  const { page } = ide;
  const tree = page.getByRole('tree', { name: 'Files' });
  await expect(tree.getByRole('treeitem', { name: 'README.md' })).toBeVisible();

  // In the tree: expand src, open greet.ts.
  await tree.getByRole('treeitem', { name: 'src' }).click();
  await tree.getByRole('treeitem', { name: 'greet.ts' }).click();
  await expect(page.getByRole('tablist', { name: 'Open editors' }).getByRole('tab', { name: 'greet.ts' })).toHaveAttribute('aria-selected', 'true');

  // By quick open: math.ts, nested two levels down.
  await page.keyboard.press(`${mod}+P`);
  const quickOpen = page.getByRole('combobox', { name: 'Go to file' });
  await expect(quickOpen).toBeFocused();
  await quickOpen.fill('mth');
  await expect(page.getByRole('option', { name: 'src/util/math.ts' })).toBeVisible();
  await page.keyboard.press('Enter');
  const tab = page.getByRole('tab', { name: 'math.ts' });
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await expect.poll(() => editorText(page)).toContain('export const add');

  // Edit at the end of the file, then Ctrl/Cmd+S.
  await editorInput(page).focus();
  await page.keyboard.press(`${mod}+End`);
  await page.keyboard.type('export const twice = 2;');
  await expect(tab).toHaveAttribute('aria-description', /unsaved changes/);
  await page.keyboard.press(`${mod}+S`);
  await expect(tab).not.toHaveAttribute('aria-description', /unsaved/);
  expect(await workspace.readText('src/util/math.ts')).toBe('export const add = (a: number, b: number) => a + b;\nexport const twice = 2;');
  // The tree hides nothing it should show, and marks git-ignored entries.
  await expect(tree.getByRole('treeitem', { name: 'dist' })).toHaveAttribute('aria-description', 'ignored by .gitignore');
});

test('a clean file changed on disk reloads; a dirty one is flagged, and its text is kept', async ({ ide, workspace }) => {
  const { page } = ide;
  await page.getByRole('treeitem', { name: 'README.md' }).click();
  await expect.poll(() => editorText(page)).toContain('A workspace for end-to-end tests.');

  await workspace.write('README.md', '# Sample\n\nRewritten behind the editor.\n');
  await expect.poll(() => editorText(page)).toContain('Rewritten behind the editor.');
  const tab = page.getByRole('tab', { name: 'README.md' });
  await expect(tab).not.toHaveAttribute('aria-description', /unsaved/);

  // Now with unsaved edits: the disk change must not clobber them.
  await editorInput(page).focus();
  await page.keyboard.press(`${mod}+End`);
  await page.keyboard.type('Mine.');
  await workspace.write('README.md', 'Third version on disk.\n');
  await expect(page.getByText('This file changed on disk while you have unsaved changes.')).toBeVisible();
  expect(await editorText(page)).toContain('Mine.');
  await page.getByRole('button', { name: 'Keep mine' }).click();
  await expect.poll(() => workspace.readText('README.md')).toBe('# Sample\n\nRewritten behind the editor.\nMine.');
});

test('a dirty file deleted on disk stays open and can be saved again', async ({ ide, workspace }) => {
  const { page } = ide;
  await page.getByRole('treeitem', { name: 'package.json' }).click();
  await expect.poll(() => editorText(page)).toContain('"sample"');
  await editorInput(page).focus();
  await page.keyboard.press(`${mod}+End`);
  await page.keyboard.type('// kept');
  const { rm } = await import('node:fs/promises');
  await rm(workspace.path('package.json'));
  await expect(page.getByText('This file was deleted on disk.')).toBeVisible();
  await expect(page.getByRole('treeitem', { name: 'package.json' })).toHaveCount(0);
  await page.keyboard.press(`${mod}+S`);
  await expect.poll(() => workspace.readText('package.json').catch(() => null)).toBe('{\n  "name": "sample",\n  "version": "1.0.0"\n}\n// kept');
  await expect(page.getByRole('treeitem', { name: 'package.json' })).toBeVisible();
});

test('the command palette lists commands with their shortcuts and runs them', async ({ ide }) => {
  const { page } = ide;
  await expect(page.getByRole('tree', { name: 'Files' })).toBeVisible();
  await page.keyboard.press(`${mod}+Shift+P`);
  const palette = page.getByRole('combobox', { name: 'Command palette' });
  await expect(palette).toBeFocused();
  await expect(page.getByRole('option', { name: /^File: Open Folder… \((Ctrl\+O|⌘O)\)$/ })).toBeVisible();
  // Commands that need an open editor are not offered without one.
  await expect(page.getByRole('option', { name: /^File: Save \(/ })).toHaveCount(0);
  await palette.fill('toggle panel');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tabpanel', { name: 'Problems' })).toBeVisible();
});

test('the Autopilot switch persists per workspace across reloads', async ({ ide }) => {
  const { page } = ide;
  const toggle = page.getByRole('switch', { name: 'Autopilot' });
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await page.reload();
  await expect(page.getByRole('switch', { name: 'Autopilot' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByRole('contentinfo', { name: 'Status bar' })).toContainText('Autopilot');
});

test('files are created, renamed and deleted from the explorer; a rename onto an existing name is refused with a clear message', async ({ ide, workspace }) => {
  const { page } = ide;
  const tree = page.getByRole('tree', { name: 'Files' });
  await page.getByRole('button', { name: 'New File' }).click();
  await page.getByRole('textbox', { name: 'File name' }).fill('notes.md');
  await page.keyboard.press('Enter');
  await expect(tree.getByRole('treeitem', { name: 'notes.md' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'notes.md' })).toBeVisible();
  expect(await workspace.readText('notes.md')).toBe('');

  await tree.getByRole('treeitem', { name: 'notes.md' }).click();
  await page.keyboard.press('F2');
  await page.getByRole('textbox', { name: 'File name' }).fill('README.md');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: "'README.md' already exists" })).toBeVisible();
  expect(await workspace.readText('README.md')).toBe('# Sample\n\nA workspace for end-to-end tests.\n');

  await tree.getByRole('treeitem', { name: 'notes.md' }).click({ button: 'right' });
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(tree.getByRole('treeitem', { name: 'notes.md' })).toHaveCount(0);
  await expect(workspace.read('notes.md')).rejects.toThrow();
});
