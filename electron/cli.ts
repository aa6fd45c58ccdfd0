import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { registerAudit } from './cli/audit-command';
import { registerHooks } from './cli/hooks-command';
import { registerKiro } from './cli/kiro-command';
import { registerOpen } from './cli/open-command';
import { registerPolicy } from './cli/policy-command';
import { registerServe } from './cli/serve-command';
import { registerSpec } from './cli/spec-command';
import { VERSION } from './host/version';

/** Each subcommand's flags are in electron/cli/<name>-command.ts; what it does, in <name>.ts, loaded when it runs. */
const subcommands: ((program: Command) => void)[] = [registerOpen, registerServe, registerPolicy, registerAudit, registerSpec, registerKiro, registerHooks];

export function buildProgram(): Command {
  const program = new Command('specwright')
    .description('Specwright — a spec-driven AI IDE.')
    .version(VERSION)
    .showHelpAfterError()
    .enablePositionalOptions();
  for (const register of subcommands) register(program);
  return program;
}

export async function main(argv = process.argv): Promise<void> {
  await buildProgram().parseAsync(argv);
}

// `node dist/host/cli.mjs …` runs it directly; bin/specwright.mjs imports it and calls main().
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(`Specwright: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
