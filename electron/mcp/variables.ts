import { createHash } from 'node:crypto';
import type { MergedMcpServer } from '../../shared/kiro/mcp';

/**
 * `${VAR}` in mcp.json. A variable is expanded only for a server the person approved it
 * for — and for the place its value goes: the approval is keyed by the variable, the
 * server's name and its target (the command line, or the URL), so a cloned repository
 * that points a server of the same name somewhere else is asked about again.
 */

export type Answer = 'approved' | 'denied';

const VAR = /\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Where the server's values go: the command line as written, or the URL. */
export function targetOf(server: Pick<MergedMcpServer, 'transport' | 'command' | 'args' | 'url'>): string {
  return server.transport === 'stdio' ? [server.command ?? '', ...server.args].join(' ') : (server.url ?? '');
}

export function variableKey(variable: string, server: string, target: string): string {
  const digest = createHash('sha256').update(`${variable}\0${server}\0${target}`).digest('hex').slice(0, 24);
  return `${variable}@${server}#${digest}`;
}

export interface Launch {
  transport: 'stdio' | 'http';
  command: string;
  args: string[];
  /** Only what mcp.json sets; the safe inherited variables are added when spawning. */
  env: Record<string, string>;
  cwd: string | null;
  url: string;
  headers: Record<string, string>;
}

export interface VariableUse {
  variable: string;
  key: string;
  where: string[];
  answer: Answer | 'pending';
  defined: boolean;
}

export interface Expanded {
  launch: Launch;
  variables: VariableUse[];
  /** Human warnings: variables left as written, and why. */
  warnings: string[];
}

/**
 * The server's launch parameters with approved variables replaced by their values from
 * `env` (Specwright's own environment). Unapproved, denied and undefined variables stay
 * exactly as written.
 */
export function expandServer(server: MergedMcpServer, env: Record<string, string | undefined>, answerOf: (key: string) => Answer | undefined): Expanded {
  const target = targetOf(server);
  const uses = new Map<string, VariableUse>();
  for (const ref of server.variables) {
    const key = variableKey(ref.name, server.name, target);
    const u = uses.get(ref.name) ?? { variable: ref.name, key, where: [], answer: answerOf(key) ?? 'pending', defined: env[ref.name] !== undefined };
    if (!u.where.includes(ref.where)) u.where.push(ref.where);
    uses.set(ref.name, u);
  }
  const expand = (value: string) =>
    value.replace(VAR, (whole, name: string) => {
      const u = uses.get(name);
      const v = env[name];
      return u?.answer === 'approved' && v !== undefined ? v : whole;
    });
  const mapValues = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, expand(v)]));
  const launch: Launch = {
    transport: server.transport,
    command: expand(server.command ?? ''),
    args: server.args.map(expand),
    env: mapValues(server.env),
    cwd: server.cwd,
    url: expand(server.url ?? ''),
    headers: mapValues(server.headers),
  };
  const warnings: string[] = [];
  for (const u of uses.values()) {
    const at = u.where.join(', ');
    if (u.answer === 'pending') warnings.push(`\${${u.variable}} in ${at} is left unexpanded until you allow it.`);
    else if (u.answer === 'denied') warnings.push(`\${${u.variable}} in ${at} is left unexpanded: you declined to pass it to this server.`);
    else if (!u.defined) warnings.push(`\${${u.variable}} in ${at} is left unexpanded: it is not set in Specwright's environment.`);
  }
  return { launch, variables: [...uses.values()], warnings };
}

/** Identity of everything that decides how a server is started: a change means a restart. */
export function launchFingerprint(launch: Launch): string {
  return createHash('sha256').update(JSON.stringify(launch)).digest('hex');
}
