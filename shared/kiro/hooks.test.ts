import { describe, expect, it } from 'vitest';
import { hookMatchesFile, hookMatchesTool, parseHookFile, setHookEnabled } from './hooks';

const OLD = `{
  "enabled": true,
  "name": "Lint on save",
  "description": "Checks types",
  "version": "1",
  "when": {
    "type": "fileEdited",
    "patterns": ["src/**/*.ts"]
  },
  "then": {
    "type": "runCommand",
    "command": "npm run lint",
    "timeout": 30
  }
}`;

const V1 = `{"version": "v1", "hooks": [
  {"name": "lint", "trigger": "PostFileSave", "matcher": "\\\\.ts$", "action": {"type": "command", "command": "npm run lint"}, "timeout": 30, "enabled": true},
  {"name": "guard", "trigger": "PreToolUse", "matcher": "write_file|shell", "action": {"type": "agent", "prompt": "Check it"}},
  {"name": "bad", "trigger": "OnCommit", "action": {"type": "command", "command": "x"}}
]}`;

describe('parseHookFile', () => {
  it('normalises the older .kiro.hook format', () => {
    const f = parseHookFile(OLD, '.kiro/hooks/lint.kiro.hook');
    expect(f.format).toBe('kiro-hook');
    expect(f.diagnostics).toEqual([]);
    expect(f.hooks).toEqual([
      {
        id: '.kiro/hooks/lint.kiro.hook#0',
        name: 'Lint on save',
        description: 'Checks types',
        format: 'kiro-hook',
        trigger: 'fileEdited',
        rawTrigger: 'fileEdited',
        patterns: ['src/**/*.ts'],
        matcher: null,
        toolTypes: [],
        action: { type: 'runCommand', command: 'npm run lint' },
        timeoutSeconds: 30,
        enabled: true,
        blockable: false,
        source: { file: '.kiro/hooks/lint.kiro.hook', index: 0 },
      },
    ]);
  });

  it('normalises the newer v1 JSON format and lists the hook with an unknown trigger', () => {
    const f = parseHookFile(V1, 'hooks.json');
    expect(f.format).toBe('v1-json');
    expect(f.hooks.map((h) => [h.name, h.trigger, h.matcher, h.action.type, h.timeoutSeconds, h.enabled, h.blockable])).toEqual([
      ['lint', 'fileEdited', '\\.ts$', 'runCommand', 30, true, false],
      ['guard', 'preToolUse', 'write_file|shell', 'askAgent', 60, true, true],
    ]);
    expect(f.invalid).toEqual([{ index: 2, name: 'bad', reason: expect.stringMatching(/Unknown trigger "OnCommit"/) }]);
    expect(f.diagnostics.map((d) => [d.code, d.line])).toEqual([['hook.unknown-trigger', 4]]);
  });

  it.each([
    ['manual', 'userTriggered'],
    ['fileEdit', 'fileEdited'],
    ['agentEnd', 'agentStop'],
    ['beforeCommit', 'preToolUse with toolTypes ["shell"]'],
    ['promptSubmitted', 'promptSubmit'],
  ])('explains the invalid trigger "%s" (did you mean %s?)', (raw, hint) => {
    const f = parseHookFile(JSON.stringify({ name: 'x', when: { type: raw }, then: { type: 'askAgent', prompt: 'p' } }), 'x.kiro.hook');
    expect(f.hooks).toEqual([]);
    expect(f.invalid[0]!.reason).toContain(`did you mean ${hint}`);
    expect(f.diagnostics[0]).toMatchObject({ severity: 'error', code: 'hook.unknown-trigger', line: 1 });
  });

  it('reads hand-edited files: raw newlines in strings, CRLF, BOM, trailing commas', () => {
    const raw = '\uFEFF{\r\n  "name": "Review",\r\n  "when": {"type": "agentStop"},\r\n  "then": {"type": "askAgent", "prompt": "Line one\r\nLine two\ttabbed"},\r\n}\r\n';
    const f = parseHookFile(raw, 'r.kiro.hook');
    expect(f.hooks[0]!.action).toEqual({ type: 'askAgent', prompt: 'Line one\r\nLine two\ttabbed' });
    expect(f.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['json.raw-newline', 'info', 4],
      ['json.trailing-comma', 'info', 5],
    ]);
  });

  it.each([
    ['an empty file', '', 'json.empty'],
    ['whitespace', ' \r\n ', 'json.empty'],
    ['binary garbage', '\u0000\u0001\u0002\u0003', 'file.binary'],
    ['truncated JSON', '{"name": "x", "when": {"type": "fileEdited", "patt', 'json.syntax'],
    ['another tool’s shape', '{"name": "Auto", "event": "onFileSave", "filePattern": "src/**", "prompt": "hi"}', 'hook.not-kiro'],
    ['an array', '[1, 2]', 'hook.not-kiro'],
    ['a hook without then', '{"when": {"type": "promptSubmit"}}', 'hook.then'],
    ['a command without command', '{"when": {"type": "agentStop"}, "then": {"type": "runCommand"}}', 'hook.command'],
    ['an unknown action', '{"when": {"type": "agentStop"}, "then": {"type": "sendEmail"}}', 'hook.action-type'],
    ['a bad matcher', '{"version": "v1", "hooks": [{"trigger": "PreToolUse", "matcher": "([", "action": {"type": "command", "command": "x"}}]}', 'hook.matcher'],
  ])('lists %s with a diagnostic and no hook', (_what, text, code) => {
    const f = parseHookFile(text, 'f.kiro.hook');
    expect(f.hooks).toEqual([]);
    expect(f.invalid.length).toBeGreaterThan(0);
    expect(f.diagnostics.map((d) => d.code)).toContain(code);
  });

  it('warns when a file trigger has no patterns or a tool trigger no toolTypes', () => {
    const a = parseHookFile('{"when": {"type": "fileEdited"}, "then": {"type": "askAgent", "prompt": "p"}}', 'a.kiro.hook');
    expect(a.diagnostics.map((d) => d.code)).toEqual(['hook.no-patterns']);
    const b = parseHookFile('{"when": {"type": "preToolUse", "toolTypes": ["write", "@mcp", "bogus("]}, "then": {"type": "askAgent", "prompt": "p"}}', 'b.kiro.hook');
    expect(b.hooks[0]!.toolTypes).toEqual(['write', '@mcp', 'bogus(']);
    expect(b.diagnostics.map((d) => d.code)).toEqual(['hook.tool-type']);
  });
});

describe('setHookEnabled', () => {
  const diffCount = (a: string, b: string) => {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    let j = 0;
    while (j < a.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
    return { prefix: i, suffix: j, removed: a.slice(i, a.length - j), added: b.slice(i, b.length - j) };
  };

  it('changes only the flag of a .kiro.hook file', () => {
    const next = setHookEnabled(OLD, 0, false);
    expect(diffCount(OLD, next)).toMatchObject({ removed: 'tru', added: 'fals' });
    expect(parseHookFile(next, 'x.kiro.hook').hooks[0]!.enabled).toBe(false);
    expect(setHookEnabled(next, 0, true)).toBe(OLD);
    expect(setHookEnabled(OLD, 0, true)).toBe(OLD);
  });

  it('adds "enabled": false in the file’s own layout when the flag is absent, and keeps raw newlines, CRLF and BOM', () => {
    const raw = '\uFEFF{\r\n  "name": "Review",\r\n  "when": {"type": "agentStop"},\r\n  "then": {"type": "askAgent", "prompt": "a\r\nb"}\r\n}\r\n';
    const next = setHookEnabled(raw, 0, false);
    expect(next).toBe(raw.replace('"prompt": "a\r\nb"}\r\n}', '"prompt": "a\r\nb"},\r\n  "enabled": false\r\n}'));
    expect(parseHookFile(next, 'x').hooks[0]!.enabled).toBe(false);
    expect(setHookEnabled(raw, 0, true)).toBe(raw);
  });

  it('switches one hook of a v1 file by index', () => {
    const next = setHookEnabled(V1, 0, false);
    expect(diffCount(V1, next)).toMatchObject({ removed: 'tru', added: 'fals' });
    const added = setHookEnabled(V1, 1, false);
    expect(diffCount(V1, added).removed).toBe('');
    expect(parseHookFile(added, 'x.json').hooks.map((h) => h.enabled)).toEqual([true, false]);
    expect(() => setHookEnabled(V1, 7, false)).toThrow(/no hook 8/);
    expect(() => setHookEnabled('{"when": ', 0, false)).toThrow(/not valid JSON/);
  });
});

describe('matching events to hooks', () => {
  const one = (text: string) => parseHookFile(text, 'h').hooks[0]!;
  it('matches file events by glob (base-name globs anywhere) or by the v1 matcher', () => {
    const h = one('{"when": {"type": "fileEdited", "patterns": ["src/**/*.ts", "*.md", "./docs/*.txt"]}, "then": {"type": "askAgent", "prompt": "p"}}');
    expect(['src/a/b.ts', 'README.md', 'pkg/CHANGELOG.md', 'docs/a.txt', 'lib/a.ts', 'docs/x/a.txt'].map((p) => hookMatchesFile(h, p))).toEqual([true, true, true, true, false, false]);
    const v1 = parseHookFile('{"version": "v1", "hooks": [{"trigger": "PostFileSave", "matcher": "\\\\.py$", "action": {"type": "command", "command": "ruff"}}]}', 'h.json').hooks[0]!;
    expect([hookMatchesFile(v1, 'a/b.py'), hookMatchesFile(v1, 'a/b.ts')]).toEqual([true, false]);
  });
  it('matches tool calls by category, @name, or regular expression', () => {
    const h = one('{"when": {"type": "preToolUse", "toolTypes": ["shell", "@mcp.github", "^delete_"]}, "then": {"type": "askAgent", "prompt": "p"}}');
    expect([
      hookMatchesTool(h, { name: 'run_command', category: 'shell' }),
      hookMatchesTool(h, { name: 'write_file', category: 'write' }),
      hookMatchesTool(h, { name: 'mcp__github__create_issue', category: 'mcp' }),
      hookMatchesTool(h, { name: 'mcp__jira__create_issue', category: 'mcp' }),
      hookMatchesTool(h, { name: 'delete_file', category: 'write' }),
    ]).toEqual([true, false, true, false, true]);
    const any = one('{"when": {"type": "postToolUse", "toolTypes": ["*"]}, "then": {"type": "askAgent", "prompt": "p"}}');
    expect(hookMatchesTool(any, { name: 'read_file', category: 'read' })).toBe(true);
  });
});
