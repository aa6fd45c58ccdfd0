import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { toolPath } from './paths';
import { ToolInputError, type AgentTool } from './types';

const Input = z
  .object({
    command: z.string().min(1).max(100_000).describe('A bash command line, run in the workspace (or cwd).'),
    cwd: z.string().optional().describe('Folder to run it in, relative to the workspace root. Default: the root.'),
    timeout_seconds: z.number().int().min(1).optional().describe('Stop the command (Ctrl-C, then kill) after this many seconds. Default: 300.'),
  });

export const runCommandTool: AgentTool<z.infer<typeof Input>> = {
  name: 'run_command',
  category: 'shell',
  description:
    'Run a shell command in the workspace, visible to the person in the Agent terminal, and get its exit code and output (head and tail when long). Commands that do not end by themselves (dev servers, watchers) run in a background terminal and return their first output. Use it to build, test, and inspect; prefer the file tools to read and change files.',
  input: Input,
  async prepare(input, ctx) {
    let cwd: string | undefined;
    if (input.cwd && input.cwd !== '.') {
      const { abs, rel } = await toolPath(ctx.ws, input.cwd);
      const info = await stat(abs).catch(() => null);
      if (!info?.isDirectory()) throw new ToolInputError(`cwd '${input.cwd}' is not a folder of the workspace.`);
      cwd = rel || undefined;
    }
    const max = ctx.limits.maxCommandTimeoutSeconds;
    const seconds = Math.min(input.timeout_seconds ?? ctx.limits.commandTimeoutSeconds, max);
    return {
      action: { kind: 'command', command: input.command, ...(cwd ? { cwd } : {}) },
      mutates: true,
      label: `Before run_command ${input.command.length > 60 ? `${input.command.slice(0, 59)}…` : input.command}`,
      async execute() {
        const r = await ctx.runner.run({ command: input.command, ...(cwd ? { cwd } : {}), timeoutMs: seconds * 1000, signal: ctx.signal, sessionId: ctx.sessionId });
        const status = r.backgrounded ? 'Still running in the background' : r.exitCode === null ? 'No exit code' : `Exit code ${r.exitCode}`;
        const head = [r.summary, r.truncated ? 'The output was long: its head and tail are kept.' : ''].filter(Boolean).join(' ');
        const output = r.output.trim() ? r.output.replace(/\s+$/, '') : '(no output)';
        return {
          content: `${head}\n\nOutput:\n${output}`,
          isError: !r.backgrounded && (r.exitCode !== 0 || r.timedOut || r.interrupted),
          summary: r.timedOut ? `Timed out after ${seconds} s` : r.interrupted ? 'Stopped' : status,
          exitCode: r.exitCode,
        };
      },
    };
  },
};
