import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { deflate, deflateSync, inflate, inflateSync } from 'node:zlib';
import { OBJECT_TMP_SUFFIX, SHADOW_TMP, shadowFs, type ShadowFs } from './shadow-fs';
import { loadIsomorphicGit } from '../git/load-isomorphic-git';

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);

export type GitMode = '100644' | '100755' | '120000' | '040000';
export interface TreeItem {
  name: string;
  mode: GitMode;
  oid: string;
}

export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
/** Git's loose objects use zlib level 1 (core.looseCompression): speed over size, as here. */
const LOOSE_COMPRESSION = 1;
/** Above this, deflate on libuv's thread pool instead of blocking the host's event loop. */
const ASYNC_DEFLATE_ABOVE = 64 * 1024;
const TREE_CACHE_SIZE = 8192;

/** The shadow repository cannot be trusted: an object is missing or does not match its id. */
export class StoreDamagedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreDamagedError';
  }
}

/** Git sorts tree entries by name bytes, with a folder compared as if its name ended in '/'. */
function treeSortKey(item: TreeItem): Buffer {
  return Buffer.from(item.mode === '040000' ? `${item.name}/` : item.name, 'utf8');
}

/** The canonical bytes of a tree object, without its header. */
export function encodeTree(items: TreeItem[]): Buffer {
  const sorted = items.map((item) => ({ item, key: treeSortKey(item) })).sort((a, b) => Buffer.compare(a.key, b.key));
  const parts: Buffer[] = [];
  for (const { item } of sorted) {
    parts.push(Buffer.from(`${item.mode === '040000' ? '40000' : item.mode} ${item.name}\0`, 'utf8'), Buffer.from(item.oid, 'hex'));
  }
  return Buffer.concat(parts);
}

const wrap = (type: 'blob' | 'tree', body: Uint8Array) => [Buffer.from(`${type} ${body.length}\0`), body] as const;

/**
 * One workspace's shadow repository: a git directory under the app's data folder whose
 * working tree is the workspace (`dir` = workspace, `gitdir` = shadow). Objects are written
 * and read with isomorphic-git; hashing and compression use Node's native sha1 and zlib so
 * that a snapshot costs what git's own would. Nothing here ever looks at the workspace's own
 * `.git`.
 */
export class ShadowRepo {
  readonly fs: ShadowFs;
  private readonly cache = {};
  private trees = new Map<string, TreeItem[]>();
  private known = new Set<string>();
  /** Compressed bytes written since the store's size was last measured. */
  bytesWritten = 0;

  private constructor(
    readonly gitdir: string,
    readonly workdir: string,
  ) {
    this.fs = shadowFs(gitdir);
  }

  /** Opens the shadow repository at `gitdir`, creating it if absent; throws StoreDamagedError when it is not a usable repository. */
  static async open(gitdir: string, workdir: string): Promise<ShadowRepo> {
    const repo = new ShadowRepo(gitdir, workdir);
    let exists = true;
    try {
      await stat(gitdir);
    } catch {
      exists = false;
    }
    if (!exists) {
      await mkdir(path.dirname(gitdir), { recursive: true });
      await (await loadIsomorphicGit()).init({ fs: repo.fs, dir: workdir, gitdir, defaultBranch: 'main' });
      // HEAD names the newest checkpoint, so `git --git-dir=<shadow> log` shows the history.
      await repo.fs.promises.writeFile(path.join(gitdir, 'HEAD'), 'ref: refs/heads/latest\n');
      // All 256 fan-out folders up front: the first object of each would otherwise fail, mkdir and retry.
      await Promise.all(Array.from({ length: 256 }, (_, i) => mkdir(path.join(gitdir, 'objects', i.toString(16).padStart(2, '0')), { recursive: true })));
    } else {
      const head = await readFile(path.join(gitdir, 'HEAD'), 'utf8').catch(() => '');
      const objects = await stat(path.join(gitdir, 'objects')).catch(() => null);
      if (!head.startsWith('ref: ') || !objects?.isDirectory()) {
        throw new StoreDamagedError(`'${gitdir}' is not a usable git directory (HEAD or objects/ is missing).`);
      }
    }
    // Leftovers of writes a killed process never finished: never part of any object or ref.
    await rm(path.join(gitdir, SHADOW_TMP), { recursive: true, force: true });
    await removeObjectLeftovers(path.join(gitdir, 'objects'));
    return repo;
  }

  objectPath(oid: string): string {
    return path.join(this.gitdir, 'objects', oid.slice(0, 2), oid.slice(2));
  }

  async hasObject(oid: string): Promise<boolean> {
    if (this.known.has(oid)) return true;
    try {
      statSync(this.objectPath(oid));
      this.remember(oid);
      return true;
    } catch {
      return false;
    }
  }

  private remember(oid: string) {
    if (this.known.size > 200_000) this.known.clear();
    this.known.add(oid);
  }

  /** Forgets what it knows of the object store (after objects were deleted by retention). */
  forgetKnownObjects(): void {
    this.known.clear();
    this.trees.clear();
  }

  private async writeLoose(type: 'blob' | 'tree', oid: string, parts: readonly [Buffer, Uint8Array]) {
    if (await this.hasObject(oid)) return;
    const wrapped = Buffer.concat(parts);
    const deflated = wrapped.length > ASYNC_DEFLATE_ABOVE ? await deflateAsync(wrapped, { level: LOOSE_COMPRESSION }) : deflateSync(wrapped, { level: LOOSE_COMPRESSION });
    await (await loadIsomorphicGit()).writeObject({ fs: this.fs, gitdir: this.gitdir, type, object: deflated, format: 'deflated', oid });
    this.bytesWritten += deflated.length;
    this.remember(oid);
  }

  /** The id a blob with these bytes has, without writing it. */
  static blobId(bytes: Uint8Array): string {
    const [header] = wrap('blob', bytes);
    return createHash('sha1').update(header).update(bytes).digest('hex');
  }

  async writeBlob(bytes: Uint8Array): Promise<string> {
    const parts = wrap('blob', bytes);
    const oid = createHash('sha1').update(parts[0]).update(parts[1]).digest('hex');
    await this.writeLoose('blob', oid, parts);
    return oid;
  }

  async writeTree(items: TreeItem[]): Promise<string> {
    const body = encodeTree(items);
    const parts = wrap('tree', body);
    const oid = createHash('sha1').update(parts[0]).update(parts[1]).digest('hex');
    await this.writeLoose('tree', oid, parts);
    this.cacheTree(oid, items);
    return oid;
  }

  private cacheTree(oid: string, items: TreeItem[]) {
    if (this.trees.size >= TREE_CACHE_SIZE) this.trees.delete(this.trees.keys().next().value!);
    this.trees.set(oid, items);
  }

  /**
   * A loose object's content, checked against its id. Loose objects are all this store
   * writes, and reading them here (native zlib and sha1) costs a fraction of isomorphic-git's
   * stream-based path; null when there is no loose file (a packed object, or a missing one),
   * which isomorphic-git then looks for in packs.
   */
  private async readLoose(oid: string, type: 'blob' | 'tree'): Promise<Buffer | null> {
    let deflated: Buffer;
    try {
      deflated = await readFile(this.objectPath(oid));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw damaged(type, oid, e);
    }
    let wrapped: Buffer;
    try {
      wrapped = deflated.length > ASYNC_DEFLATE_ABOVE ? await inflateAsync(deflated) : inflateSync(deflated);
    } catch {
      throw new StoreDamagedError(`The checkpoint store is damaged: ${type} ${oid} is corrupt (it does not decompress).`);
    }
    if (createHash('sha1').update(wrapped).digest('hex') !== oid) {
      throw new StoreDamagedError(`The checkpoint store is damaged: ${type} ${oid} is corrupt (its bytes do not match its id).`);
    }
    const nul = wrapped.indexOf(0);
    const [kind, size] = wrapped.subarray(0, Math.max(0, nul)).toString('latin1').split(' ');
    if (nul < 0 || kind !== type || Number(size) !== wrapped.length - nul - 1) {
      throw new StoreDamagedError(`The checkpoint store is damaged: object ${oid} is not the ${type} it should be.`);
    }
    return wrapped.subarray(nul + 1);
  }

  async readTree(oid: string): Promise<TreeItem[]> {
    const cached = this.trees.get(oid);
    if (cached) return cached;
    if (oid === EMPTY_TREE) return [];
    const body = await this.readLoose(oid, 'tree');
    let items: TreeItem[];
    if (body) items = parseTree(oid, body);
    else {
      try {
        const result = await (await loadIsomorphicGit()).readTree({ fs: this.fs, gitdir: this.gitdir, oid, cache: this.cache });
        items = result.tree.map((e): TreeItem => ({ name: e.path, mode: e.mode as GitMode, oid: e.oid }));
      } catch (e) {
        throw damaged('tree', oid, e);
      }
    }
    this.cacheTree(oid, items);
    return items;
  }

  async readBlob(oid: string): Promise<Uint8Array> {
    const body = await this.readLoose(oid, 'blob');
    if (body) return body;
    try {
      return (await (await loadIsomorphicGit()).readBlob({ fs: this.fs, gitdir: this.gitdir, oid, cache: this.cache })).blob;
    } catch (e) {
      throw damaged('blob', oid, e);
    }
  }

  async writeCommit(tree: string, parents: string[], message: string, timeMs: number): Promise<string> {
    const who = { name: 'Specwright', email: 'checkpoints@specwright.invalid', timestamp: Math.floor(timeMs / 1000), timezoneOffset: 0 };
    return (await loadIsomorphicGit()).writeCommit({ fs: this.fs, gitdir: this.gitdir, commit: { message, tree, parent: parents, author: who, committer: who } });
  }

  async readCommit(oid: string): Promise<{ tree: string; parents: string[]; message: string }> {
    try {
      const { commit } = await (await loadIsomorphicGit()).readCommit({ fs: this.fs, gitdir: this.gitdir, oid, cache: this.cache });
      return { tree: commit.tree, parents: commit.parent, message: commit.message };
    } catch (e) {
      throw damaged('commit', oid, e);
    }
  }

  async listRefs(prefix: string): Promise<string[]> {
    return (await loadIsomorphicGit()).listRefs({ fs: this.fs, gitdir: this.gitdir, filepath: prefix });
  }

  async resolveRef(ref: string): Promise<string | null> {
    try {
      return await (await loadIsomorphicGit()).resolveRef({ fs: this.fs, gitdir: this.gitdir, ref });
    } catch (e) {
      if ((e as { code?: string }).code === 'NotFoundError') return null;
      throw damaged('ref', ref, e);
    }
  }

  async writeRef(ref: string, oid: string): Promise<void> {
    await (await loadIsomorphicGit()).writeRef({ fs: this.fs, gitdir: this.gitdir, ref, value: oid, force: true });
  }

  async deleteRef(ref: string): Promise<void> {
    await (await loadIsomorphicGit()).deleteRef({ fs: this.fs, gitdir: this.gitdir, ref });
  }
}

async function removeObjectLeftovers(objects: string): Promise<void> {
  for (const dir of await readdir(objects).catch(() => [] as string[])) {
    if (dir.length !== 2) continue;
    for (const name of await readdir(path.join(objects, dir)).catch(() => [] as string[])) {
      if (name.includes(OBJECT_TMP_SUFFIX)) await rm(path.join(objects, dir, name), { force: true });
    }
  }
}

const MODES: Record<string, GitMode> = { '40000': '040000', '040000': '040000', '100644': '100644', '100755': '100755', '120000': '120000' };

/** The entries of a tree object's body: `<mode> <name>\0<20-byte id>`, repeated. */
function parseTree(oid: string, body: Buffer): TreeItem[] {
  const items: TreeItem[] = [];
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const nul = body.indexOf(0, space + 1);
    const mode = space > at ? MODES[body.toString('latin1', at, space)] : undefined;
    if (space < 0 || nul < 0 || nul + 21 > body.length || !mode) {
      throw new StoreDamagedError(`The checkpoint store is damaged: tree ${oid} cannot be parsed.`);
    }
    items.push({ mode, name: body.toString('utf8', space + 1, nul), oid: body.toString('hex', nul + 1, nul + 21) });
    at = nul + 21;
  }
  return items;
}

function damaged(kind: string, id: string, e: unknown): StoreDamagedError {
  const message = (e as Error).message ?? String(e);
  // isomorphic-git wraps the one useful sentence in a paragraph about filing bug reports.
  const detail = message.includes('error message: ') ? message.slice(message.lastIndexOf('error message: ') + 15) : message;
  const why =
    (e as { code?: string }).code === 'NotFoundError' ? 'is missing' : /SHA check failed/.test(detail) ? 'is corrupt (its bytes do not match its id)' : `cannot be read (${detail.trim()})`;
  return new StoreDamagedError(`The checkpoint store is damaged: ${kind} ${id} ${why}.`);
}
