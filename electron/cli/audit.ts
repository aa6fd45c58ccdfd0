import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { auditFiles } from '../audit/audit-log';
import { verifyAuditFile } from '../audit/verify';
import { defaultDataDir } from '../host/data-dir';
import { workspaceId } from '../workspace/workspace';

export interface VerifyFlags {
  workspace?: string;
  dataDir?: string;
  json?: boolean;
}

/** Exit codes: 0 intact, 1 broken (the first broken record is printed), 2 no log to check. */
export async function auditVerify(file: string | undefined, flags: VerifyFlags): Promise<number> {
  let log: string;
  let head: string | undefined;
  if (file) {
    log = path.resolve(file);
    if ((await stat(log).catch(() => null))?.isDirectory()) log = path.join(log, 'audit.jsonl');
    head = path.join(path.dirname(log), 'audit.head.json');
  } else {
    let root: string;
    try {
      root = await realpath(path.resolve(flags.workspace ?? '.'));
    } catch {
      console.error(`Specwright: the workspace folder '${flags.workspace}' does not exist.`);
      return 2;
    }
    const dataDir = flags.dataDir ? path.resolve(flags.dataDir) : defaultDataDir();
    ({ log, head } = auditFiles(path.join(dataDir, 'workspaces', workspaceId(root))));
  }
  const result = await verifyAuditFile(log, head);
  if (flags.json) console.log(JSON.stringify(result, null, 2));
  else if (result.ok) console.log(`OK: ${result.records} records, hash chain intact (${result.file})`);
  else console.log(`BROKEN: ${result.firstBroken!.reason} (${result.file})`);
  if (result.ok) return 0;
  return result.firstBroken?.line === 0 ? 2 : 1;
}
