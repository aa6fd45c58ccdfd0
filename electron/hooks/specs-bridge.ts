// preTaskExecution and postTaskExecution come from the spec task runner (issue: specs),
// which is not on this branch yet: until it lands, task hooks are loaded and listed but no
// event reaches them.

import type { HostContext } from '../host/host-context';
import type { Workspace } from '../workspace/workspace';
import type { HookDispatcher } from './dispatcher';

export function connectSpecs(_ws: Workspace, _host: Pick<HostContext, 'secrets'>, _dispatcher: HookDispatcher): () => void {
  return () => {};
}
