import type { checkpointsContract } from '../../shared/contract/checkpoints';
import { requireWorkspace } from '../host/connection-workspace';
import type { Connection, Handlers } from '../rpc/router';
import { normalizeRelative } from '../workspace/paths';
import { checkpointsFor } from './checkpoint-service';

const service = (connection: Connection) => checkpointsFor(requireWorkspace(connection));

export function checkpointsHandlers(): Handlers<typeof checkpointsContract> {
  return {
    'checkpoints.list': (_i, { connection }) => service(connection).list(),
    'checkpoints.create': ({ label }, { connection }) => service(connection).create({ reason: 'manual', label: label?.trim() || 'Manual checkpoint' }),
    'checkpoints.preview': ({ id, path }, { connection }) => service(connection).preview(id, path === undefined ? undefined : normalizeRelative(path)),
    'checkpoints.restore': ({ id, mode }, { connection }) => service(connection).restore(id, mode),
    'checkpoints.revertAll': ({ sessionId }, { connection }) => service(connection).revertAll(sessionId),
    'checkpoints.undoRevert': (_i, { connection }) => service(connection).undoRevert(),
    'checkpoints.revertFile': ({ id, path }, { connection }) => service(connection).revertFile(id, normalizeRelative(path)),
    'checkpoints.diff': ({ from, to }, { connection }) => service(connection).diff(from, to),
    'checkpoints.fileDiff': ({ from, to, path }, { connection }) => service(connection).fileDiff(from, to, normalizeRelative(path)),
    'checkpoints.verify': (_i, { connection }) => service(connection).verify(),
    'checkpoints.prune': (_i, { connection }) => service(connection).prune(),
    'checkpoints.events': (_i, emit, { connection }) => service(connection).events.on(emit),
  };
}
