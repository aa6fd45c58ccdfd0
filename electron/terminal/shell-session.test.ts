import { readFileSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isRpcError } from '../../shared/rpc/errors';
import { makeService, TEST_SHELL, watch } from './test-support';
import type { TerminalService } from './terminal-service';

/** A process's command name (Linux /proc), or null once it is gone. */
const commandOf = (pid: number): string | null => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
};

// Real bash on a real pty (node-pty): what a person gets when they open a terminal.
const services: TerminalService[] = [];
const service = async (...args: Parameters<typeof makeService>) => {
  const s = await makeService(...args);
  services.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()));
});

describe('shell terminals', () => {
  it('echoes what is typed and runs it', async () => {
    const svc = await service();
    const t = await svc.createShell();
    const view = watch(t);
    await view.until('PROMPT$ ');
    t.write("echo hel''lo-$((6*7))\r");
    await view.until('hello-42\r\n'); // only the output has it: the echoed line reads hel''lo-$((6*7))
    expect(t.info()).toMatchObject({ kind: 'user', status: 'running', shell: '/bin/bash', name: 'bash' });
    expect(t.info().pid).toBeGreaterThan(0);
  });

  it('resizes the pty: tput cols sees the new width', async () => {
    const svc = await service();
    const t = await svc.createShell({ cols: 80, rows: 24 });
    const view = watch(t);
    await view.until('PROMPT$ ');
    t.resize(97, 33);
    t.write('echo size=$(tput cols)x$(tput lines)\r');
    await view.until('size=97x33');
    expect(t.info()).toMatchObject({ cols: 97, rows: 33 });
  });

  it('reports the exit code when the shell exits', async () => {
    const svc = await service();
    const t = await svc.createShell();
    const view = watch(t);
    await view.until('PROMPT$ ');
    t.write('exit 3\r');
    expect(await view.exited()).toEqual({ type: 'exit', exitCode: 3, signal: null });
    expect(t.info()).toMatchObject({ status: 'exited', exitCode: 3, pid: null });
    expect(view.text).toContain('[The shell exited with code 3.]');
  });

  it('Ctrl-C interrupts a running sleep and the shell carries on', async () => {
    const svc = await service();
    const t = await svc.createShell();
    const view = watch(t);
    await view.until('PROMPT$ ');
    t.write('sleep 60\r');
    // Wait until sleep is the terminal's foreground job, so the Ctrl-C reaches it and not bash —
    // and until it has exec'd: between fork and exec the child still has bash's SIGINT handler.
    await waitUntil(() => {
      const fg = t.foregroundGroup();
      return fg !== null && fg !== t.pid && commandOf(fg) === 'sleep';
    });
    const beforeInterrupt = view.text.length;
    t.write('\x03');
    // Type the next command only once the prompt is back: the tty flushes its input queue on ^C.
    await view.until('PROMPT$ ', 10_000, beforeInterrupt);
    const from = view.text.length;
    t.write('echo status=$?\r');
    await view.until('status=130', 10_000, from);
    expect(t.info().status).toBe('running');
  });

  it('passes the environment: the host’s, the terminal’s own, and the settings’ (null removes)', async () => {
    process.env.SW_FROM_HOST = 'host-value';
    process.env.SW_TO_REMOVE = 'should-go';
    const svc = await service({ ...TEST_SHELL, env: { ...TEST_SHELL.env, SW_FROM_SETTINGS: 'settings-value', SW_TO_REMOVE: null } });
    const t = await svc.createShell();
    const view = watch(t);
    await view.until('PROMPT$ ');
    t.write('echo "[$SW_FROM_HOST|$SW_FROM_SETTINGS|${SW_TO_REMOVE-unset}|$TERM|$TERM_PROGRAM]"\r');
    await view.until('[host-value|settings-value|unset|xterm-256color|specwright]');
    delete process.env.SW_FROM_HOST;
    delete process.env.SW_TO_REMOVE;
  });

  it('starts in the workspace, or in the folder asked for; refuses folders that are missing or outside', async () => {
    const svc = await service(undefined, undefined, { 'sub/dir/file.txt': 'x' });
    const root = svc.ws.root;
    const a = watch(await svc.createShell());
    const b = watch(await svc.createShell({ cwd: 'sub/dir' }));
    await a.until('PROMPT$ ');
    await b.until('PROMPT$ ');
    expect(svc.list().map((t) => t.cwd)).toEqual([root, path.join(root, 'sub', 'dir')]);
    svc.get('t2').write('pwd\r');
    await b.until(`${path.join(root, 'sub', 'dir')}\r\n`);
    await expect(svc.createShell({ cwd: 'nope' })).rejects.toSatisfy((e) => isRpcError(e, 'NOT_FOUND') && /no such folder/.test((e as Error).message));
    await expect(svc.createShell({ cwd: '../..' })).rejects.toSatisfy((e) => isRpcError(e, 'PATH_OUTSIDE_WORKSPACE'));
  });

  it('a shell that does not exist: a clear message, and /bin/sh instead', async () => {
    const svc = await service({ shell: '/nonexistent/zsh', env: { PS1: 'SH$ ' } });
    const t = await svc.createShell();
    const view = watch(t);
    await view.until('SH$ ');
    expect(t.info().notice).toBe("Specwright could not start the shell '/nonexistent/zsh' set in terminal.shell: no such file. This terminal runs /bin/sh instead.");
    expect(view.text).toContain("could not start the shell '/nonexistent/zsh'");
    t.write('echo "running:$0"\r');
    await view.until('running:/bin/sh');
    expect(t.info().shell).toBe('/bin/sh');
  });

  it('a shell that dies at once (bad arguments, broken interpreter): its message, then /bin/sh', async () => {
    const svc = await service({ shell: '/bin/bash', args: ['--no-such-option'], env: { PS1: 'SH$ ' } });
    const t = await svc.createShell();
    const view = watch(t);
    await view.until('SH$ ');
    expect(view.text).toContain('--no-such-option');
    expect(t.info().notice).toMatch(/^The shell '\/bin\/bash --no-such-option' exited at once with code 2\. This terminal runs \/bin\/sh instead\.$/);

    const broken = path.join(svc.ws.root, 'broken-shell');
    await writeFile(broken, '#!/nonexistent/interpreter\n');
    await chmod(broken, 0o755);
    const svc2 = await service({ shell: broken, env: { PS1: 'SH$ ' } });
    const t2 = await svc2.createShell();
    const view2 = watch(t2);
    await view2.until('SH$ ');
    expect(t2.info().notice).toMatch(/exited at once with code 1\. This terminal runs \/bin\/sh instead\./);
    expect(t2.info().shell).toBe('/bin/sh');
  });

  it('a shell setting that names a folder or a file that cannot run is refused with the reason', async () => {
    const svc = await service({ shell: '/tmp', env: { PS1: 'SH$ ' } });
    const t = await svc.createShell();
    await watch(t).until('SH$ ');
    expect(t.info().notice).toContain("'/tmp' set in terminal.shell: it is a folder");
    const notExec = path.join(svc.ws.root, 'not-executable');
    await writeFile(notExec, '#!/bin/sh\n');
    const svc2 = await service({ shell: notExec, env: { PS1: 'SH$ ' } });
    const t2 = await svc2.createShell();
    await watch(t2).until('SH$ ');
    expect(t2.info().notice).toContain('it is not executable');
  });

  it('a shell killed from outside: the exit is reported with its signal', async () => {
    const svc = await service();
    const t = await svc.createShell();
    const view = watch(t);
    await view.until('PROMPT$ ');
    process.kill(t.pid!, 'SIGKILL');
    expect(await view.exited()).toEqual({ type: 'exit', exitCode: null, signal: 'SIGKILL' });
    expect(view.text).toContain('[The shell was killed by SIGKILL.]');
    expect(svc.list()[0]).toMatchObject({ status: 'exited', signal: 'SIGKILL' });
  });

  it('binary garbage passes through and the shell still works after it', async () => {
    const svc = await service();
    const t = await svc.createShell();
    const view = watch(t);
    await view.until('PROMPT$ ');
    t.write('head -c 300000 /dev/urandom; printf "\\033c"; echo; echo after-garbage-$((6*7))\r');
    await view.until('after-garbage-42\r\n', 20_000);
    expect(view.text.length).toBeGreaterThan(100_000); // the garbage arrived (decoded, invalid bytes as U+FFFD)
    const from = view.text.length;
    t.write('echo still-$((1+1))\r');
    await view.until('still-2', 10_000, from);
  });

  it('kill ends the shell and its jobs and forgets the terminal', async () => {
    const svc = await service();
    const t = await svc.createShell();
    const view = watch(t);
    await view.until('PROMPT$ ');
    t.write('sleep 300 & echo job=$!\r');
    const job = Number(/job=(\d+)/.exec(await view.until(/job=\d+/))![1]);
    const pid = t.pid!;
    await svc.kill(t.id);
    expect(svc.list()).toEqual([]);
    expect(alive(pid)).toBe(false);
    await waitUntil(() => !alive(job));
  });

  it('ends a terminal when its owner (window or socket) goes away, unless it is persistent', async () => {
    const svc = await service();
    const closeListeners: (() => void)[] = [];
    const owner = { onClose: (l: () => void) => (closeListeners.push(l), () => {}) };
    const mine = await svc.createShell({ owner });
    const kept = await svc.createShell({ owner, persistent: true });
    await watch(mine).until('PROMPT$ ');
    closeListeners.forEach((l) => l());
    await waitUntil(() => !svc.has(mine.id));
    expect(svc.list().map((t) => t.id)).toEqual([kept.id]);
    expect(kept.info().status).toBe('running');
  });

  it('a view that reattaches gets the recent output again, or only what it missed', async () => {
    const svc = await service();
    const t = await svc.createShell();
    const first = watch(t);
    await first.until('PROMPT$ ');
    t.write('echo before-$((1+1))\r');
    await first.until('before-2\r\n');
    const seen = t.output.ring.end;
    first.dispose();
    t.write('echo during-$((2+2))\r');
    await waitUntil(() => t.output.ring.end > seen + 20 && t.output.ring.since(seen).data.includes('during-4\r\n'));

    const again = watch(t); // a reloaded window: the whole recent scrollback, replacing what it shows
    expect(again.events[0]).toMatchObject({ type: 'replay', reset: true, skipped: 0 });
    expect(again.text).toContain('before-2');
    expect(again.text).toContain('during-4');

    const resumed = watch(t, {}); // the same window back after a drop
    resumed.dispose();
    const missed: string[] = [];
    const sub = t.output.subscribe((e) => 'data' in e && missed.push(e.data), seen);
    expect(missed.join('')).toContain('during-4');
    expect(missed.join('')).not.toContain('before-2');
    sub.dispose();
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 10_000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('Timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
