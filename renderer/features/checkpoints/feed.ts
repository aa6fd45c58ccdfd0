import { useEffect } from 'react';
import { useApp } from '../../stores/app-store';
import { followCheckpoints } from '../../stores/checkpoints-store';
import { useNotifications } from '../../stores/notifications';

/** Keeps the checkpoint list live for the open workspace while a checkpoint view is shown. */
export function useCheckpointFeed(): void {
  const generation = useApp((s) => s.generation);
  const hasWorkspace = useApp((s) => s.workspace !== null);
  useEffect(() => {
    if (hasWorkspace) followCheckpoints(generation, (level, message) => useNotifications.getState().push(level, message));
  }, [generation, hasWorkspace]);
}
