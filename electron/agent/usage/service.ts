import path from 'node:path';
import type { Workspace } from '../../workspace/workspace';
import { UsageLedger } from './ledger';

const ledgers = new Map<string, UsageLedger>();

/**
 * The ledger of the whole app, not of one folder: budgets are what a person spends per
 * session, day and month, whichever workspace the calls came from.
 */
export function usageLedgerFor(ws: Workspace): UsageLedger {
  const dir = path.join(ws.appDataDir, 'usage');
  let ledger = ledgers.get(dir);
  if (!ledger) {
    ledger = new UsageLedger(dir);
    ledgers.set(dir, ledger);
  }
  return ledger;
}
