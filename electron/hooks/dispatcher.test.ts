import { existsSync } from 'node:fs';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AssistantEntry } from '../../shared/agent/session';
import { hookJson, node, startHooksHarness, type HooksHarness } from './test-support';

let h: HooksHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const labels = async (harness: HooksHarness, from = 0) => (await harness.fired()).slice(from).map((r) => r.label);
const toolCalls = (entries: { type: string }[]) => entries.filter((e): e is AssistantEntry => e.type === 'assistant').flatMap((a) => a.toolCalls);
const modelSaw = (harness: HooksHarness) => JSON.stringify(harness.servers.requests('bedrock').filter((r) => r.operation === 'ConverseStream').map((r) => r.body));

describe('hooks dispatcher: triggers', () => {
  it('each trigger fires for its event and not for the others', async () => {
    h = await startHooksHarness({
      files: {
        'README.md': '# Demo\n',
        '.kiro/hooks/edited.kiro.hook': hookJson('edited', { type: 'fileEdited', patterns: ['src/**'] }, node('fileEdited')),
        '.kiro/hooks/created.kiro.hook': hookJson('created', { type: 'fileCreated', patterns: ['src/**'] }, node('fileCreated')),
        '.kiro/hooks/deleted.kiro.hook': hookJson('deleted', { type: 'fileDeleted', patterns: ['src/**'] }, node('fileDeleted')),
        '.kiro/hooks/manual.kiro.hook': hookJson('manual', { type: 'userTriggered' }, node('userTriggered')),
        '.kiro/hooks/prompt.kiro.hook': hookJson('prompt', { type: 'promptSubmit' }, node('promptSubmit')),
        '.kiro/hooks/stop.kiro.hook': hookJson('stop', { type: 'agentStop' }, node('agentStop')),
        '.kiro/hooks/pre-read.kiro.hook': hookJson('pre-read', { type: 'preToolUse', toolTypes: ['read'] }, node('preToolUse-read')),
        '.kiro/hooks/post-read.kiro.hook': hookJson('post-read', { type: 'postToolUse', toolTypes: ['read'] }, node('postToolUse-read')),
        '.kiro/hooks/pre-write.kiro.hook': hookJson('pre-write', { type: 'preToolUse', toolTypes: ['write'] }, node('preToolUse-write')),
        '.kiro/hooks/pre-task.kiro.hook': hookJson('pre-task', { type: 'preTaskExecution' }, node('preTaskExecution')),
        '.kiro/hooks/post-task.kiro.hook': hookJson('post-task', { type: 'postTaskExecution' }, node('postTaskExecution')),
        '.kiro/hooks/team.json': JSON.stringify({ version: 'v1', hooks: [{ name: 'start', trigger: 'SessionStart', action: { type: 'command', command: 'node h.js sessionStart' } }] }),
      },
      script: {
        turns: [
          { when: { lastUser: 'read the readme', step: 0 }, reply: [{ toolUse: { name: 'read_file', input: { path: 'README.md' } } }] },
          { when: { lastUser: 'read the readme', step: 1 }, reply: [{ text: 'It is a demo.' }] },
        ],
      },
    });
    const harness = h;
    expect(harness.dispatcher.hooks).toHaveLength(12);
    let seen = 0;
    let done = 0;
    /** Runs `act`, waits for `expected.length` runs, then a quiet moment, and returns what fired. */
    const step = async (act: () => Promise<unknown>, expected: string[]) => {
      await act();
      done += expected.length;
      await harness.settled(done);
      await harness.quiet();
      const got = await labels(harness, seen);
      seen += got.length;
      expect(harness.finished()).toHaveLength(done);
      return got;
    };

    // The editor's save and the tools' writes come through the host…
    expect(await step(() => harness.ws.files.write('src/a.ts', 'one', 'utf8'), ['fileCreated'])).toEqual(['fileCreated']);
    expect(await step(() => harness.ws.files.write('src/a.ts', 'two', 'utf8'), ['fileEdited'])).toEqual(['fileEdited']);
    expect(await step(() => harness.ws.files.delete('src/a.ts'), ['fileDeleted'])).toEqual(['fileDeleted']);
    // …anything else through the watcher.
    expect(await step(() => writeFile(path.join(harness.root, 'src/b.ts'), 'outside'), ['fileCreated'])).toEqual(['fileCreated']);
    expect(await step(() => appendFile(path.join(harness.root, 'src/b.ts'), ' again'), ['fileEdited'])).toEqual(['fileEdited']);
    expect(await step(() => rm(path.join(harness.root, 'src/b.ts')), ['fileDeleted'])).toEqual(['fileDeleted']);
    // A file outside the patterns fires nothing.
    await harness.ws.files.write('notes.md', 'x', 'utf8');
    await harness.quiet();
    expect(await labels(harness, seen)).toEqual([]);

    // A request: session start and prompt submit before it, pre/post tool use around its read, agent stop after it.
    const { id } = await harness.agent.createSession();
    const agentRun = await step(() => harness.ask(id, 'please read the readme'), ['sessionStart', 'promptSubmit', 'preToolUse-read', 'postToolUse-read', 'agentStop']);
    expect(agentRun.slice(0, 2).sort()).toEqual(['promptSubmit', 'sessionStart']);
    expect(agentRun.slice(2)).toEqual(['preToolUse-read', 'postToolUse-read', 'agentStop']);
    // A second message in the same session is no session start.
    expect(await step(() => harness.ask(id, 'read the readme again'), ['promptSubmit', 'preToolUse-read', 'postToolUse-read', 'agentStop'])).toEqual(['promptSubmit', 'preToolUse-read', 'postToolUse-read', 'agentStop']);

    const manual = harness.dispatcher.hooks.find((x) => x.name === 'manual')!;
    expect(await step(async () => harness.dispatcher.runUserTriggered(manual.id), ['userTriggered'])).toEqual(['userTriggered']);
    expect(() => harness.dispatcher.runUserTriggered(harness.dispatcher.hooks.find((x) => x.name === 'edited')!.id)).toThrow(/runs on fileEdited, not by hand/);

    const task = { spec: '.kiro/specs/login', task: { id: '2.1', title: 'Add the form' }, sessionId: null };
    expect(await step(() => harness.dispatcher.dispatch({ trigger: 'preTaskExecution', ...task }), ['preTaskExecution'])).toEqual(['preTaskExecution']);
    expect(await step(() => harness.dispatcher.dispatch({ trigger: 'postTaskExecution', ...task, status: 'done' }), ['postTaskExecution'])).toEqual(['postTaskExecution']);

    // Each command was told its event, in the environment and as Kiro's JSON on stdin.
    const all = await harness.fired();
    expect(Object.fromEntries(all.map((r) => [r.label, r.stdinEvent]))).toMatchObject({
      fileEdited: 'PostFileSave',
      fileCreated: 'PostFileCreate',
      fileDeleted: 'PostFileDelete',
      sessionStart: 'SessionStart',
      promptSubmit: 'UserPromptSubmit',
      'preToolUse-read': 'PreToolUse',
      'postToolUse-read': 'PostToolUse',
      agentStop: 'Stop',
      preTaskExecution: 'PreTaskExec',
      postTaskExecution: 'PostTaskExec',
    });
    expect(all.find((r) => r.label === 'fileEdited')!.files).toBe('src/a.ts');
    expect(all.find((r) => r.label === 'promptSubmit')!.prompt).toBe('please read the readme');
    expect(JSON.parse(all.find((r) => r.label === 'preToolUse-read')!.prompt)).toEqual({ toolName: 'read_file', toolArgs: { path: 'README.md' } });
    expect(harness.finished().every((r) => r.status === 'ok')).toBe(true);
  });
});

describe('hooks dispatcher: exit codes', () => {
  it('a preToolUse hook that exits 2 blocks write_file: the disk is untouched and the model reads the stderr', async () => {
    h = await startHooksHarness({
      files: { '.kiro/hooks/guard.kiro.hook': hookJson('No secret writes', { type: 'preToolUse', toolTypes: ['write'] }, node('guard', '--exit 2 --err "Writes to src/secret.ts are not allowed here."')) },
      script: {
        turns: [
          { when: { lastUser: 'write the secret', step: 0 }, reply: [{ toolUse: { name: 'write_file', input: { path: 'src/secret.ts', content: 'export const k = 1;\n' } } }] },
          { when: { lastUser: 'write the secret', step: 1 }, reply: [{ text: 'Understood, I did not write it.' }] },
        ],
      },
    });
    const { id } = await h.agent.createSession();
    expect(await h.ask(id, 'write the secret file')).toMatchObject({ status: 'done', text: 'Understood, I did not write it.' });
    expect(existsSync(path.join(h.root, 'src/secret.ts'))).toBe(false);
    const [call] = toolCalls((await h.agent.get(id)).data.entries);
    expect(call).toMatchObject({ name: 'write_file', status: 'denied', summary: 'blocked by a hook' });
    expect(call!.result).toMatch(/^Blocked by the hook “No secret writes” \(preToolUse\): this write_file call was not run\.\nWrites to src\/secret\.ts are not allowed here\.$/);
    expect(modelSaw(h)).toContain('Writes to src/secret.ts are not allowed here.');
    const [run] = await h.settled(1);
    expect(run).toMatchObject({ status: 'blocked', exitCode: 2, tool: 'write_file', paths: ['src/secret.ts'], stderr: 'Writes to src/secret.ts are not allowed here.' });
  });

  it('exit 0 puts stdout into the context where the trigger allows it: the prompt, the tool result', async () => {
    h = await startHooksHarness({
      files: {
        'README.md': '# Demo\n',
        '.kiro/hooks/context.kiro.hook': hookJson('Team rules', { type: 'promptSubmit' }, node('context', '--out "Team rule: answer in French."')),
        '.kiro/hooks/lint.kiro.hook': hookJson('Lint report', { type: 'postToolUse', toolTypes: ['read'] }, node('lint', '--out "LINT: 0 problems"')),
        '.kiro/hooks/stop.kiro.hook': hookJson('Stop report', { type: 'agentStop' }, node('stop', '--out "STOP OUTPUT"')),
      },
      script: {
        turns: [
          { when: { lastUser: 'read', step: 0 }, reply: [{ toolUse: { name: 'read_file', input: { path: 'README.md' } } }] },
          { when: { lastUser: 'read', step: 1 }, reply: [{ text: 'Fini.' }] },
        ],
      },
    });
    const { id } = await h.agent.createSession();
    await h.ask(id, 'read the readme');
    await h.settled(3);
    const first = JSON.stringify(h.servers.requests('bedrock').filter((r) => r.operation === 'ConverseStream')[0]!.body);
    expect(first).toContain('<hook name=\\"Team rules\\" trigger=\\"promptSubmit\\">\\nTeam rule: answer in French.\\n</hook>');
    const [call] = toolCalls((await h.agent.get(id)).data.entries);
    expect(call!.result).toContain('# Demo');
    expect(call!.result).toContain('<hook name="Lint report" trigger="postToolUse">\nLINT: 0 problems\n</hook>');
    expect(modelSaw(h)).toContain('LINT: 0 problems');
    // agentStop's output has nowhere to go in the model's context: it is kept for the panel.
    expect(modelSaw(h)).not.toContain('STOP OUTPUT');
    expect(h.finished().find((r) => r.hookName === 'Stop report')).toMatchObject({ status: 'ok', stdout: 'STOP OUTPUT' });
  });

  it('a promptSubmit hook that exits 2 keeps the message from the model, and the person reads why', async () => {
    h = await startHooksHarness({
      files: { '.kiro/hooks/gate.kiro.hook': hookJson('Prompt gate', { type: 'promptSubmit' }, node('gate', '--exit 2 --err "This prompt contains a customer e-mail address."')) },
      script: { turns: [{ when: { lastUser: '.' }, reply: [{ text: 'should not be asked' }] }] },
    });
    const { id } = await h.agent.createSession();
    const outcome = await h.ask(id, 'mail jane@example.com the report');
    expect(outcome.status).toBe('failed');
    expect(h.servers.requests()).toHaveLength(0);
    const entries = (await h.agent.get(id)).data.entries;
    expect(entries.filter((e) => e.type === 'user')).toHaveLength(0);
    expect(entries.at(-1)).toMatchObject({ type: 'notice', message: expect.stringContaining('This prompt contains a customer e-mail address.') });
  });

  it('other failures warn and let the event go on: a non-zero exit, exit 2 on a trigger that cannot block, a timeout', async () => {
    h = await startHooksHarness({
      files: {
        'README.md': '# Demo\n',
        '.kiro/hooks/broken.kiro.hook': hookJson('Broken check', { type: 'preToolUse', toolTypes: ['read'] }, node('broken', '--exit 1 --err "eslint: command crashed"')),
        '.kiro/hooks/after-save.kiro.hook': hookJson('After save', { type: 'fileEdited', patterns: ['*.md'] }, node('after', '--exit 2 --err "too late to block"')),
        '.kiro/hooks/slow.kiro.hook': hookJson('Slow', { type: 'fileEdited', patterns: ['*.md'] }, { ...node('slow', '--sleep 20000'), timeout: 1 }),
      },
      script: {
        turns: [
          { when: { lastUser: 'read', step: 0 }, reply: [{ toolUse: { name: 'read_file', input: { path: 'README.md' } } }] },
          { when: { lastUser: 'read', step: 1 }, reply: [{ text: 'Read.' }] },
        ],
      },
    });
    const { id } = await h.agent.createSession();
    await h.ask(id, 'read the readme');
    expect(toolCalls((await h.agent.get(id)).data.entries)[0]).toMatchObject({ status: 'done' });
    await h.ws.files.write('README.md', '# Demo 2\n', 'utf8');
    const runs = await h.settled(3);
    const by = (name: string) => runs.find((r) => r.hookName === name)!;
    expect(by('Broken check')).toMatchObject({ status: 'warning', exitCode: 1, message: 'Exit code 1.' });
    expect(by('After save')).toMatchObject({ status: 'warning', exitCode: 2, message: expect.stringMatching(/only preToolUse, promptSubmit and preTaskExecution hooks can block/) });
    expect(by('Slow')).toMatchObject({ status: 'warning', message: 'Timed out after 1 s and was stopped.' });
    expect(by('Slow').durationMs).toBeLessThan(10_000);
    expect(h.notices.map((n) => n.message)).toEqual(
      expect.arrayContaining([
        'Hook “Broken check” (preToolUse): Exit code 1. eslint: command crashed',
        expect.stringMatching(/^Hook “After save” \(fileEdited\): Exit code 2 .* too late to block$/),
        'Hook “Slow” (fileEdited): Timed out after 1 s and was stopped.',
      ]),
    );
  });
});

describe('hooks dispatcher: chains, bursts, limits', () => {
  it('a chain of hooks triggering hooks stops at hooks.maxDepth with a visible notice', async () => {
    h = await startHooksHarness({
      hooks: { maxDepth: 2 },
      files: {
        '.kiro/hooks/a.kiro.hook': hookJson('A', { type: 'fileEdited', patterns: ['src/a.txt'] }, node('A', '--write src/b.txt')),
        '.kiro/hooks/b.kiro.hook': hookJson('B', { type: 'fileCreated', patterns: ['src/b.txt'] }, node('B', '--write src/c.txt')),
        '.kiro/hooks/c.kiro.hook': hookJson('C', { type: 'fileCreated', patterns: ['src/c.txt'] }, node('C', '--write src/d.txt')),
        'src/a.txt': 'start',
      },
    });
    await h.ws.files.write('src/a.txt', 'go', 'utf8');
    const runs = await h.settled(3);
    await h.quiet(1500);
    expect(runs.map((r) => [r.hookName, r.status, r.depth])).toEqual(
      expect.arrayContaining([
        ['A', 'ok', 1],
        ['B', 'ok', 2],
        ['C', 'skipped', 3],
      ]),
    );
    expect(h.finished()).toHaveLength(3);
    expect(existsSync(path.join(h.root, 'src/c.txt'))).toBe(true);
    expect(existsSync(path.join(h.root, 'src/d.txt'))).toBe(false);
    expect(h.notices).toEqual([expect.objectContaining({ level: 'warning', message: 'Hook chain stopped at the depth limit (hooks.maxDepth = 2): “A” → “B” would have triggered “C” (fileCreated). Raise hooks.maxDepth if the chain is intended.' })]);
  });

  it('an askAgent hook runs in its own session in the hook’s name, under the same policy; what its agent writes triggers other hooks one level deeper, never the hook itself', async () => {
    h = await startHooksHarness({
      files: {
        '.kiro/hooks/docs.kiro.hook': hookJson('Update docs', { type: 'fileEdited', patterns: ['src/*.ts', 'docs/*.md'] }, { type: 'askAgent', prompt: 'Update docs/api.md for the change.' }),
        '.kiro/hooks/check.kiro.hook': hookJson('Check docs', { type: 'fileEdited', patterns: ['docs/*.md'] }, node('check')),
        'src/api.ts': 'export {};\n',
        'docs/api.md': '# Old\n',
      },
      script: {
        turns: [
          { when: { lastUser: 'Update docs/api.md', step: 0 }, reply: [{ toolUse: { name: 'write_file', input: { path: 'docs/api.md', content: '# API\n' } } }] },
          { when: { lastUser: 'Update docs/api.md', step: 1 }, reply: [{ text: 'Docs updated.' }] },
        ],
      },
    });
    // A person approves what the hook's agent proposes (the workspace is Supervised).
    const { getPolicy } = await import('../policy/policy-service');
    const policy = getPolicy(h.ws);
    const approvals: string[] = [];
    policy.approvalsChanged.on((pending) => {
      for (const a of pending) {
        if (approvals.includes(`${a.actor}: ${a.view.title}`)) continue;
        approvals.push(`${a.actor}: ${a.view.title}`);
        setTimeout(() => void policy.respond(a.id, 'approve'), 5);
      }
    });
    await h.ws.files.write('src/api.ts', 'export const v = 2;\n', 'utf8');
    const runs = await h.settled(2);
    await h.quiet(800);
    expect(h.finished()).toHaveLength(2);
    const docs = runs.find((r) => r.hookName === 'Update docs')!;
    const check = runs.find((r) => r.hookName === 'Check docs')!;
    expect(docs).toMatchObject({ status: 'ok', action: 'askAgent', depth: 1, paths: ['src/api.ts'] });
    expect(check).toMatchObject({ status: 'ok', depth: 2, paths: ['docs/api.md'] });
    expect(approvals).toEqual([expect.stringMatching(/^hook:Update docs: /)]);
    expect(await readFile(path.join(h.root, 'docs/api.md'), 'utf8')).toBe('# API\n');
    const session = await h.agent.get(docs.sessionId!);
    expect(session.data).toMatchObject({ kind: 'hook', origin: 'Update docs', title: 'Hook: Update docs' });
    const user = session.data.entries.find((e) => e.type === 'user')!;
    expect(user).toMatchObject({ source: 'hook', context: [{ kind: 'file', arg: 'src/api.ts' }] });
    expect(toolCalls(session.data.entries)[0]).toMatchObject({ name: 'write_file', status: 'done', decision: { by: 'person' } });
    expect((await h.agent.list()).map((s) => s.title)).toContain('Hook: Update docs');
  });

  it('debounces a burst of saves into one run with every path', async () => {
    h = await startHooksHarness({ hooks: { debounceMs: 300 }, files: { '.kiro/hooks/lint.kiro.hook': hookJson('Lint', { type: 'fileEdited', patterns: ['src/**/*.ts'] }, node('lint')), 'src/x.ts': '' } });
    for (const f of ['a', 'b', 'c', 'd', 'e']) await h.ws.files.write(`src/${f}.ts`, f, 'utf8');
    for (const f of ['a', 'b', 'c', 'd', 'e', 'x']) await h.ws.files.write(`src/${f}.ts`, `${f}2`, 'utf8');
    await h.settled(1);
    await h.quiet(700);
    const fired = await h.fired();
    expect(fired).toHaveLength(1);
    expect(fired[0]!.files.split('\n')).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts', 'src/e.ts', 'src/x.ts']);
    await h.ws.files.write('src/x.ts', 'later', 'utf8');
    await h.settled(2);
    expect((await h.fired())[1]!.files).toBe('src/x.ts');
  });

  it('a hook’s own writes do not trigger it again', async () => {
    h = await startHooksHarness({ files: { '.kiro/hooks/fmt.kiro.hook': hookJson('Format', { type: 'fileEdited', patterns: ['src/*.txt'] }, node('fmt', '--write src/a.txt')), 'src/a.txt': 'x' } });
    await h.ws.files.write('src/a.txt', 'edited', 'utf8');
    await h.settled(1);
    await h.quiet(2000);
    expect(await labels(h)).toEqual(['fmt']);
    expect(await readFile(path.join(h.root, 'src/a.txt'), 'utf8')).toBe('by fmt\n');
    // A person's next save does trigger it.
    await h.ws.files.write('src/a.txt', 'again', 'utf8');
    await h.settled(2);
    expect(await labels(h)).toEqual(['fmt', 'fmt']);
  });

  it('background runs share hooks.maxConcurrent slots, and a preToolUse hook is never queued behind them', async () => {
    const slow = (n: number) => [`.kiro/hooks/slow${n}.kiro.hook`, hookJson(`Slow ${n}`, { type: 'userTriggered' }, node(`slow${n}`, '--sleep 4000'))];
    h = await startHooksHarness({
      hooks: { maxConcurrent: 2 },
      files: {
        ...Object.fromEntries([1, 2, 3, 4].map(slow)),
        'README.md': '# Demo\n',
        '.kiro/hooks/pre.kiro.hook': hookJson('Pre', { type: 'preToolUse', toolTypes: ['*'] }, node('pre')),
      },
      script: {
        turns: [
          { when: { lastUser: 'read', step: 0 }, reply: [{ toolUse: { name: 'read_file', input: { path: 'README.md' } } }] },
          { when: { lastUser: 'read', step: 1 }, reply: [{ text: 'Read.' }] },
        ],
      },
    });
    let running = 0;
    let most = 0;
    const state = new Map<string, string>();
    h.dispatcher.runEvents.on((r) => {
      const was = state.get(r.id);
      state.set(r.id, r.status);
      if (r.hookName.startsWith('Slow') && r.status === 'running' && was !== 'running') most = Math.max(most, ++running);
      if (r.hookName.startsWith('Slow') && was === 'running' && r.status !== 'running') running--;
    });
    for (const n of [1, 2, 3, 4]) h.dispatcher.runUserTriggered(h.dispatcher.hooks.find((x) => x.name === `Slow ${n}`)!.id);
    const queued = [...h.runs.values()].filter((r) => r.status === 'queued').map((r) => r.hookName);
    expect(queued).toEqual(['Slow 3', 'Slow 4']);
    const { id } = await h.agent.createSession();
    await h.ask(id, 'read the readme');
    const pre = h.finished().find((r) => r.hookName === 'Pre')!;
    expect(pre.status).toBe('ok');
    // It ran while two background runs held both slots and two more waited.
    expect([...h.runs.values()].filter((r) => r.hookName.startsWith('Slow') && r.status !== 'ok')).toHaveLength(4);
    const runs = await h.settled(5, 40_000);
    expect(runs.filter((r) => r.hookName.startsWith('Slow')).every((r) => r.status === 'ok')).toBe(true);
    expect(most).toBe(2);
  });
});

describe('hooks and the policy', () => {
  it('a hook command no trust rule covers waits for a person; rejected, it does not run', async () => {
    h = await startHooksHarness({ trust: [], files: { 'notes.md': '', '.kiro/hooks/lint.kiro.hook': hookJson('Lint', { type: 'fileEdited', patterns: ['*.md'] }, node('lint')) } });
    const { getPolicy } = await import('../policy/policy-service');
    const policy = getPolicy(h.ws);
    const asked: string[] = [];
    policy.approvalsChanged.on((pending) => {
      for (const a of pending) {
        asked.push(`${a.actor}: ${a.view.title}`);
        setTimeout(() => void policy.respond(a.id, 'reject'), 5);
      }
    });
    await h.ws.files.write('notes.md', 'x', 'utf8');
    const [run] = await h.settled(1);
    expect(asked).toEqual(['hook:Lint: node h.js lint']);
    expect(run).toMatchObject({ status: 'denied', message: 'Not run: the person rejected the command.' });
    expect(await h.fired()).toEqual([]);
    const audit = await policy.audit.readAll();
    expect(audit.filter((r) => r.actor === 'hook:Lint').map((r) => r.type)).toEqual(['proposal', 'decision', 'approval']);
  });
});
