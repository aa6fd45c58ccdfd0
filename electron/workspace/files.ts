import { lstat, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Encoding, Entry, ReadResult, WriteResult } from '../../shared/contract/workspace';
import { RpcError } from '../../shared/rpc/errors';
import { Emitter } from '../../shared/rpc/transport';
import { TEMP_PREFIX, writeFileAtomic } from './atomic-write';
import { fsError } from './fs-errors';
import type { IgnoreRules } from './ignore-rules';
import { resolveInside } from './paths';
import { decodeText, encodeText, looksBinary, sha256 } from './text-codec';

export interface FileLimits {
  /** Larger text files open read-only: Monaco stays responsive, but editing them is not what people want. */
  readOnlyAbove: number;
  /** Larger files are not loaded at all. */
  refuseAbove: number;
}
export const defaultLimits: FileLimits = { readOnlyAbove: 20 * 1024 * 1024, refuseAbove: 64 * 1024 * 1024 };

/** A change this host made itself, announced before any watcher could notice it. */
export interface HostWrite {
  path: string;
  kind: 'added' | 'changed' | 'removed';
  isDir: boolean;
}

const SELF_WINDOW_MS = 5_000;

/** Names never shown or touched as workspace content. */
export const isHiddenName = (name: string) => name === '.git' || name.startsWith(TEMP_PREFIX);

/**
 * Every file operation the renderer (and later the agent's tools) can ask for, confined
 * to the workspace. Each mutation is announced on `writes` so the watcher can tell the
 * host's own changes from outside ones and checkpoints know what to hash.
 */
export class WorkspaceFiles {
  readonly writes = new Emitter<HostWrite>();
  /** Recent own changes: mtime of the written file, null for a removal, 'pending' while the write is under way. */
  private recent = new Map<string, { mtime: number | null | 'pending'; isDir: boolean; at: number }>();

  constructor(
    readonly root: string,
    private readonly ignore: IgnoreRules,
    private readonly limits: FileLimits = defaultLimits,
  ) {}

  resolve(rel: string) {
    return resolveInside(this.root, rel);
  }

  async list(relDir: string): Promise<Entry[]> {
    const { abs, rel } = await this.resolve(relDir);
    let dirents;
    try {
      dirents = await readdir(abs, { withFileTypes: true });
    } catch (e) {
      throw fsError(e, 'list', rel);
    }
    const entries = await Promise.all(
      dirents
        .filter((d) => !isHiddenName(d.name))
        .map(async (d): Promise<Entry> => {
          const childRel = rel === '' ? d.name : `${rel}/${d.name}`;
          let isDir = d.isDirectory();
          let size: number | undefined;
          const symlink = d.isSymbolicLink();
          if (symlink || d.isFile()) {
            try {
              const info = await stat(path.join(abs, d.name));
              isDir = info.isDirectory();
              if (!isDir) size = info.size;
            } catch {
              // a dangling symlink: list it as a file that cannot be opened
            }
          }
          const entry: Entry = { name: d.name, path: childRel, kind: isDir ? 'dir' : 'file' };
          if (size !== undefined) entry.size = size;
          if (symlink) entry.symlink = true;
          if (this.ignore.isIgnored(childRel, isDir)) entry.ignored = true;
          return entry;
        }),
    );
    return entries.sort((a, b) =>
      a.kind !== b.kind ? (a.kind === 'dir' ? -1 : 1) : a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }),
    );
  }

  async read(relPath: string): Promise<ReadResult> {
    const { abs, rel } = await this.resolve(relPath);
    try {
      const info = await stat(abs);
      if (info.isDirectory()) throw new RpcError('BAD_REQUEST', `Cannot open '${rel}': it is a folder.`);
      const base = { path: rel, size: info.size, mtime: info.mtimeMs };
      if (info.size > this.limits.refuseAbove) {
        return {
          kind: 'tooLarge',
          ...base,
          hash: `size:${info.size}:${info.mtimeMs}`,
          notice: `This file is ${formatBytes(info.size)}, over the ${formatBytes(this.limits.refuseAbove)} limit; it is not opened.`,
        };
      }
      const bytes = await readFile(abs);
      const hash = sha256(bytes);
      if (looksBinary(bytes)) {
        return { kind: 'binary', ...base, size: bytes.length, hash, notice: `Binary file (${formatBytes(bytes.length)}); not shown.` };
      }
      const decoded = decodeText(bytes);
      const notices: string[] = [];
      if (!decoded.exact) notices.push('This file is not valid UTF-8; it is open read-only so that saving cannot change its bytes.');
      if (bytes.length > this.limits.readOnlyAbove) {
        notices.push(`This file is ${formatBytes(bytes.length)}, over the ${formatBytes(this.limits.readOnlyAbove)} editing limit; it is open read-only.`);
      }
      const result: ReadResult = {
        kind: 'text',
        ...base,
        size: bytes.length,
        hash,
        text: decoded.text,
        encoding: decoded.encoding,
        readOnly: notices.length > 0,
      };
      if (notices.length) result.notice = notices.join(' ');
      return result;
    } catch (e) {
      throw fsError(e, 'open', rel);
    }
  }

  async write(relPath: string, text: string, encoding: Encoding, expectedHash?: string): Promise<WriteResult> {
    return this.writeBytes(relPath, encodeText(text, encoding), expectedHash);
  }

  async writeBytes(relPath: string, bytes: Uint8Array, expectedHash?: string): Promise<WriteResult> {
    const { abs, rel } = await this.resolve(relPath);
    if (rel === '') throw new RpcError('BAD_REQUEST', 'Cannot write the workspace folder itself.');
    let existed = true;
    try {
      const current = await readFile(abs);
      if (expectedHash !== undefined && sha256(current) !== expectedHash) {
        throw new RpcError('CONFLICT', `'${rel}' was changed on disk since it was opened. Compare, or overwrite it.`, {
          path: rel,
          diskHash: sha256(current),
        });
      }
    } catch (e) {
      if (e instanceof RpcError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') existed = false;
      else if (code === 'EISDIR') throw fsError(e, 'save', rel);
      // other read failures (e.g. a write-only file): the write below reports its own error
    }
    // Registered before writing: the watcher may report the rename before this call returns.
    this.recent.set(rel, { mtime: 'pending', isDir: false, at: Date.now() });
    try {
      await writeFileAtomic(abs, bytes);
      const info = await stat(abs);
      this.noteWrite(rel, existed ? 'changed' : 'added', false, info.mtimeMs);
      return { path: rel, size: info.size, mtime: info.mtimeMs, hash: sha256(bytes) };
    } catch (e) {
      this.recent.delete(rel);
      throw fsError(e, 'save', rel);
    }
  }

  async create(relPath: string, kind: 'file' | 'dir'): Promise<Entry> {
    const { abs, rel } = await this.resolve(relPath);
    if (rel === '') throw new RpcError('ALREADY_EXISTS', 'The workspace folder already exists.');
    try {
      if (kind === 'dir') {
        await mkdir(path.dirname(abs), { recursive: true });
        await mkdir(abs);
        this.noteWrite(rel, 'added', true, null);
      } else {
        await mkdir(path.dirname(abs), { recursive: true });
        const handle = await open(abs, 'wx');
        await handle.close();
        this.noteWrite(rel, 'added', false, (await stat(abs)).mtimeMs);
      }
    } catch (e) {
      throw fsError(e, `create`, rel);
    }
    return { name: path.posix.basename(rel), path: rel, kind, ...(kind === 'file' ? { size: 0 } : {}) };
  }

  async rename(fromRel: string, toRel: string): Promise<void> {
    const from = await this.resolve(fromRel);
    const to = await this.resolve(toRel);
    if (from.rel === '' || to.rel === '') throw new RpcError('BAD_REQUEST', 'Cannot rename the workspace folder itself.');
    let isDir: boolean;
    try {
      isDir = (await lstat(from.abs)).isDirectory();
    } catch (e) {
      throw fsError(e, 'rename', from.rel);
    }
    const sameFile = from.abs.toLowerCase() === to.abs.toLowerCase(); // a case-only rename
    if (!sameFile && (await exists(to.abs))) {
      throw new RpcError('ALREADY_EXISTS', `Cannot rename '${from.rel}' to '${to.rel}': '${to.rel}' already exists.`, { path: to.rel });
    }
    try {
      await mkdir(path.dirname(to.abs), { recursive: true });
      await rename(from.abs, to.abs);
    } catch (e) {
      throw fsError(e, 'rename', from.rel);
    }
    this.noteWrite(from.rel, 'removed', isDir, null);
    this.noteWrite(to.rel, 'added', isDir, isDir ? null : (await stat(to.abs)).mtimeMs);
  }

  async delete(relPath: string): Promise<void> {
    const { abs, rel } = await this.resolve(relPath);
    if (rel === '') throw new RpcError('BAD_REQUEST', 'Cannot delete the workspace folder itself.');
    let isDir: boolean;
    try {
      isDir = (await lstat(abs)).isDirectory();
      await rm(abs, { recursive: true });
    } catch (e) {
      throw fsError(e, 'delete', rel);
    }
    this.noteWrite(rel, 'removed', isDir, null);
  }

  /** Whether a watcher event for `rel` is the echo of one of this host's own changes. */
  isSelfChange(rel: string, kind: 'added' | 'changed' | 'removed', mtime: number | undefined): boolean {
    const now = Date.now();
    for (const [p, note] of this.recent) {
      if (now - note.at > SELF_WINDOW_MS) {
        this.recent.delete(p);
        continue;
      }
      const covers = p === rel || (note.isDir && rel.startsWith(`${p}/`));
      if (!covers) continue;
      if (kind === 'removed') return note.mtime === null;
      if (note.isDir || note.mtime === 'pending') return true;
      if (note.mtime !== null && mtime !== undefined && note.mtime === mtime) return true;
    }
    return false;
  }

  private noteWrite(rel: string, kind: HostWrite['kind'], isDir: boolean, mtime: number | null) {
    this.recent.set(rel, { mtime, isDir, at: Date.now() });
    this.writes.emit({ path: rel, kind, isDir });
  }
}

async function exists(abs: string) {
  try {
    await lstat(abs);
    return true;
  } catch {
    return false;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
