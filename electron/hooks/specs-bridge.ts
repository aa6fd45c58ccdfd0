// preTaskExecution and postTaskExecution come from the spec task runner: a pre-task hook that
// exits 2 stops the task before its agent session starts (the runner shows the reason on
// the card); post-task hooks run in the background once the task ended, however it ended.

import type { HostContext } from '../host/host-context';
import { specsFor } from '../specs/service';
import type { Workspace } from '../workspace/workspace';
import type { HookDispatcher } from './dispatcher';

export function connectSpecs(ws: Workspace, host: Pick<HostContext, 'secrets'>, dispatcher: HookDispatcher): () => void {
  const { runner } = specsFor(ws, host);
  const offs = [
    runner.onBeforeTask(async (e) => {
      const o = await dispatcher.dispatch({ trigger: 'preTaskExecution', spec: e.spec, task: { id: e.task.id, title: e.task.title }, sessionId: null });
      return o.blocked ? { block: `“${o.blocked.hook}”: ${o.blocked.message}` } : {};
    }),
    runner.taskEnded.on((e) => {
      void dispatcher.dispatch({ trigger: 'postTaskExecution', spec: e.spec, task: { id: e.task.id, title: e.task.title }, sessionId: e.sessionId, status: e.status });
    }),
  ];
  return () => offs.forEach((off) => off());
}
