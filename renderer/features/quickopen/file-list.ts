import { api } from '../../api/client';

let cached: Promise<{ files: string[]; truncated: boolean }> | null = null;

/** The workspace's files for quick open, fetched once and refreshed when files come or go. */
export function workspaceFiles() {
  cached ??= api.call('workspace.files', {}).catch((e) => {
    cached = null;
    throw e;
  });
  return cached;
}

export function invalidateWorkspaceFiles() {
  cached = null;
}
