import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

export class StoreLockedError extends Error {
  constructor(readonly pid: number) {
    super(`The checkpoints of this folder are in use by another Specwright process (pid ${pid}). Close it, or open the folder there.`);
    this.name = 'StoreLockedError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface StoreLock {
  release(): Promise<void>;
}

/**
 * One writer per shadow repository: two hosts (the desktop app and `specwright serve`) on
 * the same folder would otherwise race on its refs. The lock file names its owner's pid;
 * a lock whose owner died (killed mid-snapshot) is stale and taken over.
 */
export async function acquireStoreLock(dir: string): Promise<StoreLock> {
  const file = path.join(dir, 'lock');
  const token = randomBytes(8).toString('hex');
  await mkdir(dir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(JSON.stringify({ pid: process.pid, token }));
      await handle.close();
      return {
        async release() {
          const current = await readFile(file, 'utf8').catch(() => '');
          if (current.includes(token)) await rm(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let pid = NaN;
      try {
        pid = Number(JSON.parse(await readFile(file, 'utf8')).pid);
      } catch {
        // unreadable or half-written by a process that died: stale
      }
      if (Number.isInteger(pid) && alive(pid)) throw new StoreLockedError(pid);
      await rm(file, { force: true });
    }
  }
  throw new Error(`Cannot take the checkpoint store's lock at '${file}'.`);
}
