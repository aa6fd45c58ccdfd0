import { z } from 'zod';
import { method, stream } from '../rpc/define';
import { Empty, RelPath } from './common';

export const WorkspaceInfo = z.object({
  /** Stable id derived from the folder's real path; names its data under the app's data folder. */
  id: z.string(),
  root: z.string(),
  name: z.string(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

export const EntryKind = z.enum(['file', 'dir']);
export const Entry = z.object({
  name: z.string(),
  path: z.string(),
  kind: EntryKind,
  size: z.number().optional(),
  symlink: z.boolean().optional(),
  /** Matched by .gitignore: listed (dimmed, as VS Code does) but left out of quick open and search. */
  ignored: z.boolean().optional(),
});
export type Entry = z.infer<typeof Entry>;

export const Encoding = z.enum(['utf8', 'utf8bom']);
export type Encoding = z.infer<typeof Encoding>;

const FileVersion = {
  path: z.string(),
  size: z.number(),
  mtime: z.number(),
  /** sha256 of the bytes on disk; saves send it back to detect edits made behind the editor's back. */
  hash: z.string(),
};

export const ReadResult = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    ...FileVersion,
    text: z.string(),
    encoding: Encoding,
    readOnly: z.boolean(),
    notice: z.string().optional(),
  }),
  z.object({ kind: z.literal('binary'), ...FileVersion, notice: z.string() }),
  z.object({ kind: z.literal('tooLarge'), ...FileVersion, notice: z.string() }),
]);
export type ReadResult = z.infer<typeof ReadResult>;

export const WriteResult = z.object(FileVersion);
export type WriteResult = z.infer<typeof WriteResult>;

export const ChangeKind = z.enum(['added', 'changed', 'removed']);
export const FileChange = z.object({
  path: z.string(),
  kind: ChangeKind,
  isDir: z.boolean(),
  /** Made by this host (an editor save, an agent tool) rather than by something else on disk. */
  self: z.boolean(),
});
export type FileChange = z.infer<typeof FileChange>;

export const WorkspaceState = z.object({
  autopilot: z.boolean(),
  openEditors: z.array(z.string()),
  activeEditor: z.string().nullable(),
});
export type WorkspaceState = z.infer<typeof WorkspaceState>;

export const workspaceContract = {
  'workspace.open': method(z.object({ path: z.string().min(1).max(4096) }), WorkspaceInfo),
  'workspace.close': method(Empty, Empty),
  'workspace.list': method(z.object({ path: RelPath }), z.object({ entries: z.array(Entry) })),
  /** Every file not ignored, for quick open; capped, with `truncated` saying so. */
  'workspace.files': method(Empty, z.object({ files: z.array(z.string()), truncated: z.boolean() })),
  'workspace.read': method(z.object({ path: RelPath }), ReadResult),
  'workspace.write': method(
    z.object({
      path: RelPath,
      text: z.string(),
      encoding: Encoding.default('utf8'),
      /** Hash the editor last saw; a different file on disk answers CONFLICT instead of overwriting it. */
      expectedHash: z.string().optional(),
    }),
    WriteResult,
  ),
  'workspace.create': method(z.object({ path: RelPath, kind: EntryKind }), Entry),
  'workspace.rename': method(z.object({ from: RelPath, to: RelPath }), Empty),
  'workspace.delete': method(z.object({ path: RelPath }), Empty),
  'workspace.getState': method(Empty, WorkspaceState),
  'workspace.setState': method(WorkspaceState.partial(), WorkspaceState),
  'workspace.changes': stream(Empty, z.object({ changes: z.array(FileChange) })),
};
