import path from 'node:path';
import type { Command } from 'commander';
import { defaultDataDir } from '../host/data-dir';
import { startServer } from '../server';
import { collect, parsePort, STATIC_DIR } from './common';

export interface ServeFlags {
  workspace?: string;
  port: number;
  host: string;
  token?: string;
  dataDir?: string;
  open: string[];
}

export async function serve(flags: ServeFlags): Promise<void> {
  const running = await startServer({
    host: flags.host,
    port: flags.port,
    ...(flags.token ? { token: flags.token } : {}),
    workspace: flags.workspace ? path.resolve(flags.workspace) : null,
    openFiles: flags.open,
    dataDir: flags.dataDir ? path.resolve(flags.dataDir) : defaultDataDir(),
    staticDir: STATIC_DIR,
  });
  console.log(`Specwright ready: ${running.url}`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

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
    .action((flags: ServeFlags) => serve(flags));
}
