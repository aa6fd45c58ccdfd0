// `specwright serve`: its flags and help. What it does is in ./serve.ts, loaded only when it runs.

import type { Command } from 'commander';
import { collect, parsePort } from './common';
import type { ServeFlags } from './serve';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the IDE as a server for a browser: the renderer and its WebSocket on one loopback port, guarded by a token.')
    .option('--workspace <dir>', 'folder to open as the workspace')
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, 0)
    .option('--host <address>', 'address to bind; anything but loopback exposes the IDE to the network', '127.0.0.1')
    .option('--token <token>', 'access token (default: a random one per run)')
    .option('--data-dir <dir>', "where Specwright keeps its own data (default: the platform's app data folder)")
    .option('--open <file>', 'file to open in the editor (repeatable)', collect, [])
    .action(async (flags: ServeFlags) => (await import('./serve')).serve(flags));
}
