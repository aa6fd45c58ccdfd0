import { basename, type CommandAnalysis, type Segment } from './analyze';
import { INTERPRETERS } from './catalog';

/**
 * Risk of a command line, with reasons in plain words. High risk always goes to a person,
 * whatever trust rule or mode would otherwise allow it.
 */

export type RiskLevel = 'low' | 'medium' | 'high';
export interface Risk {
  level: RiskLevel;
  /** Every reason, the high ones first. */
  reasons: string[];
  /** The reasons that make it high risk (these always go to a person). */
  high: string[];
}

const ORDER: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };
export const maxLevel = (a: RiskLevel, b: RiskLevel): RiskLevel => (ORDER[a] >= ORDER[b] ? a : b);

class RiskBuilder {
  level: RiskLevel = 'low';
  private items: { level: RiskLevel; reason: string }[] = [];
  add(level: RiskLevel, reason: string) {
    this.level = maxLevel(this.level, level);
    const existing = this.items.find((i) => i.reason === reason);
    if (existing) existing.level = maxLevel(existing.level, level);
    else this.items.push({ level, reason });
  }
  get risk(): Risk {
    const sorted = [...this.items].sort((a, b) => ORDER[b.level] - ORDER[a.level]);
    return { level: this.level, reasons: sorted.map((i) => i.reason), high: sorted.filter((i) => i.level === 'high').map((i) => i.reason) };
  }
}

/** `'build', 'dist'` for a message. */
const quoteList = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

/** The words of a segment as far as they are known (dynamic words drop out). */
const knownWords = (s: Segment) => s.words.map((w) => w.value).filter((v): v is string => v !== null);

/** `-rf` contains `r`; `--recursive` is itself. */
function hasFlag(args: string[], short: string, ...long: string[]): boolean {
  return args.some((a) => (a.startsWith('--') ? long.some((l) => a === l || a.startsWith(`${l}=`)) : a.startsWith('-') && a.length > 1 && [...short].some((c) => a.slice(1).includes(c))));
}
const positional = (args: string[]) => args.filter((a) => !a.startsWith('-'));

type Classifier = (args: string[], add: RiskBuilder['add'], segment: Segment) => void;

const DEVICE_TOOLS = new Set(['mkfs', 'mke2fs', 'fdisk', 'sfdisk', 'parted', 'wipefs', 'mkswap', 'cryptsetup']);
const SYSTEM_POWER = new Set(['shutdown', 'reboot', 'halt', 'poweroff']);

const classifiers: Record<string, Classifier> = {
  rm(args, add) {
    const targets = positional(args);
    const broad = targets.filter((t) => ['/', '/*', '~', '~/', '*', '.', '..', './', '$HOME'].includes(t));
    const flags = `rm -r${hasFlag(args, 'f', '--force') ? 'f' : ''}`;
    if (hasFlag(args, 'rR', '--recursive')) {
      add('high', targets.length ? `Deletes ${quoteList(targets)} and everything inside (${flags}).` : `Deletes folders and everything inside (${flags}).`);
    } else {
      add('medium', targets.length ? `Deletes ${quoteList(targets)}.` : 'Deletes files.');
    }
    const names: Record<string, string> = { '/': 'the whole filesystem', '/*': 'the whole filesystem', '~': 'your home folder', '~/': 'your home folder', $HOME: 'your home folder', '*': 'everything in the current folder', '.': 'the current folder', './': 'the current folder', '..': 'the parent folder' };
    if (broad.length) add('high', `That is ${[...new Set(broad.map((b) => names[b] ?? b))].join(' and ')}.`);
    if (args.includes('--no-preserve-root')) add('high', 'Disables the protection against deleting / (--no-preserve-root).');
  },
  rmdir: (_a, add) => add('medium', 'Deletes folders.'),
  unlink: (_a, add) => add('medium', 'Deletes a file.'),
  shred: (_a, add) => add('high', 'Overwrites files so they cannot be recovered (shred).'),
  dd: (_a, add) => add('high', 'Copies raw bytes onto a file or device (dd), which can destroy a disk.'),
  truncate: (_a, add) => add('medium', 'Cuts files to a given size (truncate).'),
  find(args, add) {
    if (args.includes('-delete')) add('high', 'Deletes every file that find matches (find -delete).');
  },
  chmod(args, add) {
    if (hasFlag(args, 'R', '--recursive')) add('high', 'Changes permissions of a whole tree (chmod -R).');
    else if (args.some((a) => /^0?777$|a\+w|o\+w/.test(a))) add('medium', 'Makes files writable by everyone.');
  },
  chown(args, add) {
    if (hasFlag(args, 'R', '--recursive')) add('high', 'Changes the owner of a whole tree (chown -R).');
  },
  chgrp(args, add) {
    if (hasFlag(args, 'R', '--recursive')) add('high', 'Changes the group of a whole tree (chgrp -R).');
  },
  git: classifyGit,
  terraform: classifyTerraform,
  tofu: classifyTerraform,
  terragrunt: classifyTerraform,
  kubectl(args, add) {
    const verb = positional(args)[0];
    if (verb === 'delete' || verb === 'drain') add('high', `Removes resources from a Kubernetes cluster (kubectl ${verb}).`);
    else if (verb === 'replace' && args.includes('--force')) add('high', 'Deletes and recreates Kubernetes resources (kubectl replace --force).');
    else if (['apply', 'create', 'patch', 'edit', 'scale', 'rollout', 'set', 'label', 'annotate', 'cordon', 'taint'].includes(verb ?? '')) {
      add(args.includes('--prune') ? 'high' : 'medium', `Changes a Kubernetes cluster (kubectl ${verb}).`);
    }
  },
  helm(args, add) {
    const verb = positional(args)[0];
    if (verb === 'uninstall' || verb === 'delete' || verb === 'rollback') add('high', `Removes or rolls back a Helm release (helm ${verb}).`);
    else if (verb === 'install' || verb === 'upgrade') add('medium', `Changes a Helm release (helm ${verb}).`);
  },
  aws: classifyAws,
  gcloud(args, add) {
    if (args.some((a) => a === 'delete' || a.startsWith('remove-'))) add('high', 'Deletes cloud resources (gcloud … delete).');
    else if (args.some((a) => ['create', 'deploy', 'update', 'set-iam-policy', 'add-iam-policy-binding'].includes(a))) add('medium', 'Changes cloud resources (gcloud).');
  },
  az(args, add) {
    if (args.includes('delete')) add('high', 'Deletes cloud resources (az … delete).');
  },
  cdk(args, add) {
    const verb = positional(args)[0];
    if (verb === 'destroy') add('high', 'Destroys a deployed CDK stack (cdk destroy).');
    else if (verb === 'deploy') add('high', 'Deploys infrastructure changes (cdk deploy).');
  },
  pulumi(args, add) {
    const verb = positional(args)[0];
    if (verb === 'destroy') add('high', 'Destroys a Pulumi stack (pulumi destroy).');
    else if (verb === 'up' || verb === 'update') add('high', 'Applies infrastructure changes (pulumi up).');
  },
  sam: (args, add) => positional(args)[0] === 'delete' && add('high', 'Deletes a deployed SAM application (sam delete).'),
  serverless: (args, add) => positional(args)[0] === 'remove' && add('high', 'Removes a deployed service (serverless remove).'),
  sls: (args, add) => positional(args)[0] === 'remove' && add('high', 'Removes a deployed service (sls remove).'),
  docker(args, add) {
    const [verb, sub] = positional(args);
    if (verb === 'push') add('high', 'Publishes an image to a registry (docker push).');
    if ((verb === 'system' || verb === 'volume' || verb === 'image' || verb === 'container') && (sub === 'prune' || sub === 'rm')) {
      add('high', `Deletes Docker data (docker ${verb} ${sub}).`);
    }
  },
  curl: classifyUpload,
  wget: classifyUpload,
  scp: classifyRemoteCopy,
  rsync: classifyRemoteCopy,
  nc: (_a, add, s) => (s.redirects.some((r) => r.op === '<') || s.pipedInto) && add('high', 'Sends data to another machine (nc).'),
  ncat: (_a, add, s) => (s.redirects.some((r) => r.op === '<') || s.pipedInto) && add('high', 'Sends data to another machine (ncat).'),
  kill: (args, add) => add(args.includes('-9') || args.includes('-KILL') ? 'medium' : 'low', 'Stops running processes.'),
  killall: (_a, add) => add('medium', 'Stops every process with that name.'),
  pkill: (_a, add) => add('medium', 'Stops every process that matches.'),
  systemctl: (args, add) => ['stop', 'disable', 'mask', 'kill'].includes(positional(args)[0] ?? '') && add('medium', 'Stops or disables a system service.'),
};

const PUBLISH: Record<string, string[]> = {
  npm: ['publish', 'unpublish', 'deprecate'],
  yarn: ['publish'],
  pnpm: ['publish'],
  cargo: ['publish', 'yank'],
  twine: ['upload'],
  gem: ['push', 'yank'],
  poetry: ['publish'],
  flit: ['publish'],
  mvn: ['deploy'],
  gradle: ['publish'],
  vsce: ['publish'],
  ovsx: ['publish'],
};

/** git's global options that take a value: `git -C dir push` has the verb `push`. */
const GIT_VALUE_OPTIONS = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix']);

function classifyGit(args: string[], add: RiskBuilder['add']) {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) i += GIT_VALUE_OPTIONS.has(args[i]!) ? 2 : 1;
  const verb = args[i];
  const rest = args.slice(i + 1);
  const words = [verb, ...positional(rest)];
  switch (verb) {
    case 'push':
      if (hasFlag(rest, 'f', '--force', '--force-with-lease', '--mirror', '--prune') || rest.some((a) => a.startsWith('+'))) {
        add('high', 'Rewrites history on the remote (git push --force).');
      }
      if (hasFlag(rest, 'd', '--delete') || rest.some((a) => /^:[^/]/.test(a))) add('high', 'Deletes branches or tags on the remote.');
      break;
    case 'reset':
      if (rest.includes('--hard') || rest.includes('--merge') || rest.includes('--keep')) add('high', 'Throws away uncommitted work (git reset --hard).');
      break;
    case 'clean':
      if (hasFlag(rest, 'f', '--force')) add('high', 'Deletes untracked files for good (git clean -f).');
      break;
    case 'checkout':
    case 'restore':
      if (rest.includes('--') || rest.includes('.') || rest.includes('-f') || rest.includes('--force')) add('medium', `Discards uncommitted changes (git ${verb}).`);
      break;
    case 'branch':
      if (hasFlag(rest, 'D', '--delete') && (rest.includes('-D') || rest.includes('--force'))) add('medium', 'Deletes a branch even if it is not merged (git branch -D).');
      break;
    case 'rebase':
    case 'filter-branch':
    case 'filter-repo':
      add(verb === 'rebase' ? 'medium' : 'high', `Rewrites commit history (git ${verb}).`);
      break;
    case 'reflog':
      if (words[1] === 'expire' || words[1] === 'delete') add('high', 'Deletes the record of past commits (git reflog expire).');
      break;
    case 'gc':
      if (rest.some((a) => a.startsWith('--prune'))) add('high', 'Deletes unreachable commits for good (git gc --prune).');
      break;
    case 'update-ref':
      if (rest.includes('-d')) add('high', 'Deletes a reference (git update-ref -d).');
      break;
    case 'stash':
      if (words[1] === 'drop' || words[1] === 'clear') add('medium', `Deletes stashed work (git stash ${words[1]}).`);
      break;
    case 'commit':
      if (rest.includes('--amend')) add('medium', 'Rewrites the last commit (git commit --amend).');
      break;
  }
}

function classifyTerraform(args: string[], add: RiskBuilder['add']) {
  const [verb, sub] = positional(args);
  if (verb === 'apply' || verb === 'destroy') add('high', `Changes real infrastructure (terraform ${verb}).`);
  else if (verb === 'import' || verb === 'taint' || verb === 'force-unlock') add('high', `Changes infrastructure state (terraform ${verb}).`);
  else if (verb === 'state' && ['rm', 'mv', 'push', 'replace-provider'].includes(sub ?? '')) add('high', `Edits infrastructure state (terraform state ${sub}).`);
}

function classifyAws(args: string[], add: RiskBuilder['add']) {
  const [service, op, ...more] = positional(args);
  if (!service) return;
  if (service === 's3') {
    if (op === 'rm' || op === 'rb' || op === 'mv') add('high', `Deletes or moves S3 objects (aws s3 ${op}).`);
    if (op === 'sync' && args.includes('--delete')) add('high', 'Deletes S3 objects missing locally (aws s3 sync --delete).');
    if ((op === 'cp' || op === 'sync') && more.length >= 2 && !more[0]!.startsWith('s3://') && more[1]!.startsWith('s3://')) {
      add('high', `Uploads local files to S3 (aws s3 ${op}).`);
    }
    return;
  }
  if (!op) return;
  if (/^(delete|terminate|remove|deregister|revoke|detach|disable|destroy|purge|cancel|stop)-/.test(op)) {
    add('high', `Deletes or stops cloud resources (aws ${service} ${op}).`);
  } else if (/^put-.*policy$|^(attach|create|update|set)-.*policy/.test(op)) {
    add('high', `Changes access permissions (aws ${service} ${op}).`);
  } else if (service === 'iam' && !/^(get|list|simulate|generate)-/.test(op)) {
    add('high', `Changes identities or permissions (aws iam ${op}).`);
  } else if (!/^(get|list|describe|head|wait|help|lookup|search|validate|estimate|filter|batch-get|scan|query)-?/.test(op) && op !== 'help') {
    add('medium', `Changes cloud resources (aws ${service} ${op}).`);
  }
}

function classifyUpload(args: string[], add: RiskBuilder['add']) {
  const uploadsFile =
    hasFlag(args.filter((a) => a.startsWith('--')), '', '--upload-file', '--post-file', '--body-file') ||
    args.includes('-T') ||
    args.some((a, i) => ['-T', '-d', '-F', '--data', '--data-binary', '--data-raw', '--data-urlencode', '--form'].includes(args[i - 1] ?? '') && /(^|=)@/.test(a)) ||
    args.some((a) => /^-T./.test(a) || /^--(data[a-z-]*|form)=.*@/.test(a) || /^-[dF]@/.test(a));
  if (uploadsFile) add('high', 'Uploads a local file to another machine.');
}

function classifyRemoteCopy(args: string[], add: RiskBuilder['add']) {
  const targets = positional(args);
  const last = targets[targets.length - 1];
  const remote = (t: string) => /^[^/.~][^/]*:/.test(t) || t.startsWith('rsync://');
  if (last && remote(last) && targets.slice(0, -1).some((t) => !remote(t))) add('high', 'Copies local files to another machine.');
  if (args.includes('--delete')) add('high', 'Deletes files at the destination that are missing at the source (--delete).');
}

/** SQL that destroys data, anywhere in the line (quoted arguments, here-documents). */
function classifySql(source: string, add: RiskBuilder['add']) {
  const text = source.replace(/\s+/g, ' ');
  const drop = /\bDROP\s+(TABLE|DATABASE|SCHEMA|INDEX|VIEW|USER|ROLE|COLLECTION)\b/i.exec(text);
  if (drop) add('high', `Runs SQL that drops a ${drop[1]!.toLowerCase()} (DROP ${drop[1]!.toUpperCase()}).`);
  if (/\bTRUNCATE\b(\s+TABLE)?\s+\w/i.test(text)) add('high', 'Runs SQL that empties a table (TRUNCATE).');
  for (const m of text.matchAll(/\bDELETE\s+FROM\b([^;]*)/gi)) {
    if (!/\bWHERE\b/i.test(m[1]!)) add('high', 'Runs SQL that deletes every row of a table (DELETE FROM without WHERE).');
  }
  for (const m of text.matchAll(/\bUPDATE\s+\w+\s+SET\b([^;]*)/gi)) {
    if (!/\bWHERE\b/i.test(m[1]!)) add('medium', 'Runs SQL that changes every row of a table (UPDATE without WHERE).');
  }
  if (/\bGRANT\s+ALL\b/i.test(text)) add('medium', 'Runs SQL that grants every privilege (GRANT ALL).');
}

const SECRET_FILES = /(^|\/)(\.ssh\/|\.aws\/credentials|\.aws\/config|\.netrc|\.pgpass|\.docker\/config\.json|\.kube\/config|\.npmrc|\.pypirc|id_rsa|id_ed25519|\.gnupg\/)/;

/**
 * Package runners run another program with their arguments (`npm exec -- rm -rf /`,
 * `npx rimraf /`): classify that program too. Returns the inner argv, or null.
 */
function innerCommand(words: string[]): string[] | null {
  const program = basename(words[0] ?? '');
  const args = words.slice(1);
  const after = (i: number) => {
    let rest = args.slice(i);
    const dash = rest.indexOf('--');
    if (dash >= 0) return rest.slice(dash + 1);
    rest = rest.filter((a) => !a.startsWith('-'));
    return rest.length ? rest : null;
  };
  if (['npx', 'bunx', 'pnpx', 'uvx', 'pipx'].includes(program)) return after(0);
  const verb = positional(args)[0];
  if (['npm', 'pnpm', 'yarn', 'bun'].includes(program) && ['exec', 'x', 'dlx'].includes(verb ?? '')) return after(args.indexOf(verb!) + 1);
  if (['poetry', 'pipenv', 'uv', 'bundle', 'conda', 'pdm', 'rye', 'hatch'].includes(program) && ['run', 'exec'].includes(verb ?? '')) return after(args.indexOf(verb!) + 1);
  return null;
}

export function classifyRisk(analysis: CommandAnalysis): Risk {
  const b = new RiskBuilder();
  const add = b.add.bind(b);
  const { segments } = analysis;
  for (const s of segments) {
    if (s.words[0]?.value == null) continue;
    let words = knownWords(s);
    for (let depth = 0; depth < 4; depth++) {
      classifyWords(words, s, add);
      const inner = innerCommand(words);
      if (!inner) break;
      words = inner;
    }
  }
  // Download-and-run: curl/wget piped into a shell or interpreter.
  const downloaded = segments.findIndex((s) => ['curl', 'wget'].includes(basename(s.words[0]?.value ?? '')));
  if (downloaded >= 0 && segments.slice(downloaded + 1).some((s) => s.pipedInto && INTERPRETERS.has(basename(s.words[0]?.value ?? '')))) {
    add('high', 'Downloads a script and runs it straight away.');
  }
  classifySql(analysis.source, add);
  return b.risk;
}

function classifyWords(words: string[], s: Segment, add: RiskBuilder['add']) {
  {
    const program = basename(words[0]!);
    const args = words.slice(1);
    if (program.startsWith('mkfs') || DEVICE_TOOLS.has(program)) add('high', `Formats or repartitions a disk (${program}).`);
    if (SYSTEM_POWER.has(program)) add('high', `Shuts down or restarts the machine (${program}).`);
    classifiers[program]?.(args, add, s);
    const publish = PUBLISH[program];
    const verb = positional(args)[0];
    if (publish && verb && publish.includes(verb)) {
      add('high', /^(unpublish|yank|deprecate)$/.test(verb) ? `Withdraws a published package (${program} ${verb}).` : `Publishes a package (${program} ${verb}).`);
    }
    if (program === 'yarn' && verb === 'npm' && positional(args)[1] === 'publish') add('high', 'Publishes a package (yarn npm publish).');
    if (program === 'dotnet' && args.includes('nuget') && args.includes('push')) add('high', 'Publishes a package (dotnet nuget push).');
    if (args.some((a) => SECRET_FILES.test(a)) || s.redirects.some((r) => r.target && SECRET_FILES.test(r.target))) {
      add('medium', 'Reads or touches a credentials file.');
    }
  }
}
