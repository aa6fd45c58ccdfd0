// Rewriting a spec file through a pure writer (shared/kiro), as the host: through the
// workspace's file service, so that the write is announced (the watcher tags it as ours,
// checkpoints know what changed), atomically, and only if nobody changed the file between
// our read and our write.

import { readFile } from 'node:fs/promises';
import { RpcError } from '../../shared/rpc/errors';
import type { Workspace } from '../workspace/workspace';
import { decodeText, encodeText, sha256 } from '../workspace/text-codec';

export type SpecFiles = Pick<Workspace, 'files'>;

/**
 * Applies `edit` to the text of `rel` (BOM kept, every byte the writer leaves alone kept).
 * Refuses files that are not valid UTF-8. Retries once when the file changed under us.
 * Returns the new text, or null when `edit` changed nothing.
 */
export async function editSpecFile(ws: SpecFiles, rel: string, edit: (text: string) => string): Promise<string | null> {
  for (let attempt = 0; ; attempt++) {
    const { abs } = await ws.files.resolve(rel);
    const bytes = await readFile(abs);
    const decoded = decodeText(bytes);
    if (!decoded.exact) throw new RpcError('BAD_REQUEST', `${rel} is not valid UTF-8; Specwright does not rewrite it.`);
    const next = edit(decoded.text);
    if (next === decoded.text) return null;
    try {
      await ws.files.writeBytes(rel, encodeText(next, decoded.encoding), sha256(bytes));
      return next;
    } catch (e) {
      if (e instanceof RpcError && e.code === 'CONFLICT' && attempt === 0) continue;
      throw e;
    }
  }
}
