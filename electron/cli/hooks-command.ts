// `specwright hooks`: its flags and help. What it does is in ./hooks.ts, loaded only when it runs,
// so starting one subcommand does not load the code of all the others.

import type { Command } from 'commander';

export function registerHooks(program: Command): void {
  const hooks = program.command('hooks').description('Helpers for agent hooks (.kiro/hooks).');
  hooks
    .command('scan-secrets')
    .description('Scan for credentials (AWS keys, private keys, bearer and API tokens, passwords in URLs, high-entropy values in assignments) and print each finding as path:line:column. Exit 2 blocks in --staged and --tool-input modes; 1 reports findings in files; 0 means none.')
    .argument('[files...]', 'files to scan (default: $HOOK_FILES, one per line)')
    .option('--staged', 'scan what `git commit` would add; with $TOOL_COMMAND (or the hook event on stdin) set, only when that command is a commit')
    .option('--tool-input', 'scan the content of an agent write (the hook event on stdin) when it goes to a config-like file')
    .action(async (files: string[], flags: { staged?: boolean; toolInput?: boolean }) => {
      const { scanSecrets, readStdin } = await import('./hooks');
      let stdin: Promise<string> | null = null;
      process.exitCode = await scanSecrets(files, flags, {
        cwd: process.cwd(),
        env: process.env,
        stdin: () => (stdin ??= readStdin()),
        out: (l) => console.log(l),
        err: (l) => console.error(l),
      });
    });
}
