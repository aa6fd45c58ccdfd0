import { expect, test } from './fixtures/ide';
import { openSettings } from './fixtures/settings';

// The Settings screen as a person sees it, in both themes: the section list takes you to
// each section, and the pictures (in the test's output folder) are what the README shows.

for (const theme of ['light', 'dark'] as const) {
  test(`the Settings screen in the ${theme} theme: every section is reachable from the list`, async ({ ide }, testInfo) => {
    const { page } = ide;
    const settings = await openSettings(page);
    await settings.getByRole('combobox', { name: 'General › Color Theme' }).selectOption(theme);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.getByRole('button', { name: 'Toggle Secondary Side Bar' }).click();
    await page.screenshot({ path: testInfo.outputPath(`settings-${theme}-general.png`) });
    const sections = settings.getByRole('navigation', { name: 'Settings sections' }).getByRole('button');
    const names = await sections.allTextContents();
    expect(names).toEqual(['General', 'Agent', 'API Keys', 'Policy', 'MCP', 'Specs', 'Terminal', 'Checkpoints', 'Hooks', 'Keyboard Shortcuts']);
    for (const name of names) {
      await sections.filter({ hasText: new RegExp(`^${name}$`) }).click();
      const heading = settings.getByRole('heading', { name, exact: true, level: 2 });
      await expect(heading).toBeInViewport();
      await page.screenshot({ path: testInfo.outputPath(`settings-${theme}-${name.toLowerCase().replace(/\s+/g, '-')}.png`) });
    }
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('approved variables');
    await expect(settings.getByText('None of this workspace’s MCP servers uses a ${VAR}.')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath(`settings-${theme}-mcp-variables.png`) });
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('concurrency');
    await expect(settings.getByRole('heading', { level: 2 })).toHaveText(['Specs', 'Hooks']);
    await page.screenshot({ path: testInfo.outputPath(`settings-${theme}-search.png`) });
    await settings.getByRole('searchbox', { name: 'Search settings' }).fill('');
    await settings.getByRole('button', { name: 'Edit as JSON' }).click();
    await expect(settings.getByRole('textbox', { name: 'User settings (JSON)' })).toBeAttached();
    await expect(settings.locator('.settings-json-editor .view-lines')).toContainText(`"theme": "${theme}"`);
    // Monaco's theme follows the workbench's even with no file editor on screen.
    await expect(settings.locator('.settings-json-editor .monaco-editor')).toHaveClass(theme === 'dark' ? /\bvs-dark\b/ : /\bvs\b/);
    await page.screenshot({ path: testInfo.outputPath(`settings-${theme}-json.png`) });
  });
}
