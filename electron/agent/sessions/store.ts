import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { AgentSession } from '../../../shared/agent/session';
import { writeFileAtomic } from '../../workspace/atomic-write';

const FILE = /^(s-[A-Za-z0-9_-]{1,80})\.json$/;

/**
 * Sessions on disk: one JSON file per session under `<workspace data>/agent/sessions/`,
 * each written atomically (temp file + rename), so a crash leaves the previous version,
 * never half a file. A file that cannot be read is moved aside (`.damaged`) and reported,
 * never fatal for the others.
 */
export class SessionStore {
  readonly dir: string;
  private writes = new Map<string, Promise<void>>();
  /** Files found damaged on load, moved aside, with why. */
  readonly damaged: { file: string; why: string }[] = [];

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'agent', 'sessions');
  }

  private file(id: string) {
    if (!/^s-[A-Za-z0-9_-]{1,80}$/.test(id)) throw new Error(`Not a session id: ${id}`);
    return path.join(this.dir, `${id}.json`);
  }

  async loadAll(): Promise<AgentSession[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: AgentSession[] = [];
    for (const name of names) {
      const m = FILE.exec(name);
      if (!m) continue;
      const file = path.join(this.dir, name);
      try {
        out.push(AgentSession.parse(JSON.parse(await readFile(file, 'utf8'))));
      } catch (e) {
        this.damaged.push({ file, why: (e as Error).message.split('\n')[0]! });
        await rename(file, `${file}.damaged`).catch(() => {});
      }
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** Saves a session; saves of one session are serialised, and the latest content wins. */
  save(session: AgentSession): Promise<void> {
    const file = this.file(session.id);
    const text = JSON.stringify(session);
    const previous = this.writes.get(session.id) ?? Promise.resolve();
    const next = previous.then(async () => {
      await mkdir(this.dir, { recursive: true });
      await writeFileAtomic(file, Buffer.from(text, 'utf8'));
    });
    const settled = next.catch(() => {});
    this.writes.set(session.id, settled);
    void settled.then(() => {
      if (this.writes.get(session.id) === settled) this.writes.delete(session.id);
    });
    return next;
  }

  async delete(id: string): Promise<void> {
    await (this.writes.get(id) ?? Promise.resolve());
    await rm(this.file(id), { force: true });
  }

  async flush(): Promise<void> {
    await Promise.all([...this.writes.values()]);
  }
}
