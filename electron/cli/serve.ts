import path from 'node:path';
import { defaultDataDir } from '../host/data-dir';
import { startServer } from '../server';
import { STATIC_DIR } from './common';

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
