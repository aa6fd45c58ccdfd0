import type { Command } from '../../commands/registry';
import { forEachWorkspace, useApp } from '../../stores/app-store';
import { followCheckpoints } from '../../stores/checkpoints-store';
import { useNotifications } from '../../stores/notifications';
import { useUi } from '../../stores/ui-store';
import { useViews } from '../layout/views';
import { CHANGES_VIEW, createCheckpoint, pruneCheckpoints, revertAll, TIMELINE_VIEW, undoRevert, verifyCheckpoints, viewAllChanges } from './actions';
import { ChangesView } from './ChangesView';
import { Timeline } from './Timeline';

/**
 * The timeline (side bar) and the Changes view (panel); and, for each folder opened, the
 * feed of checkpoint events — so a notice (a damaged store moved aside) reaches the person
 * even when no checkpoint view is open.
 */
export function registerCheckpointViews(): (() => void)[] {
  const { register } = useViews.getState();
  return [
    register({ id: TIMELINE_VIEW, title: 'Checkpoints', area: 'side', icon: 'history', order: 20, component: Timeline }),
    register({ id: CHANGES_VIEW, title: 'Changes', area: 'panel', icon: 'history', order: 20, component: ChangesView }),
    // After the editors are back (see forEachWorkspace): the opened file comes first.
    forEachWorkspace(
      () => {
        const { workspace, generation } = useApp.getState();
        if (workspace) followCheckpoints(generation, (level, message) => useNotifications.getState().push(level, message));
      },
      { afterEditors: true },
    ),
  ];
}

const hasWorkspace = () => useApp.getState().workspace !== null;

/** Checkpoint commands for the palette. */
export function checkpointCommands(): Command[] {
  const c = (id: string, title: string, run: () => unknown): Command => ({ id: `checkpoints.${id}`, title, category: 'Checkpoints', when: hasWorkspace, run });
  return [
    c('create', 'Create Checkpoint…', createCheckpoint),
    c('show', 'Show Checkpoints', () => useUi.getState().setSideView(TIMELINE_VIEW)),
    c('viewAllChanges', 'View All Changes Since the Session Began', viewAllChanges),
    c('revertAll', 'Revert All Changes Since the Session Began…', revertAll),
    c('undoRevert', 'Undo Revert…', undoRevert),
    c('verify', 'Verify Checkpoints Against the Disk', verifyCheckpoints),
    c('prune', 'Apply Checkpoint Retention Now', pruneCheckpoints),
  ];
}
