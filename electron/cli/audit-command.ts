// `specwright audit`: its flags and help. What it does is in ./audit.ts, loaded only when it runs,
// so starting one subcommand does not load the code of all the others.

import type { Command } from 'commander';
import type { VerifyFlags } from './audit';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description("Work with a workspace's audit log.");
  audit
    .command('verify')
    .description("Check an audit log's hash chain; exits 1 and names the first broken record if any line was changed, removed or moved.")
    .argument('[file]', 'an audit.jsonl file (or the folder holding it) instead of a workspace')
    .option('--workspace <dir>', 'the workspace whose log to check (default: the current folder)')
    .option('--data-dir <dir>', "Specwright's data folder (default: the platform's app data folder)")
    .option('--json', 'print the result as JSON')
    .action(async (file: string | undefined, flags: VerifyFlags) => {
      if (file && flags.workspace) {
        console.error('Specwright: give either a FILE or --workspace, not both.');
        process.exitCode = 2;
        return;
      }
      process.exitCode = await (await import('./audit')).auditVerify(file, flags);
    });
}
