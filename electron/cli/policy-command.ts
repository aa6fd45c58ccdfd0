// `specwright policy`: its flags and help. What it does is in ./policy.ts, loaded only when it runs,
// so starting one subcommand does not load the code of all the others.

import { InvalidArgumentError, type Command } from 'commander';
import type { Mode } from '../../shared/policy/actions';
import { collect } from './common';
import type { CheckFlags } from './policy';

const parseMode = (v: string): Mode => {
  if (v !== 'autopilot' && v !== 'supervised') throw new InvalidArgumentError('expected autopilot or supervised');
  return v;
};

export function registerPolicy(program: Command): void {
  const policy = program.command('policy').description('Check command lines against the trust rules, guardrails and risk checks.');
  policy
    .command('check')
    .description(
      "Decide a command line as the agent's policy would, without running it. Prints JSON (verdict, reasons, parsed segments) and exits 0 (allow), 1 (ask), 2 (deny) or 3 (error).",
    )
    .argument('<command...>', "the command line, after -- and quoted as one argument: -- 'npm test && git status'")
    .option('--trust <rule>', 'a trust rule to use instead of the configured ones (repeatable), e.g. --trust "npm *"', collect, [])
    .option('--workspace <dir>', 'the workspace whose rules and .kiro/kiro.json apply (default: the current folder)')
    .option('--data-dir <dir>', "where the user's settings live (default: the platform's app data folder)")
    .option('--cwd <dir>', 'the working directory the command would run in, relative to the workspace')
    .option('--mode <mode>', 'autopilot or supervised', parseMode, 'supervised')
    .action(async (words: string[], flags: CheckFlags) => {
      process.exitCode = await (await import('./policy')).policyCheck(words, flags);
    });
}
