import path from 'node:path';
import { RpcError } from '../../../shared/rpc/errors';
import { isInside, toRelative } from '../../workspace/paths';
import { ToolInputError, type ToolWorkspace } from './types';

/**
 * A path as models write it — relative, `./relative`, or absolute inside the workspace —
 * as a confined workspace-relative path. Anything outside is a tool error the model reads.
 */
export async function toolPath(ws: ToolWorkspace, given: string): Promise<{ abs: string; rel: string }> {
  let p = given.trim();
  if (!p || p === '.' || p === './') p = '';
  if (path.isAbsolute(p)) {
    const abs = path.resolve(p);
    if (!isInside(ws.root, abs)) throw new ToolInputError(`'${given}' is outside the workspace (${ws.root}); use a path relative to the workspace.`);
    p = toRelative(ws.root, abs);
  }
  p = p.replace(/^\.\/+/, '');
  try {
    return await ws.files.resolve(p);
  } catch (e) {
    if (e instanceof RpcError) throw new ToolInputError(e.message);
    throw e;
  }
}

/** An RpcError from the workspace (not found, permission, conflict) as a message for the model. */
export function asToolError(e: unknown): ToolInputError {
  if (e instanceof ToolInputError) return e;
  if (e instanceof RpcError) return new ToolInputError(e.message);
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ToolInputError(`No such file or folder: ${(e as Error).message}`);
  return new ToolInputError((e as Error).message ?? String(e));
}
