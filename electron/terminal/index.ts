/**
 * The terminal feature's public face for other host features (the agent's `run_command`
 * tool, `#terminal` context):
 *
 *   const terminals = terminalService(ws);
 *   const result = await terminals.runCommand({ command, cwd, timeoutMs, signal, background });
 *   const context = await terminals.context({ lines: 50 }); // the active terminal, ANSI stripped
 */
export { terminalService } from './handlers';
export { TerminalService, type CreateTerminalOptions, type TerminalOwner } from './terminal-service';
export type { RunCommandOptions, RunCommandResult } from './command-runner';
export { renderPlainText } from './plain-text';
