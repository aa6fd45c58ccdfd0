import path from 'node:path';
import type { Workspace } from '../../workspace/workspace';
import { UsageLedger } from './ledger';

/** The workspace's usage ledger, under `<ws.dataDir>/usage/`, disposed (flushed) with the workspace. */
export const usageLedgerFor = (ws: Workspace): UsageLedger => ws.service('agent.usage', (w) => new UsageLedger(path.join(w.dataDir, 'usage')));
