import { z } from 'zod';
import { method, stream } from '../rpc/define';
import { Empty } from './common';
import { WorkspaceInfo } from './workspace';

export const HostMode = z.enum(['desktop', 'server']);

export const Bootstrap = z.object({
  mode: HostMode,
  version: z.string(),
  platform: z.string(),
  homeDir: z.string(),
  /** The workspace this window starts on (command line, or the last one opened). */
  workspace: WorkspaceInfo.nullable(),
  /** Files to open on start (`specwright DIR --open FILE`). */
  openFiles: z.array(z.string()),
  recent: z.array(z.string()),
  /** Why the expected workspace did not open (it vanished, permission denied), for the empty state. */
  notice: z.string().nullable(),
});
export type Bootstrap = z.infer<typeof Bootstrap>;

export const FolderListing = z.object({
  path: z.string(),
  parent: z.string().nullable(),
  folders: z.array(z.object({ name: z.string(), path: z.string() })),
});
export type FolderListing = z.infer<typeof FolderListing>;

/** Things the host asks a window to do (a menu item, a second launch with a folder). */
export const UiCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('openFolder'), path: z.string() }),
  z.object({ type: z.literal('openFile'), path: z.string() }),
  z.object({ type: z.literal('run'), command: z.string() }),
]);
export type UiCommand = z.infer<typeof UiCommand>;

export const appContract = {
  'app.bootstrap': method(Empty, Bootstrap),
  /** Desktop only: the native folder dialog. Server mode answers UNSUPPORTED. */
  'app.pickFolder': method(Empty, z.object({ path: z.string().nullable() })),
  /** Server mode's Open Folder browser: folders (never files) under an absolute path. */
  'app.listFolders': method(z.object({ path: z.string().max(4096).optional() }), FolderListing),
  'app.forgetRecent': method(z.object({ path: z.string() }), z.object({ recent: z.array(z.string()) })),
  'app.commands': stream(Empty, UiCommand),
  /** Desktop only: a native notification (clicking it brings back the window that asked). Server mode answers UNSUPPORTED: the browser's own notifications are used there. */
  'app.notify': method(z.object({ title: z.string().min(1).max(200), body: z.string().max(1000) }), z.object({ shown: z.boolean() })),
};
