import { RpcError } from '../../shared/rpc/errors';

/**
 * Turns a Node file-system error into a message a person can act on. `action` reads as
 * "Cannot <action> <path>".
 */
export function fsError(e: unknown, action: string, rel: string): RpcError {
  if (e instanceof RpcError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  const where = rel === '' ? 'the workspace folder' : `'${rel}'`;
  switch (code) {
    case 'ENOENT':
      return new RpcError('NOT_FOUND', `Cannot ${action} ${where}: it does not exist (it may have been deleted or moved).`, { path: rel });
    case 'EEXIST':
    case 'ENOTEMPTY':
      return new RpcError('ALREADY_EXISTS', `Cannot ${action} ${where}: something with that name already exists.`, { path: rel });
    case 'EACCES':
    case 'EPERM':
      return new RpcError('PERMISSION_DENIED', `Cannot ${action} ${where}: permission denied. Check the file's permissions and owner.`, { path: rel });
    case 'EROFS':
      return new RpcError('PERMISSION_DENIED', `Cannot ${action} ${where}: the file system is read-only.`, { path: rel });
    case 'EISDIR':
      return new RpcError('BAD_REQUEST', `Cannot ${action} ${where}: it is a folder.`, { path: rel });
    case 'ENOTDIR':
      return new RpcError('BAD_REQUEST', `Cannot ${action} ${where}: a part of the path is a file, not a folder.`, { path: rel });
    case 'ENOSPC':
      return new RpcError('INTERNAL', `Cannot ${action} ${where}: the disk is full.`, { path: rel });
    default:
      return new RpcError('INTERNAL', `Cannot ${action} ${where}: ${(e as Error)?.message ?? String(e)}`, { path: rel });
  }
}
