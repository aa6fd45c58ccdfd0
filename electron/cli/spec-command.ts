// `specwright spec`: its flags and help. What it does is in ./spec.ts, loaded only when it runs,
// so starting one subcommand does not load the code of all the others.

import type { Command } from 'commander';
import type { SpecLintOptions } from './spec';

export function registerSpec(program: Command): void {
  const spec = program.command('spec').description('Work with Kiro-compatible specs (.kiro/specs/<name>/).');
  spec
    .command('lint')
    .description('Check specs: EARS acceptance criteria and traceability between requirements, design and tasks. Exits 1 on errors.')
    .argument('[path]', 'a spec folder, a .kiro folder, or a workspace (every spec, nested .kiro folders included)', '.')
    .option('--json', 'one JSON object per spec, one per line')
    .option('--strict', 'exit 1 on warnings too')
    .option('--verbose', 'also print notes (vague words, style)')
    .action(async (target: string, flags: SpecLintOptions) => {
      process.exitCode = await (await import('./spec')).runSpecLint(target, flags);
    });
}
