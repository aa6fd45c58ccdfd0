import { createHash } from 'node:crypto';
import type { Checkpoint, Session } from '../../shared/contract/checkpoints';
import { decodeMessage, type CheckpointMeta } from './metadata';
import { StoreDamagedError, type ShadowRepo } from './shadow-repo';

export interface StoredCheckpoint {
  checkpoint: Checkpoint;
  tree: string | null;
  parent: string | null;
  sessionKind: Session['kind'];
  order: number;
}

export const SESSIONS_REF_PREFIX = 'refs/specwright/sessions';
/** The newest checkpoint of all: the state the store last saw on disk. */
export const HEAD_REF = 'refs/heads/latest';

/** Session ids come from the agent and may hold anything; ref names may not. */
export const sessionRef = (sessionId: string) => `${SESSIONS_REF_PREFIX}/${createHash('sha1').update(sessionId).digest('hex').slice(0, 24)}`;

export const EMPTY_ROOT = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * Every checkpoint the store holds, read once from the shadow repository: each session is
 * one ref whose commits chain back to its first checkpoint. Kept in memory because the
 * timeline asks for it often and it is small (metadata only, no file contents).
 */
export class CheckpointLog {
  private byId = new Map<string, StoredCheckpoint>();
  private sessions = new Map<string, { kind: Session['kind']; ids: string[] }>();
  private counter = 0;
  headId: string | null = null;

  static async load(repo: ShadowRepo): Promise<CheckpointLog> {
    const log = new CheckpointLog();
    const refs = await repo.listRefs(SESSIONS_REF_PREFIX);
    const loaded: Omit<StoredCheckpoint, 'order'>[] = [];
    for (const name of refs) {
      let oid = await repo.resolveRef(`${SESSIONS_REF_PREFIX}/${name}`);
      const chain: Omit<StoredCheckpoint, 'order'>[] = [];
      while (oid) {
        const commit = await repo.readCommit(oid);
        const meta = decodeMessage(commit.message);
        if (!meta) throw new StoreDamagedError(`The checkpoint store is damaged: commit ${oid} has no readable checkpoint metadata.`);
        chain.push(toStored(oid, commit.tree, commit.parents[0] ?? null, meta));
        oid = commit.parents[0] ?? null;
      }
      loaded.push(...chain.reverse());
    }
    loaded.sort((a, b) => a.checkpoint.time - b.checkpoint.time || a.checkpoint.seq - b.checkpoint.seq);
    for (const s of loaded) log.add(s);
    const head = await repo.resolveRef(HEAD_REF);
    log.headId = head && log.byId.has(head) ? head : (loaded[loaded.length - 1]?.checkpoint.id ?? null);
    return log;
  }

  add(stored: Omit<StoredCheckpoint, 'order'>): StoredCheckpoint {
    const s = { ...stored, order: this.counter++ };
    this.byId.set(s.checkpoint.id, s);
    const sid = s.checkpoint.sessionId;
    let session = this.sessions.get(sid);
    if (!session) this.sessions.set(sid, (session = { kind: s.sessionKind, ids: [] }));
    session.ids.push(s.checkpoint.id);
    return s;
  }

  get(id: string): StoredCheckpoint | undefined {
    return this.byId.get(id);
  }

  get head(): StoredCheckpoint | undefined {
    return this.headId ? this.byId.get(this.headId) : undefined;
  }

  get size(): number {
    return this.byId.size;
  }

  /** Newest first. */
  checkpoints(): Checkpoint[] {
    return [...this.byId.values()].sort((a, b) => b.order - a.order).map((s) => s.checkpoint);
  }

  /** Oldest first. */
  sessionList(): Session[] {
    return [...this.sessions.entries()]
      .map(([id, s]) => {
        const first = this.byId.get(s.ids[0]!)!.checkpoint;
        const last = this.byId.get(s.ids[s.ids.length - 1]!)!.checkpoint;
        return { id, kind: s.kind, startedAt: first.time, lastAt: last.time, count: s.ids.length };
      })
      .sort((a, b) => a.startedAt - b.startedAt);
  }

  sessionIds(sessionId: string): string[] {
    return this.sessions.get(sessionId)?.ids ?? [];
  }

  firstOf(sessionId: string): StoredCheckpoint | undefined {
    const id = this.sessions.get(sessionId)?.ids[0];
    return id ? this.byId.get(id) : undefined;
  }

  lastOf(sessionId: string): StoredCheckpoint | undefined {
    const ids = this.sessions.get(sessionId)?.ids;
    return ids?.length ? this.byId.get(ids[ids.length - 1]!) : undefined;
  }

  removeSession(sessionId: string): void {
    for (const id of this.sessions.get(sessionId)?.ids ?? []) this.byId.delete(id);
    this.sessions.delete(sessionId);
    if (this.headId && !this.byId.has(this.headId)) this.headId = null;
  }
}

function toStored(id: string, tree: string, parent: string | null, meta: CheckpointMeta): Omit<StoredCheckpoint, 'order'> {
  const { format: _format, sessionKind, ...rest } = meta;
  return { checkpoint: { id, ...rest }, tree: tree === EMPTY_ROOT ? null : tree, parent, sessionKind };
}

export { toStored };
