import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentSettings } from '../../../shared/settings/agent';
import { makeTempTree } from '../../workspace/test-support';
import { Workspace } from '../../workspace/workspace';
import { ChildProcessRunner } from './child-process-runner';
import { ToolRegistry } from './registry';
import { WorkspaceSearch, findRipgrep } from './search-engine';
import { ToolInputError, type ToolContext } from './types';

let root: string;
let ws: Workspace;
const limits = AgentSettings.parse({}).loop;

async function call(name: string, input: Record<string, unknown>, search = new WorkspaceSearch()) {
  const tool = new ToolRegistry().get(name)!;
  const ctx: ToolContext = { ws, sessionId: 's', toolCallId: 't', signal: new AbortController().signal, limits, runner: new ChildProcessRunner(root), search };
  const prepared = await tool.prepare(tool.input.parse(input), ctx);
  return { prepared, outcome: await prepared.execute() };
}
const fails = async (name: string, input: Record<string, unknown>) => {
  try {
    await call(name, input);
  } catch (e) {
    if (e instanceof ToolInputError) return e.message;
    throw e;
  }
  throw new Error('expected a tool error');
};

beforeEach(async () => {
  root = await makeTempTree({
    'src/app.ts': 'function main() {\n  const total = add(1, 2);\n  console.log(total);\n}\n\nfunction other() {\n  const total = add(3, 4);\n  console.log(total);\n}\n',
    'src/crlf.txt': 'one\r\ntwo\r\nthree\r\n',
    'notes/todo.md': '- write tests\n- TODO: ship\n',
    'ignored/big.log': 'TODO in an ignored file\n',
    '.gitignore': 'ignored/\n',
    'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]).toString('latin1'),
  });
  ws = new Workspace(root, path.join(root, '..', `${path.basename(root)}-data`));
});
afterEach(async () => {
  await ws.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('read tools', () => {
  it('read_file numbers lines, reads ranges and refuses binary files and paths outside', async () => {
    const { outcome } = await call('read_file', { path: 'src/app.ts', start_line: 2, end_line: 3 });
    expect(outcome.content).toBe('src/app.ts (lines 2–3 of 9)\n2\t  const total = add(1, 2);\n3\t  console.log(total);\n\n[6 more lines; read on with start_line 4.]');
    expect((await call('read_file', { path: `${root}/notes/todo.md` })).outcome.content).toContain('1\t- write tests');
    expect(await fails('read_file', { path: 'logo.png' })).toMatch(/Cannot read 'logo.png' as text: Binary file/);
    expect(await fails('read_file', { path: '../etc/passwd' })).toMatch(/points outside the workspace/);
    expect(await fails('read_file', { path: '/etc/passwd' })).toMatch(/is outside the workspace/);
    expect(await fails('read_file', { path: 'nope.txt' })).toMatch(/nope\.txt/);
  });

  it('list_directory shows folders, sizes and ignored entries, several levels deep', async () => {
    const { outcome, prepared } = await call('list_directory', { path: '.', depth: 2 });
    expect(prepared.action).toEqual({ kind: 'read', path: '.' });
    expect(outcome.content).toContain('ignored/ (ignored) (not listed)');
    expect(outcome.content).toContain('src/\n  app.ts (');
  });

  it('search uses ripgrep when installed, honours .gitignore, and is bounded', async () => {
    const rg = await findRipgrep();
    expect(rg, 'ripgrep is installed on this machine (Debian package `ripgrep`)').not.toBeNull();
    const { outcome } = await call('search', { query: 'todo' });
    expect(outcome.content).toBe('1 matches in 1 file:\nnotes/todo.md\n  2: - TODO: ship');
    const regex = await call('search', { query: 'const \\w+ = add', regex: true, glob: '*.ts' });
    expect(regex.outcome.summary).toBe('2 matches in 1 file');
    expect(await fails('search', { query: '(', regex: true })).toMatch(/does not parse/);
  });

  it('search falls back to a built-in scan without ripgrep, and says so', async () => {
    const { outcome } = await call('search', { query: 'todo' }, new WorkspaceSearch({ ripgrep: null }));
    expect(outcome.content).toContain('notes/todo.md\n  2: - TODO: ship');
    expect(outcome.content).not.toContain('ignored/big.log');
    expect(outcome.content).toMatch(/ripgrep \(rg\) is not installed, so the built-in search was used/);
  });
});

describe('write tools', () => {
  it('edit_file replaces exactly one occurrence, keeps CRLF files CRLF, and asks the policy with the exact change', async () => {
    const { prepared, outcome } = await call('edit_file', { path: 'src/crlf.txt', old_text: 'two\nthree', new_text: '2\n3' });
    expect(prepared.action).toEqual({ kind: 'write', path: 'src/crlf.txt', before: 'one\r\ntwo\r\nthree\r\n', after: 'one\r\n2\r\n3\r\n' });
    expect(outcome.file).toMatchObject({ path: 'src/crlf.txt', change: 'edit', added: 2, removed: 2 });
    expect(outcome.file!.patch).toContain('-two\r\n');
    expect(await readFile(path.join(root, 'src/crlf.txt'), 'utf8')).toBe('one\r\n2\r\n3\r\n');
  });

  it('edit_file names every place when old_text occurs more than once, and takes occurrence', async () => {
    expect(await fails('edit_file', { path: 'src/app.ts', old_text: 'console.log(total);', new_text: 'print(total);' })).toBe(
      "old_text occurs 2 times in src/app.ts (at lines 3, 8). Include more of the surrounding lines so that it occurs once, or pass occurrence (1–2) to choose one.",
    );
    await call('edit_file', { path: 'src/app.ts', old_text: 'console.log(total);', new_text: 'print(total);', occurrence: 2 });
    expect(await readFile(path.join(root, 'src/app.ts'), 'utf8')).toContain('  print(total);\n}\n');
    expect(await fails('edit_file', { path: 'src/app.ts', old_text: 'print', new_text: 'x', occurrence: 3 })).toMatch(/occurs once/);
  });

  it('edit_file names the nearest candidates with line numbers when nothing matches', async () => {
    const message = await fails('edit_file', { path: 'src/app.ts', old_text: 'function other() {\n    const total = add(3, 4);', new_text: 'x' });
    expect(message).toMatch(/^old_text was not found in src\/app\.ts/);
    expect(message).toMatch(/lines 6–7 \(\d+% similar; differs only in whitespace\):\n {4}function other\(\) \{\n {4} {2}const total = add\(3, 4\);/);
    const prefixed = await fails('edit_file', { path: 'src/app.ts', old_text: '2\t  const total = add(1, 2);', new_text: 'x' });
    expect(prefixed).toMatch(/line 2 \(\d+% similar\)/);
    expect(prefixed).toMatch(/line-number prefixes/);
    expect(await fails('edit_file', { path: 'src/app.ts', old_text: 'zzzz qqqq', new_text: 'x' })).toMatch(/No similar text was found/);
    expect(await fails('edit_file', { path: 'missing.ts', old_text: 'a', new_text: 'b' })).toMatch(/does not exist; use write_file/);
  });

  it('write_file creates files atomically and refuses to overwrite a file that changed meanwhile', async () => {
    const writes: string[] = [];
    ws.files.writes.on((w) => writes.push(`${w.kind} ${w.path}`));
    const { outcome } = await call('write_file', { path: 'new/dir/file.txt', content: 'a\nb\n' });
    expect(outcome).toMatchObject({ summary: 'created, 2 lines', file: { change: 'create', added: 2 } });
    expect(writes).toEqual(['added new/dir/file.txt']);
    expect((await readdir(path.join(root, 'new/dir'))).filter((n) => n.startsWith('.specwright-tmp-'))).toEqual([]);
    // Prepared (e.g. waiting for approval), then the file changes on disk: nothing is written.
    const tool = new ToolRegistry().get('write_file')!;
    const ctx = { ws, sessionId: 's', toolCallId: 't', signal: new AbortController().signal, limits, runner: new ChildProcessRunner(root), search: new WorkspaceSearch() };
    const prepared = await tool.prepare({ path: 'notes/todo.md', content: 'mine' }, ctx);
    await writeFile(path.join(root, 'notes/todo.md'), 'theirs');
    await expect(prepared.execute()).rejects.toThrow(/changed on disk since it was read/);
    expect(await readFile(path.join(root, 'notes/todo.md'), 'utf8')).toBe('theirs');
  });

  it('delete_file deletes files, not folders', async () => {
    const { prepared } = await call('delete_file', { path: 'notes/todo.md' });
    expect(prepared.action).toEqual({ kind: 'delete', path: 'notes/todo.md' });
    await expect(readFile(path.join(root, 'notes/todo.md'))).rejects.toThrow();
    expect(await fails('delete_file', { path: 'src' })).toMatch(/is a folder/);
  });
});

describe('run_command (child-process runner until the terminal is wired)', () => {
  it('returns the exit code and output, head and tail when long', async () => {
    const { outcome, prepared } = await call('run_command', { command: 'echo out; echo err >&2; exit 3' });
    expect(prepared.action).toEqual({ kind: 'command', command: 'echo out; echo err >&2; exit 3' });
    expect(outcome).toMatchObject({ exitCode: 3, isError: true, summary: 'Exit code 3' });
    expect(outcome.content).toBe('Exit code 3.\n\nOutput:\nout\nerr');
    const long = await call('run_command', { command: 'seq 1 100000' });
    expect(long.outcome.content).toMatch(/^Exit code 0\. The output was long: its head and tail are kept\.\n\nOutput:\n1\n2\n/);
    expect(long.outcome.content).toMatch(/characters of output left out/);
    expect(long.outcome.content.trimEnd().endsWith('100000')).toBe(true);
  });

  it('times out: Ctrl-C, then kill', async () => {
    const { outcome } = await call('run_command', { command: 'trap "" INT; sleep 30', timeout_seconds: 1 });
    expect(outcome.summary).toBe('Timed out after 1 s');
    expect(outcome.content).toMatch(/timed out after 1 s: it ignored Ctrl-C and was killed/);
  });
});

describe('fetch_url', () => {
  let server: http.Server;
  let base: string;
  beforeEach(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/page') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<html><head><style>x{}</style><script>evil()</script></head><body><h1>Title</h1><p>Hello &amp; <a href="https://x.test/">welcome</a></p><ul><li>one</li><li>two</li></ul></body></html>');
      } else if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('x'.repeat(100_000));
      } else if (req.url === '/image') {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end('PNG');
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not here');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  it('returns the text of a page, size-limited, http(s) only', async () => {
    const { outcome, prepared } = await call('fetch_url', { url: `${base}/page` });
    expect(prepared.action).toEqual({ kind: 'fetch', url: `${base}/page`, method: 'GET' });
    expect(outcome.content).toBe(`${base}/page (text/html)\n\n# Title\n\nHello & welcome (https://x.test/)\n\n- one\n- two`);
    const tool = new ToolRegistry().get('fetch_url')!;
    const ctx = { ws, sessionId: 's', toolCallId: 't', signal: new AbortController().signal, limits: { ...limits, fetchMaxBytes: 1024 }, runner: new ChildProcessRunner(root), search: new WorkspaceSearch() };
    const big = await (await tool.prepare({ url: `${base}/big` }, ctx)).execute();
    expect(big.content).toMatch(/\[Only the first 1024 bytes were read\.\]$/);
    expect(await fails('fetch_url', { url: 'file:///etc/passwd' })).toMatch(/Only http:\/\/ and https:\/\/ URLs/);
    expect(await fails('fetch_url', { url: `${base}/image` })).toMatch(/is image\/png, not text/);
    expect((await call('fetch_url', { url: `${base}/missing` })).outcome).toMatchObject({ isError: true, summary: 'HTTP 404, 8 characters' });
  });
});
