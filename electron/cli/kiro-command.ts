// `specwright kiro`: its flags and help. What it does is in ./kiro.ts, loaded only when it runs,
// so starting one subcommand does not load the code of all the others.

import type { Command } from 'commander';

export function registerKiro(program: Command): void {
  const kiro = program.command('kiro').description('Inspect a workspace’s .kiro/ folder.');
  kiro
    .command('check')
    .description('Parse every file under .kiro/ (specs, steering, hooks, mcp.json) and print one JSON line per file: path, kind, ok, summary, diagnostics. Exits 1 when a file has errors.')
    .argument('[dir]', 'a workspace (its .kiro/ and nested ones) or a .kiro folder', '.')
    .option('--no-nested', 'only the top-level .kiro/, not those of nested packages')
    .action(async (dir: string, flags: { nested: boolean }) => {
      process.exitCode = await (await import('./kiro')).runKiroCheck(dir, flags);
    });
}
