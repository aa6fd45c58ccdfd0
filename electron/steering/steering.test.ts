import { readdirSync } from 'node:fs';
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kiroCorpusDir, NO_CORPUS_REASON } from '../../e2e/fixtures/reference';
import { userKiroDir } from '../kiro/home';
import { makeTempTree } from '../workspace/test-support';
import { loadSteering, SteeringLoader } from './loader';
import { resolveSteering } from './resolve';

const corpus = kiroCorpusDir();
if (!corpus) console.warn(`Skipping the steering corpus tests: ${NO_CORPUS_REASON}`);

describe('userKiroDir', () => {
  it('is injectable, so tests never read the real home', () => {
    expect(userKiroDir({ SPECWRIGHT_HOME_KIRO: '/tmp/fake-home/.kiro' })).toBe('/tmp/fake-home/.kiro');
    expect(userKiroDir({ SPECWRIGHT_HOME_KIRO: '' })).toBeNull();
    expect(userKiroDir({})).toMatch(/\.kiro$/);
  });
});

describe('steering loader and resolution', () => {
  async function workspace() {
    const root = await makeTempTree({
      'AGENTS.md': '# Agents\nBe brief.\n',
      '.kiro/steering/tech.md': '# Tech\nTypeScript everywhere.\n',
      '.kiro/steering/api.md': '---\ninclusion: fileMatch\nfileMatchPattern: "src/api/**,**/*.sql"\n---\nAPI rules. Schema: #[[file:db/schema.sql]]\n',
      '.kiro/steering/frontend/react.md': '---\ninclusion: fileMatch\nfileMatchPattern: ["**/*.tsx"]\n---\nHooks rules.\n',
      '.kiro/steering/troubleshooting.md': '---\ninclusion: manual\n---\nCheck the logs.\n',
      '.kiro/steering/git.md': '---\ninclusion: auto\ndescription: Git branching, commits and pull requests\n---\nRebase, do not merge.\n',
      '.kiro/steering/escape.md': '---\ninclusion: manual\n---\nSecrets: #[[file:../outside.txt]] and #[[file:/etc/passwd]] and #[[file:link/secret.txt]] and #[[file:missing.md]]\n',
      'db/schema.sql': 'CREATE TABLE users (id int);\n',
    });
    const home = await makeTempTree({
      'steering/tech.md': '# User tech\nShould be shadowed.\n',
      'steering/personal.md': '# Personal\nAlways answer in English.\n',
    });
    return { root, home };
  }

  it('loads workspace, user and AGENTS.md steering; the workspace wins on name conflicts', async () => {
    const { root, home } = await workspace();
    const set = await loadSteering({ root, userKiroDir: home });
    expect(set.files.map((f) => [f.scope, f.display, f.doc.inclusion])).toEqual([
      ['agents', 'AGENTS.md', 'always'],
      ['workspace', '.kiro/steering/api.md', 'fileMatch'],
      ['workspace', '.kiro/steering/escape.md', 'manual'],
      ['workspace', '.kiro/steering/frontend/react.md', 'fileMatch'],
      ['workspace', '.kiro/steering/git.md', 'auto'],
      ['workspace', '.kiro/steering/tech.md', 'always'],
      ['workspace', '.kiro/steering/troubleshooting.md', 'manual'],
      ['user', '~/.kiro/steering/personal.md', 'always'],
    ]);
    expect(set.shadowed.map((s) => [s.file.display, s.by])).toEqual([['~/.kiro/steering/tech.md', '.kiro/steering/tech.md']]);
    const none = await loadSteering({ root, userKiroDir: null });
    expect(none.files.some((f) => f.scope === 'user')).toBe(false);
  });

  it('says which files a request used and why', async () => {
    const { root, home } = await workspace();
    const set = await loadSteering({ root, userKiroDir: home });
    const r = await resolveSteering(set, { files: ['src/api/users.ts', 'web/App.tsx'], text: 'Open a pull request for the branch, see #troubleshooting' });
    expect(r.summary).toBe(
      'Steering: AGENTS.md (always), api.md (matched src/api/users.ts), react.md (matched web/App.tsx), git.md (auto: branch, pull, request), tech.md (always), troubleshooting.md (#troubleshooting), personal.md (always)',
    );
    expect(r.excluded.map((e) => [e.file, e.why])).toEqual([['.kiro/steering/escape.md', 'manual: not referenced (#escape)']]);
    const names = (text: string, files: string[] = []) => resolveSteering(set, { text, files }).then((x) => x.included.map((i) => i.name));
    expect(await names('fix the CSS')).toEqual(['AGENTS', 'tech', 'personal']);
    expect(await names('', ['db/migrations/001.sql'])).toContain('api');
    expect(await names('use #frontend/react')).toContain('frontend/react');
    expect(await names('use #react')).toContain('frontend/react');
  });

  it('resolves #[[file:…]] includes live, confined to the workspace', async () => {
    const { root, home } = await workspace();
    await writeFile(path.join(path.dirname(root), 'outside.txt'), 'TOP SECRET');
    await mkdir(path.join(root, 'link'));
    await symlink(path.dirname(root), path.join(root, 'link', 'up'));
    await symlink(path.join(path.dirname(root), 'outside.txt'), path.join(root, 'link', 'secret.txt'));
    const loader = new SteeringLoader({ root, userKiroDir: home });
    const first = await resolveSteering(await loader.refresh(), { files: ['src/api/a.ts'], text: '#escape' });
    const api = first.included.find((i) => i.name === 'api')!;
    expect(api.content).toBe('API rules. Schema: CREATE TABLE users (id int);\n\n');
    expect(api.includes).toEqual([{ path: 'db/schema.sql', line: 5, ok: true, bytes: 29, note: null }]);
    const esc = first.included.find((i) => i.name === 'escape')!;
    expect(esc.content).not.toContain('TOP SECRET');
    expect(esc.includes.map((i) => [i.path, i.ok, i.note])).toEqual([
      ['../outside.txt', false, 'refused: it points outside the workspace.'],
      ['/etc/passwd', false, 'refused: absolute paths are not allowed; use a path relative to the workspace.'],
      ['link/secret.txt', false, 'refused: it resolves through a symbolic link to a place outside the workspace.'],
      ['missing.md', false, 'file not found'],
    ]);
    expect(esc.content).toContain('[not included: missing.md — file not found]');
    // Live: the included file changes, the next request sees it without reloading steering.
    await writeFile(path.join(root, 'db/schema.sql'), 'CREATE TABLE orders (id int);\n');
    const second = await resolveSteering(await loader.refresh(), { files: ['src/api/a.ts'] });
    expect(second.included.find((i) => i.name === 'api')!.content).toContain('orders');
  });

  it('re-reads a steering file that changed on disk, and drops a deleted one', async () => {
    const { root } = await workspace();
    const loader = new SteeringLoader({ root, userKiroDir: null });
    const before = await loader.refresh();
    const tech = path.join(root, '.kiro/steering/tech.md');
    await writeFile(tech, '---\ninclusion: manual\n---\nNow manual.\n');
    await utimes(tech, new Date(), new Date(Date.now() + 5000));
    const after = await loader.refresh();
    expect(before.files.find((f) => f.doc.name === 'tech')!.doc.inclusion).toBe('always');
    expect(after.files.find((f) => f.doc.name === 'tech')!.doc.inclusion).toBe('manual');
    await writeFile(path.join(root, '.kiro/steering/new.md'), 'New.\n');
    expect((await loader.refresh()).files.some((f) => f.doc.name === 'new')).toBe(true);
  });

  it('lists unreadable and malformed files with diagnostics and keeps the others working', async () => {
    const root = await makeTempTree({
      '.kiro/steering/ok.md': 'Fine.\n',
      '.kiro/steering/binary.md': Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]),
      '.kiro/steering/latin1.md': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      '.kiro/steering/broken.md': '---\ninclusion: [always\n---\nBody\n',
      '.kiro/steering/empty.md': '',
      '.kiro/steering/crlf-bom.md': '\uFEFF---\r\ninclusion: manual\r\n---\r\nManual with BOM.\r\n',
    });
    const set = await loadSteering({ root, userKiroDir: null });
    const diag = Object.fromEntries(set.files.map((f) => [f.doc.name, f.diagnostics.map((d) => d.code)]));
    expect(diag).toEqual({
      binary: ['file.binary'],
      broken: ['steering.front-matter-yaml'],
      'crlf-bom': [],
      empty: ['steering.empty'],
      latin1: ['file.encoding'],
      ok: [],
    });
    expect(set.files.find((f) => f.doc.name === 'crlf-bom')!.doc.inclusion).toBe('manual');
    const r = await resolveSteering(set, { text: 'hello' });
    expect(r.included.map((i) => i.name)).toEqual(['broken', 'empty', 'latin1', 'ok']);
    expect(r.excluded.map((e) => [e.name, e.why])).toEqual([
      ['binary', 'unreadable'],
      ['crlf-bom', 'manual: not referenced (#crlf-bom)'],
    ]);
  });
});

describe.skipIf(!corpus)('steering over the corpus', () => {
  it('every steering file of every repository is parsed or diagnosed', async () => {
    let count = 0;
    const codes = new Map<string, string[]>();
    for (const repo of readdirSync(corpus!).filter((r) => !r.endsWith('.tsv'))) {
      const set = await loadSteering({ root: path.join(corpus!, repo), userKiroDir: null });
      const onDisk = (() => {
        try {
          return readdirSync(path.join(corpus!, repo, '.kiro', 'steering')).filter((f) => f.endsWith('.md')).length;
        } catch {
          return 0;
        }
      })();
      expect(set.files.filter((f) => f.scope === 'workspace')).toHaveLength(onDisk);
      for (const f of set.files) {
        count++;
        expect(f.doc.body.length > 0 || f.diagnostics.length > 0, f.display).toBe(true);
        if (f.diagnostics.length) codes.set(`${repo}/${f.display}`, f.diagnostics.map((d) => d.code));
      }
      const r = await resolveSteering(set, { files: ['src/index.ts'], text: 'hello' });
      expect(r.included.length + r.excluded.length).toBe(set.files.length);
    }
    expect(count).toBeGreaterThanOrEqual(170);
    expect(codes.get('2025-Japan-AWS-Jr-Champions__cursed-kirosh/.kiro/steering/mcp-use.md')).toEqual(['steering.duplicate-front-matter']);
    expect(codes.get('bed72__Laravel-API/.kiro/steering/quality-gate.md')).toEqual(['steering.auto-no-description', 'steering.include-syntax', 'steering.include-syntax']);
    expect(codes.get('PhoenixNest__AGENT-GLOBAL-BASE/.kiro/steering/android-development.md')).toEqual(['steering.comma-patterns']);
  });

  it('comma-separated patterns from the corpus match the files they name', async () => {
    const set = await loadSteering({ root: path.join(corpus!, 'PhoenixNest__AGENT-GLOBAL-BASE'), userKiroDir: null });
    const r = await resolveSteering(set, { files: ['app/src/main/java/com/x/MainActivity.kt', 'ios/App/AppDelegate.swift'] });
    const why = Object.fromEntries(r.included.map((i) => [i.name, i.why]));
    expect(why['android-development']).toBe('matched app/src/main/java/com/x/MainActivity.kt');
    expect(why['ios-development']).toBe('matched ios/App/AppDelegate.swift');
    expect(why['web-pipeline']).toBeUndefined();
  });
});
