import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { defaultDataDir } from './host/data-dir';
import { findElectronBinary } from './host/electron-binary';
import { VERSION } from './host/version';
import { startServer } from './server';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/host → dist/renderer */
const STATIC_DIR = path.resolve(here, '..', 'renderer');
const MAIN_ENTRY = path.join(here, 'main.mjs');

const parsePort = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
};
const collect = (v: string, all: string[]) => [...all, v];

interface ServeFlags {
  workspace?: string;
  port: number;
  host: string;
  token?: string;
  dataDir?: string;
  open: string[];
}

async function serve(flags: ServeFlags) {
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

function openDesktopOrServe(folder: string | undefined, flags: Omit<ServeFlags, 'workspace'>) {
  const electron = findElectronBinary();
  if (!electron) {
    console.log('Specwright: the Electron desktop runtime is not installed here, so the IDE starts in server mode instead — open the URL below in a browser.');
    return serve({ ...flags, ...(folder ? { workspace: folder } : {}) });
  }
  const args = [MAIN_ENTRY, ...(folder ? [path.resolve(folder)] : []), ...flags.open.flatMap((f) => ['--open', f])];
  const child = spawn(electron, args, {
    stdio: 'inherit',
    env: { ...process.env, ...(flags.dataDir ? { SPECWRIGHT_DATA_DIR: path.resolve(flags.dataDir) } : {}) },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}

export function buildProgram(): Command {
  const program = new Command('specwright')
    .description('Specwright — a spec-driven AI IDE.')
    .version(VERSION)
    .showHelpAfterError()
    .enablePositionalOptions();

  program
    .argument('[folder]', 'folder to open as the workspace')
    .option('--open <file>', 'file to open in the editor (repeatable)', collect, [])
    .option('--data-dir <dir>', "where Specwright keeps its own data (default: the platform's app data folder)")
    .option('--port <n>', 'port for the server-mode fallback', parsePort, 0)
    .option('--host <address>', 'address for the server-mode fallback', '127.0.0.1')
    .action((folder: string | undefined, flags: Omit<ServeFlags, 'workspace'>) => openDesktopOrServe(folder, flags));

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
