import { execFileSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentSettings } from '../../../shared/settings/agent';
import { makeTempTree } from '../../workspace/test-support';
import { Workspace } from '../../workspace/workspace';
import { WorkspaceSearch } from '../tools/search-engine';
import { BUILTIN_CONTEXT_PROVIDERS, searchTerms } from './builtin-providers';
import { ContextRegistry, type ContextProvider } from './registry';
import { resolveContext } from './resolve';

let root: string;
let ws: Workspace;
let registry: ContextRegistry;
const env = (message = '') => ({ ws, limits: AgentSettings.parse({}).loop, search: new WorkspaceSearch(), terminal: { recent: async () => ({ name: 'bash', text: '$ npm test\n1 failing' }) }, message, signal: new AbortController().signal });

beforeEach(async () => {
  root = await makeTempTree({
    'src/auth/login.ts': 'export function login(user: string) {\n  return checkPassword(user);\n}\n',
    'src/auth/password.ts': 'export function checkPassword(user: string) {\n  return user.length > 3;\n}\n',
    'src/ui/button.ts': 'export const Button = 1;\n',
    'README.md': '# app\n',
  });
  ws = new Workspace(root, path.join(root, '..', `${path.basename(root)}-data`));
  registry = new ContextRegistry();
  for (const p of BUILTIN_CONTEXT_PROVIDERS) registry.register(p);
});
afterEach(async () => {
  await ws.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('# context providers', () => {
  it('lists every provider, with #spec, #steering and #mcp waiting for their features', () => {
    const info = registry.info();
    expect(info.map((p) => p.label)).toEqual(['file', 'folder', 'codebase', 'terminal', 'problems', 'git diff', 'url', 'spec', 'steering', 'mcp']);
    expect(info.find((p) => p.id === 'spec')).toMatchObject({ available: false, unavailableReason: 'The specs feature has not registered #spec yet.' });
    expect(info.find((p) => p.id === 'problems')).toMatchObject({ renderer: true, available: true });
  });

  it('a feature registering #spec replaces the placeholder, and can be removed again', async () => {
    const spec: ContextProvider = { id: 'spec', label: 'spec', description: 'A spec', argument: 'choice', suggest: async () => [{ value: 'login', label: 'login' }], resolve: async (ref) => ({ title: `spec ${ref.arg}`, text: 'requirements…' }) };
    const off = registry.register(spec);
    expect(registry.info().find((p) => p.id === 'spec')!.available).toBe(true);
    const r = await resolveContext([{ kind: 'spec', arg: 'login', label: '#spec login' }], registry, env());
    expect(r.contextText).toContain('<context item="#spec login" title="spec login">\nrequirements…\n</context>');
    off();
    expect(registry.info().find((p) => p.id === 'spec')!.available).toBe(false);
  });

  it('#file and #folder bring text with line numbers; suggestions are fuzzy', async () => {
    const r = await resolveContext(
      [
        { kind: 'file', arg: 'src/auth/login.ts', label: '#file src/auth/login.ts' },
        { kind: 'folder', arg: 'src/auth', label: '#folder src/auth' },
      ],
      registry,
      env(),
    );
    expect(r.resolved.map((x) => [x.title, x.error])).toEqual([
      ['src/auth/login.ts (4 lines)', undefined],
      ['src/auth/ (2 files, 2 included)', undefined],
    ]);
    expect(r.contextText).toContain('```ts\n1\texport function login(user: string) {');
    expect(r.files).toEqual(['src/auth/login.ts', 'src/auth/password.ts']);
    const s = await registry.get('file')!.suggest!('pswd', env());
    expect(s[0]!.value).toBe('src/auth/password.ts');
    expect((await registry.get('folder')!.suggest!('ui', env())).map((x) => x.value)).toContain('src/ui');
  });

  it('#codebase searches for what the message is about', async () => {
    expect(searchTerms('where is checkPassword called from the login flow?')).toEqual(['checkPassword', 'called', 'login', 'flow']);
    const r = await resolveContext([{ kind: 'codebase', label: '#codebase' }], registry, env('where is checkPassword used?'));
    expect(r.resolved[0]!.title).toMatch(/^codebase search: checkPassword, used \(2 files\)/);
    expect(r.contextText).toContain('src/auth/login.ts\n  2:   return checkPassword(user);');
  });

  it('#terminal and #problems', async () => {
    const r = await resolveContext(
      [
        { kind: 'terminal', label: '#terminal' },
        { kind: 'problems', label: '#problems', text: 'src/a.ts:3:5 error Cannot find name x (ts)' },
      ],
      registry,
      env(),
    );
    expect(r.contextText).toContain('$ npm test\n1 failing');
    expect(r.resolved[1]!.title).toBe('problems (1)');
  });

  it('#git diff shows the working tree against HEAD of the person\'s repository, read-only', async () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).toString();
    const notRepo = await resolveContext([{ kind: 'git-diff', label: '#git diff' }], registry, env());
    expect(notRepo.resolved[0]!.error).toBe('This folder is not in a git repository.');
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'init');
    await writeFile(path.join(root, 'src/ui/button.ts'), 'export const Button = 2;\n');
    await writeFile(path.join(root, 'NEW.md'), 'new file\n');
    const statusBefore = git('status', '--porcelain');
    const r = await resolveContext([{ kind: 'git-diff', label: '#git diff' }], registry, env());
    expect(r.resolved[0]!.title).toBe('git diff (2 files)');
    expect(r.contextText).toContain('-export const Button = 1;\n+export const Button = 2;');
    expect(r.contextText).toContain('+++ b/NEW.md');
    // Nothing in the repository changed.
    expect(git('status', '--porcelain')).toBe(statusBefore);
  });

  it('#url fetches the page text; a failing item is marked and the message still goes', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<p>Docs <b>page</b></p>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/docs`;
    try {
      const r = await resolveContext(
        [
          { kind: 'url', arg: url, label: `#url ${url}` },
          { kind: 'file', arg: 'gone.ts', label: '#file gone.ts' },
          { kind: 'nosuch', label: '#nosuch' },
        ],
        registry,
        env(),
      );
      expect(r.contextText).toContain('Docs page');
      expect(r.resolved[1]!.error).toMatch(/gone\.ts/);
      expect(r.resolved[2]!.error).toBe('There is no #nosuch context provider.');
      expect(r.contextText).toContain('[Could not be added: There is no #nosuch context provider.]');
    } finally {
      server.close();
    }
  });
});
