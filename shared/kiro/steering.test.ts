import { describe, expect, it } from 'vitest';
import { decideInclusion, extractMentions, parseSteering, splitPatterns, type SteeringContext } from './steering';

const FILES: Record<string, string> = {
  'tech.md': '# Tech\n\nUse TypeScript.\n',
  'always.md': '---\ninclusion: always\n---\n\n# Always\n',
  'api.md': "---\ninclusion: fileMatch\nfileMatchPattern: 'src/api/**/*'\n---\n# API\n",
  'comma.md': '---\ninclusion: fileMatch\nfileMatchPattern: "**/*.kt,**/*.java,**/android/**"\n---\n# Android\n',
  'braces.md': '---\ninclusion: fileMatch\nfileMatchPattern: "**/*.{ts,tsx}"\n---\n# Web\n',
  'list.md': '---\ninclusion: fileMatch\nfileMatchPattern: ["**/*.test.*", "**/*.spec.*"]\n---\n# Tests\n',
  'yamllist.md': '---\ninclusion: fileMatch\nfileMatchPattern:\n  - "docs/**"\n  - "*.md"\n---\n# Docs\n',
  'manual.md': '---\ninclusion: manual\n---\n# Troubleshooting\n',
  'auto.md': '---\ninclusion: auto\nname: branch-strategy\ndescription: Git branching strategy, pull requests, merge rules and release tags.\n---\n# Branches\n',
  'auto-ja.md': '---\ninclusion: auto\nname: production-safety\ndescription: 本番環境での破壊的操作の安全ルール。デプロイ、データベース書き込みに関する会話で適用。\n---\n# 本番\n',
  'dup.md': '---\ninclusion: manual\n---\n\n---\n\n## inclusion: always\n\n# Mangled copy\n',
  'dupkey.md': '---\ninclusion: always\ninclusion: manual\n---\n# Dup key\n',
  'late.md': '# Title\ninclusion: manual\n\nBody.\n',
  'nomatch.md': '---\ninclusion: fileMatch\n---\n# No pattern\n',
};

const doc = (name: string) => parseSteering(FILES[name]!, name);

describe('parseSteering', () => {
  it('reads modes, patterns (string, comma-separated, braces, YAML lists) and names', () => {
    expect(doc('tech.md')).toMatchObject({ name: 'tech', inclusion: 'always', frontMatter: null, title: 'Tech' });
    expect(doc('api.md')).toMatchObject({ inclusion: 'fileMatch', patterns: ['src/api/**/*'] });
    expect(doc('comma.md').patterns).toEqual(['**/*.kt', '**/*.java', '**/android/**']);
    expect(doc('comma.md').diagnostics.map((d) => d.code)).toEqual(['steering.comma-patterns']);
    expect(doc('braces.md').patterns).toEqual(['**/*.{ts,tsx}']);
    expect(doc('braces.md').diagnostics).toEqual([]);
    expect(doc('list.md').patterns).toEqual(['**/*.test.*', '**/*.spec.*']);
    expect(doc('yamllist.md').patterns).toEqual(['docs/**', '*.md']);
    expect(doc('auto.md')).toMatchObject({ inclusion: 'auto', aliases: ['auto', 'branch-strategy'], description: expect.stringContaining('Git branching') });
    expect(doc('auto.md').body).toBe('# Branches\n');
    expect(doc('auto.md').bodyLine).toBe(6);
  });

  it('diagnoses duplicated front matter, duplicate keys, front matter not at the top and missing patterns', () => {
    const dup = doc('dup.md');
    expect(dup.inclusion).toBe('manual');
    expect(dup.diagnostics.map((d) => [d.code, d.line])).toEqual([['steering.duplicate-front-matter', 5]]);
    const dk = doc('dupkey.md');
    expect(dk.inclusion).toBe('manual');
    expect(dk.diagnostics.map((d) => [d.code, d.severity])).toEqual([['steering.duplicate-key', 'warning']]);
    expect(doc('late.md').diagnostics.map((d) => [d.code, d.line])).toEqual([['steering.front-matter-not-at-top', 2]]);
    expect(doc('nomatch.md').diagnostics.map((d) => d.code)).toEqual(['steering.no-pattern']);
  });

  it.each([
    ['an empty file', '', 'steering.empty'],
    ['binary garbage', '\u0000\u0001\u0002PK\u0003\u0004', 'file.binary'],
    ['unclosed front matter', '---\ninclusion: manual\n# Oops', 'steering.front-matter-unclosed'],
    ['broken YAML', '---\ninclusion: [always\n---\nBody', 'steering.front-matter-yaml'],
    ['an unknown mode', '---\ninclusion: sometimes\n---\nBody', 'steering.unknown-inclusion'],
    ['a bad include', 'See #[[pint.json]] for rules.', 'steering.include-syntax'],
  ])('%s → %s (and no exception)', (_what, text, code) => {
    expect(parseSteering(text, 'x.md').diagnostics.map((d) => d.code)).toContain(code);
  });

  it('reads front matter with CRLF and a BOM, and #[[file:]] includes with positions', () => {
    const d = parseSteering('\uFEFF---\r\ninclusion: fileMatch\r\nfileMatchPattern: "src/**"\r\n---\r\nSee #[[file:docs/api.md]] and #[[file: schema.sql ]].\r\n', 'x.md');
    expect(d).toMatchObject({ inclusion: 'fileMatch', patterns: ['src/**'], bodyLine: 5 });
    expect(d.includes).toEqual([
      { path: 'docs/api.md', raw: '#[[file:docs/api.md]]', line: 5, column: 5, endColumn: 26 },
      { path: 'schema.sql', raw: '#[[file: schema.sql ]]', line: 5, column: 31, endColumn: 53 },
    ]);
  });

  it('splits comma lists at top level only', () => {
    expect(splitPatterns('a/**, b/*.{js,ts} ,c')).toEqual(['a/**', 'b/*.{js,ts}', 'c']);
  });
});

describe('inclusion decisions', () => {
  const table: [string, SteeringContext, boolean, string][] = [
    ['tech.md', {}, true, 'always'],
    ['always.md', { text: 'anything' }, true, 'always'],
    ['api.md', { files: ['src/api/x.ts'] }, true, 'matched src/api/x.ts'],
    ['api.md', { files: ['src/web/x.ts'] }, false, 'no file in context matches src/api/**/*'],
    ['api.md', { text: 'look at #api please' }, true, '#api'],
    ['comma.md', { files: ['app/src/Main.kt'] }, true, 'matched app/src/Main.kt'],
    ['comma.md', { files: ['mobile/android/build.txt'] }, true, 'matched mobile/android/build.txt'],
    ['comma.md', { files: ['src/main.swift'] }, false, 'no file in context matches **/*.kt, **/*.java, **/android/**'],
    ['braces.md', { files: ['web/App.tsx'] }, true, 'matched web/App.tsx'],
    ['braces.md', { files: ['web/App.jsx'] }, false, 'no file in context matches **/*.{ts,tsx}'],
    ['list.md', { files: ['src/a.ts', 'src/a.spec.ts'] }, true, 'matched src/a.spec.ts'],
    ['yamllist.md', { files: ['README.md'] }, true, 'matched README.md'],
    ['yamllist.md', { files: ['packages/x/CHANGELOG.md'] }, true, 'matched packages/x/CHANGELOG.md'],
    ['yamllist.md', { files: ['docs/guide/intro.txt'] }, true, 'matched docs/guide/intro.txt'],
    ['manual.md', { text: 'why does the build fail?' }, false, 'manual: not referenced (#manual)'],
    ['manual.md', { text: 'use #manual for this' }, true, '#manual'],
    ['manual.md', { mentions: ['manual'] }, true, '#manual'],
    ['auto.md', { text: 'How should I name my branch before opening the pull request?' }, true, 'auto: branch, pull, request'],
    ['auto.md', { text: 'Fix the CSS of the header' }, false, 'auto: the request does not match its description'],
    ['auto.md', { text: 'follow branch-strategy here' }, true, 'auto: branch-strategy'],
    ['auto.md', { text: 'see #branch-strategy' }, true, '#branch-strategy'],
    ['auto-ja.md', { text: '本番環境にデプロイする前に確認して' }, true, 'auto: 本番環境, デプロイ'],
    ['dup.md', { text: 'anything' }, false, 'manual: not referenced (#dup)'],
    ['nomatch.md', { files: ['a.ts'] }, false, 'fileMatch without a pattern'],
  ];
  it.each(table)('%s with %j → %s (%s)', (name, ctx, included, why) => {
    const d = decideInclusion(doc(name), ctx);
    expect(d.included).toBe(included);
    expect(d.why).toBe(why);
  });

  it('reads #name mentions but not #spec:, #file: or #[[…]]', () => {
    expect(extractMentions('use #api and #spec:auth and #file:x.ts and #[[file:a]] and #tech.md, #12')).toEqual(['api', 'tech']);
  });
});
