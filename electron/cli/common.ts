import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from 'commander';

// The CLI is bundled to dist/host/cli.mjs, the renderer beside it in dist/renderer. This
// module may land in a shared chunk (dist/host/chunks/) instead, one folder lower.
const here = path.dirname(fileURLToPath(import.meta.url));
const hostDir = path.basename(here) === 'chunks' ? path.dirname(here) : here;
export const STATIC_DIR = path.resolve(hostDir, '..', 'renderer');
export const MAIN_ENTRY = path.join(hostDir, 'main.mjs');

export const parsePort = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
};

export const collect = (v: string, all: string[]) => [...all, v];
