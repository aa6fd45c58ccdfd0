import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isRpcError } from '../../shared/rpc/errors';
import { makeService, TEST_SHELL } from './test-support';
import type { TerminalService } from './terminal-service';

// The agent's run_command, for real: `sh -c` on a pty, in a terminal the person can watch.
const services: TerminalService[] = [];
const service = async (agent: Record<string, unknown> = {}, files?: Record<string, string>) => {
  const s = await makeService({ shell: '/bin/sh', env: TEST_SHELL.env, agent: { interruptGraceMs: 400, ...agent } }, undefined, files);
  services.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()));
});

describe('runCommand', () => {
  it('returns exit codes and output, and shows the command in the Agent terminal', async () => {
    const svc = await service();
    const ok = await svc.runCommand({ command: 'echo hello; echo to-stderr >&2' });
    expect(ok).toMatchObject({ exitCode: 0, output: 'hello\nto-stderr', timedOut: false, interrupted: false, backgrounded: false, terminalName: 'Agent', summary: 'Exit code 0.' });
    const failed = await svc.runCommand({ command: 'echo failing; exit 3' });
    expect(failed).toMatchObject({ exitCode: 3, output: 'failing', summary: 'Exit code 3.', terminalId: ok.terminalId });
    expect((await svc.runCommand({ command: 'false' })).exitCode).toBe(1);
    // The person saw each command, its output and its exit code in one terminal.
    const shown = (await svc.context({ id: ok.terminalId, lines: 100 }))!.text;
    expect(shown).toMatch(/\$ echo hello; echo to-stderr >&2\nhello\nto-stderr\n\[exit code 0 · [\d.]+ s\]/);
    expect(shown).toMatch(/\$ echo failing; exit 3\nfailing\n\[exit code 3 · [\d.]+ s\]/);
    expect(svc.list()).toHaveLength(1);
    expect(svc.list()[0]).toMatchObject({ kind: 'agent', name: 'Agent', status: 'running', command: null, persistent: true });
  });

  it('multi-line commands and quoting reach the shell unchanged', async () => {
    const svc = await service();
    const r = await svc.runCommand({ command: "x='a  b'\nif [ -n \"$x\" ]; then\n  printf '%s|\\n' \"$x\" \"tab\there\"\nfi" });
    expect(r).toMatchObject({ exitCode: 0, output: 'a  b|\ntab     here|' }); // the tab as a terminal shows it: up to column 8
  });

  it('returns plain text: colours removed, progress redraws collapsed', async () => {
    const svc = await service();
    const r = await svc.runCommand({ command: "printf '\\033[31mred\\033[0m ok\\n'; printf 'progress 10%%\\rprogress 100%%\\n'; printf 'a\\r\\033[2Kb\\n'" });
    expect(r.output).toBe('red ok\nprogress 100%\nb');
  });

  it('keeps the head and the tail of long output, with a note', async () => {
    const svc = await service({ maxOutputChars: 2000 });
    const r = await svc.runCommand({ command: 'seq 1 100000' });
    expect(r.exitCode).toBe(0);
    expect(r.truncated).toBe(true);
    expect(r.output.length).toBeLessThan(2300);
    expect(r.output.startsWith('1\n2\n3\n')).toBe(true);
    expect(r.output.endsWith('99999\n100000')).toBe(true);
    expect(r.output).toMatch(/\[… the middle of [\d.]+ KB of output left out; showing the first \d+ and the last \d+ lines …\]/);
    const short = await svc.runCommand({ command: 'seq 1 700' });
    expect(short.truncated).toBe(true);
    expect(short.output).toMatch(/\[… \d+ of 700 lines left out; showing the first \d+ and the last \d+ lines …\]/);
  });

  it('a command that would run for ever is interrupted by its timeout (Ctrl-C) and the model is told', async () => {
    const svc = await service();
    const r = await svc.runCommand({ command: 'echo started; sleep 600', timeoutMs: 1000 });
    // ^C is what the terminal echoed when the Ctrl-C was "typed": the person saw it too.
    expect(r).toMatchObject({ timedOut: true, interrupted: false, exitCode: 130, signal: 'SIGINT', output: 'started\n^C' });
    expect(r.summary).toBe('The command timed out after 1.0 s: it was interrupted with Ctrl-C (exit code 130).');
    expect(svc.list()[0]!.command).toBeNull();
    // The terminal is free for the next command.
    expect((await svc.runCommand({ command: 'echo next' })).output).toBe('next');
  });

  it('a command that ignores Ctrl-C is killed after the grace period', async () => {
    const svc = await service();
    const r = await svc.runCommand({ command: "trap '' INT; echo stubborn; sleep 600", timeoutMs: 800 });
    expect(r).toMatchObject({ timedOut: true, exitCode: 137, signal: 'SIGKILL' });
    expect(r.summary).toBe('The command timed out after 0.8 s: it ignored Ctrl-C and was killed (exit code 137).');
  });

  it('Stop in the chat (the AbortSignal) interrupts the command', async () => {
    const svc = await service();
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 600);
    const r = await svc.runCommand({ command: 'sleep 600', signal: stop.signal });
    expect(r).toMatchObject({ interrupted: true, timedOut: false, exitCode: 130 });
    expect(r.summary).toMatch(/^The command was stopped \(Stop in the chat\): it was interrupted with Ctrl-C/);
    const before = new AbortController();
    before.abort();
    expect(await svc.runCommand({ command: 'echo never', signal: before.signal })).toMatchObject({ interrupted: true, exitCode: null, output: '' });
  });

  it('the person’s Ctrl-C in the terminal interrupts it, and the model is told who did', async () => {
    const svc = await service();
    const pending = svc.runCommand({ command: 'sleep 600' });
    await waitUntil(() => svc.list()[0]?.command === 'sleep 600');
    await new Promise((r) => setTimeout(r, 200));
    svc.get(svc.list()[0]!.id).write('\x03');
    const r = await pending;
    expect(r).toMatchObject({ interrupted: true, timedOut: false, exitCode: 130 });
    expect(r.summary).toBe('The person interrupted the command with Ctrl-C (exit code 130).');
  });

  it('a command killed from outside, or whose terminal is closed, is reported as such', async () => {
    const svc = await service();
    const pending = svc.runCommand({ command: 'sleep 600' });
    await waitUntil(() => svc.list()[0]?.pid !== null && svc.list()[0]?.command !== null);
    await new Promise((r) => setTimeout(r, 200));
    process.kill(svc.list()[0]!.pid!, 'SIGKILL');
    expect(await pending).toMatchObject({ exitCode: 137, signal: 'SIGKILL', summary: 'The command was killed by SIGKILL (exit code 137).' });

    const next = svc.runCommand({ command: 'sleep 600' });
    await waitUntil(() => svc.list()[0]?.command !== null);
    await svc.kill(svc.list()[0]!.id);
    expect(await next).toMatchObject({ interrupted: true, summary: 'The terminal was closed while the command ran.' });
    // A new Agent terminal takes over.
    expect((await svc.runCommand({ command: 'echo back' })).terminalName).toBe('Agent');
  });

  it('commands that overlap run in separate Agent terminals', async () => {
    const svc = await service();
    const [a, b] = await Promise.all([svc.runCommand({ command: 'sleep 0.5; echo a' }), svc.runCommand({ command: 'echo b' })]);
    expect([a.output, b.output]).toEqual(['a', 'b']);
    expect(new Set([a.terminalName, b.terminalName])).toEqual(new Set(['Agent', 'Agent 2']));
  });

  it('long-running commands (the settings’ patterns, or on request) go to a background terminal and return their first output', async () => {
    const svc = await service({ backgroundPatterns: ['#\\s*dev-server$'], backgroundSettleMs: 300 });
    const r = await svc.runCommand({ command: 'echo "Server listening on http://localhost:5173"; sleep 600 # dev-server' });
    expect(r).toMatchObject({ backgrounded: true, exitCode: null, timedOut: false, output: 'Server listening on http://localhost:5173' });
    expect(r.terminalName).toBe('Background: echo "Server listening on http://localh…'); // the command, shortened to 40
    expect(r.summary).toContain(`still running in the background terminal "${r.terminalName}" (id ${r.terminalId})`);
    const bg = svc.list().find((t) => t.id === r.terminalId)!;
    expect(bg).toMatchObject({ kind: 'background', status: 'running', command: expect.stringContaining('sleep 600') });

    // Quiet after some output also counts as started; the caller can ask for the background.
    const quiet = await svc.runCommand({ command: 'echo warming up; sleep 600', background: true });
    expect(quiet).toMatchObject({ backgrounded: true, output: 'warming up' });
    // One that ends at once is an ordinary result.
    const quick = await svc.runCommand({ command: 'echo done; exit 4', background: true });
    expect(quick).toMatchObject({ backgrounded: false, exitCode: 4, output: 'done' });
    // The background terminals are closed with the workspace (afterEach disposes the service).
    await svc.kill(r.terminalId);
    expect(svc.has(r.terminalId)).toBe(false);
  });

  it('the default patterns recognise dev servers and watchers, and leave builds alone', async () => {
    const { DEFAULT_BACKGROUND_PATTERNS } = await import('../../shared/settings/terminal');
    const { longRunningPattern } = await import('./long-running');
    const bg = (c: string) => longRunningPattern(c, DEFAULT_BACKGROUND_PATTERNS) !== null;
    for (const c of ['npm run dev', 'cd web && npm start', 'pnpm dev', 'npx vite', 'vite --port 3000', 'tsc -w', 'jest --watch', 'npx vitest', 'python -m http.server 8000', 'docker compose up', 'tail -f log.txt']) {
      expect(bg(c), c).toBe(true);
    }
    for (const c of ['npm test', 'npm run build', 'vite build', 'npx vitest run', 'grep -w foo x', 'docker compose up -d', 'tail -n 5 log.txt', 'git status']) {
      expect(bg(c), c).toBe(false);
    }
  });

  it('passes the agent environment (no pager waits for a key) and runs in the folder asked for', async () => {
    const svc = await service({}, { 'pkg/a.txt': 'x' });
    expect((await svc.runCommand({ command: 'echo "$PAGER|$GIT_PAGER|$TERM"' })).output).toBe('cat|cat|xterm-256color');
    expect((await svc.runCommand({ command: 'pwd', cwd: 'pkg' })).output).toBe(path.join(svc.ws.root, 'pkg'));
    expect((await svc.runCommand({ command: 'pwd', cwd: path.join(svc.ws.root, 'pkg') })).output).toBe(path.join(svc.ws.root, 'pkg'));
    expect((await svc.runCommand({ command: 'echo "$EXTRA"', env: { EXTRA: 'given' } })).output).toBe('given');
    await expect(svc.runCommand({ command: 'pwd', cwd: 'missing' })).rejects.toSatisfy((e) => isRpcError(e, 'NOT_FOUND'));
    await expect(svc.runCommand({ command: 'pwd', cwd: '/etc' })).rejects.toSatisfy((e) => isRpcError(e, 'PATH_OUTSIDE_WORKSPACE'));
    await expect(svc.runCommand({ command: '   ' })).rejects.toSatisfy((e) => isRpcError(e, 'BAD_REQUEST') && /empty/.test((e as Error).message));
    await mkdir(path.join(svc.ws.root, 'made'));
    await svc.runCommand({ command: 'echo from-agent > made/out.txt' });
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(path.join(svc.ws.root, 'made', 'out.txt'), 'utf8')).toBe('from-agent\n');
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('Timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
