import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { auditFiles } from '../audit/audit-log';
import { verifyAuditFile } from '../audit/verify';
import { defaultDataDir } from '../host/data-dir';
import { workspaceId } from '../workspace/workspace';

interface VerifyFlags {
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

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description("Work with a workspace's audit log.");
  audit
    .command('verify')
    .description("Check an audit log's hash chain; exits 1 and names the first broken record if any line was changed, removed or moved.")
    .argument('[file]', 'an audit.jsonl file (or the folder holding it) instead of a workspace')
    .option('--workspace <dir>', 'the workspace whose log to check (default: the current folder)')
    .option('--data-dir <dir>', "Specwright's data folder (default: the platform's app data folder)")
    .option('--json', 'print the result as JSON')
    .action(async (file: string | undefined, flags: VerifyFlags) => {
      if (file && flags.workspace) {
        console.error('Specwright: give either a FILE or --workspace, not both.');
        process.exitCode = 2;
        return;
      }
      process.exitCode = await auditVerify(file, flags);
    });
}
