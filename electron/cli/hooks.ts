// `specwright hooks scan-secrets`: the built-in secret scan the "Secret scan" hook template
// runs. Three ways in, one per hook of the template:
//   --staged        before `git commit` (a preToolUse hook on shell commands): the lines the
//                   commit adds — the index, or with `-a`/`--all` every tracked change.
//   --tool-input    before an agent write (a preToolUse hook on write tools): the content in
//                   the call (the hook event on stdin) when it goes to a config-like file.
//   [files…]        after a save (a fileEdited hook): the files named, or $HOOK_FILES.
// Findings go to stderr as `path:line:column: kind (AKIA…MPLE)`. Exit 2 blocks (pre-tool
// modes); in file mode the save already happened, so findings exit 1 (a warning).

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { formatFinding, isLockFile, isScannedConfigPath, scanDiff, scanText, type SecretFinding } from '../hooks/secret-scan';

const run = promisify(execFile);

export interface ScanIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: () => Promise<string>;
  out: (line: string) => void;
  err: (line: string) => void;
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const parseJson = (s: string): Record<string, unknown> | null => {
  try {
    const v = JSON.parse(s) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** The shell command the agent is about to run: $TOOL_COMMAND, or `tool_input.command` of the event on stdin. */
async function toolCommand(io: ScanIo): Promise<string | null> {
  if (io.env.TOOL_COMMAND) return io.env.TOOL_COMMAND;
  const input = parseJson(await io.stdin())?.tool_input as { command?: unknown } | undefined;
  return typeof input?.command === 'string' ? input.command : null;
}

const COMMIT = /\bgit\b[^;&|]*\bcommit\b/;
const COMMIT_ALL = /\bgit\b[^;&|]*\bcommit\b[^;&|]*(\s-[A-Za-z]*a[A-Za-z]*\b|\s--all\b)/;

async function gitDiff(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-c', 'core.quotepath=off', 'diff', '--no-color', '--no-ext-diff', '-U0', ...args], { cwd, maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

export async function scanSecrets(paths: string[], flags: { staged?: boolean; toolInput?: boolean }, io: ScanIo): Promise<number> {
  let findings: SecretFinding[] = [];
  let block = true;
  if (flags.staged) {
    const command = await toolCommand(io);
    // Run from a hook for every shell command: only commits are scanned.
    if (command !== null && !COMMIT.test(command)) return 0;
    const all = command !== null && COMMIT_ALL.test(command);
    let diff: string;
    try {
      diff = all ? await gitDiff(io.cwd, ['HEAD']).catch(() => gitDiff(io.cwd, ['--cached'])) : await gitDiff(io.cwd, ['--cached']);
    } catch (e) {
      io.err(`secret scan: cannot read the staged changes (${(e as Error).message.split('\n')[0]}); nothing was scanned.`);
      return 1;
    }
    findings = scanDiff(diff);
  } else if (flags.toolInput) {
    const event = parseJson(await io.stdin());
    const input = (event?.tool_input ?? parseJson(io.env.TOOL_INPUT ?? '')) as Record<string, unknown> | null;
    const file = typeof input?.path === 'string' ? input.path : null;
    if (!input || !file || !isScannedConfigPath(file)) return 0;
    const texts = ['content', 'new_string', 'newText', 'new_text', 'text'].flatMap((k) => (typeof input[k] === 'string' ? [input[k] as string] : []));
    findings = texts.flatMap((t) => scanText(t, file));
  } else {
    block = false;
    const files = paths.length ? paths : (io.env.HOOK_FILES ?? '').split('\n').filter(Boolean);
    for (const f of files.filter((x) => !isLockFile(x))) {
      const text = await readFile(path.resolve(io.cwd, f), 'utf8').catch(() => null);
      if (text !== null) findings.push(...scanText(text, f));
    }
  }
  if (!findings.length) return 0;
  const what = flags.staged ? 'The commit would add' : flags.toolInput ? 'This write would add' : 'Saved';
  io.err(`${what} ${findings.length === 1 ? 'a secret' : `${findings.length} possible secrets`}:`);
  for (const f of findings.slice(0, 50)) io.err(formatFinding(f));
  if (findings.length > 50) io.err(`… and ${findings.length - 50} more.`);
  io.err(flags.staged ? 'Remove them from the staged changes (use an environment variable or a secret store), then commit again.' : 'Use an environment variable or a secret store instead of writing the value.');
  return block ? 2 : 1;
}
