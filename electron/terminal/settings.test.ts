import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKGROUND_PATTERNS } from '../../shared/settings/terminal';
import { loadSettings, userSettingsFile } from '../settings/settings-service';
import { makeTempTree } from '../workspace/test-support';

describe('terminal settings', () => {
  it('defaults to the login shell, 5000 lines of scrollback and a 2-minute agent timeout', async () => {
    const data = await makeTempTree();
    const { terminal } = loadSettings(data, null).settings;
    expect(terminal).toMatchObject({ shell: '', args: [], scrollback: 5000, reattachBufferKb: 1024 });
    expect(terminal.agent).toMatchObject({ timeoutMs: 120_000, maxOutputChars: 16_000, backgroundPatterns: DEFAULT_BACKGROUND_PATTERNS });
  });

  it('a pattern that is not a regular expression is reported with its key, and the default patterns apply', async () => {
    const data = await makeTempTree();
    await writeFile(userSettingsFile(data), JSON.stringify({ terminal: { scrollback: 10, agent: { backgroundPatterns: ['ok', '(unclosed'], timeoutMs: 5000 } } }));
    const { settings, issues } = loadSettings(data, null);
    expect(issues.map((i) => i.key).sort()).toEqual(['terminal.agent.backgroundPatterns', 'terminal.scrollback']);
    expect(issues.find((i) => i.key === 'terminal.agent.backgroundPatterns')!.message).toContain("'(unclosed' is not a valid regular expression");
    expect(settings.terminal.agent.backgroundPatterns).toEqual(DEFAULT_BACKGROUND_PATTERNS);
    expect(settings.terminal.agent.timeoutMs).toBe(5000); // the rest of the section is kept
    expect(settings.terminal.scrollback).toBe(5000);
  });
});
