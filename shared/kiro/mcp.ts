// `.kiro/settings/mcp.json` — the format part of MCP: servers validated with errors that
// point at the file and key, `${VAR}` references listed (whether they expand is the MCP
// manager's policy), workspace and user configs merged by server name, and a byte-exact
// `disabled` switch.

import type { KiroDiagnostic } from './diagnostics';
import { isObject, objectEdits, parseLenientJson, type JsonPath, type LenientJson } from './lenient-json';
import { applyTextEdits } from './text';

export type McpScope = 'workspace' | 'user';

export interface McpVarRef {
  /** `GITHUB_TOKEN` for `${GITHUB_TOKEN}` (and `${env:GITHUB_TOKEN}`). */
  name: string;
  /** Where it occurs, as a key path: `env.GITHUB_PERSONAL_ACCESS_TOKEN`, `headers.Authorization`, `args[2]`, `url`. */
  where: string;
}

export interface McpServerConfig {
  name: string;
  transport: 'stdio' | 'http';
  command: string | null;
  args: string[];
  env: Record<string, string>;
  cwd: string | null;
  url: string | null;
  headers: Record<string, string>;
  disabled: boolean;
  /** Tool names approved without asking; `['*']` approves every tool of the server. */
  autoApprove: string[];
  disabledTools: string[];
  /** Per-call timeout in seconds, when the file sets one (`timeout`). */
  timeoutSeconds: number | null;
  description: string | null;
  variables: McpVarRef[];
  source: { file: string; scope: McpScope };
}

export interface McpConfig {
  file: string;
  scope: McpScope;
  servers: McpServerConfig[];
  diagnostics: KiroDiagnostic[];
}

const KNOWN = new Set(['command', 'args', 'env', 'cwd', 'url', 'headers', 'disabled', 'autoApprove', 'disabledTools', 'timeout', 'type', 'transport', 'description', 'envFile']);
const VAR = /\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function parseMcpConfig(text: string, file: string, scope: McpScope): McpConfig {
  const out: McpConfig = { file, scope, servers: [], diagnostics: [] };
  const json = parseLenientJson(text, 'mcp.json');
  const d = out.diagnostics;
  d.push(...json.diagnostics);
  if (json.value === undefined || json.broken) return out;
  if (!isObject(json.value)) {
    d.push(json.diagAt([], 'error', 'mcp.shape', 'mcp.json should hold an object: {"mcpServers": {"name": {…}}}.'));
    return out;
  }
  const servers = json.value.mcpServers;
  if (servers === undefined) {
    d.push(json.diagAt([], 'error', 'mcp.no-servers', `${file}: "mcpServers" is missing; servers go in {"mcpServers": {"name": {"command": …}}}.`));
    return out;
  }
  if (!isObject(servers)) {
    d.push(json.diagAt(['mcpServers'], 'error', 'mcp.shape', `${file}: "mcpServers" must be an object keyed by server name.`));
    return out;
  }
  for (const k of Object.keys(json.value)) {
    if (k !== 'mcpServers') d.push(json.diagAt([k], 'info', 'mcp.unknown-key', `${file}: "${k}" is not part of mcp.json; ignored.`, true));
  }
  for (const [name, raw] of Object.entries(servers)) {
    const s = readServer(json, name, raw, file, scope, d);
    if (s) out.servers.push(s);
  }
  return out;
}

function readServer(json: LenientJson, name: string, raw: unknown, file: string, scope: McpScope, d: KiroDiagnostic[]): McpServerConfig | null {
  const at = (path: JsonPath) => ['mcpServers', name, ...path];
  const key = (path: (string | number)[]) => `mcpServers.${name}${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;
  const err = (path: JsonPath, code: string, msg: string, severity: KiroDiagnostic['severity'] = 'error') => d.push(json.diagAt(at(path), severity, code, `${file}: ${key(path)}: ${msg}`));
  if (!isObject(raw)) {
    err([], 'mcp.server-shape', 'a server must be an object with "command" (local) or "url" (remote).');
    return null;
  }
  const s: McpServerConfig = {
    name,
    transport: 'stdio',
    command: null,
    args: [],
    env: {},
    cwd: null,
    url: null,
    headers: {},
    disabled: false,
    autoApprove: [],
    disabledTools: [],
    timeoutSeconds: null,
    description: typeof raw.description === 'string' ? raw.description : null,
    variables: [],
    source: { file, scope },
  };
  for (const k of Object.keys(raw)) if (!KNOWN.has(k)) d.push(json.diagAt(at([k]), 'info', 'mcp.unknown-key', `${file}: ${key([k])}: unknown key, ignored.`, true));
  const strings = (k: string): string[] => {
    const v = raw[k];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      err([k], 'mcp.type', 'must be a list of strings.');
      return [];
    }
    return v.flatMap((x, i) => {
      if (typeof x === 'string') return [x];
      if (typeof x === 'number' || typeof x === 'boolean') {
        err([k, i], 'mcp.type', `${JSON.stringify(x)} is not a string; read as "${String(x)}".`, 'warning');
        return [String(x)];
      }
      err([k, i], 'mcp.type', 'must be a string; ignored.');
      return [];
    });
  };
  const record = (k: string): Record<string, string> => {
    const v = raw[k];
    if (v === undefined) return {};
    if (!isObject(v)) {
      err([k], 'mcp.type', 'must be an object of string values.');
      return {};
    }
    const outRec: Record<string, string> = {};
    for (const [ek, ev] of Object.entries(v)) {
      if (typeof ev === 'string') outRec[ek] = ev;
      else if (typeof ev === 'number' || typeof ev === 'boolean') {
        outRec[ek] = String(ev);
        err([k, ek], 'mcp.type', `${JSON.stringify(ev)} is not a string; read as "${String(ev)}".`, 'warning');
      } else err([k, ek], 'mcp.type', 'must be a string; ignored.');
    }
    return outRec;
  };
  if (raw.command !== undefined) {
    if (typeof raw.command === 'string' && raw.command.trim()) s.command = raw.command;
    else err(['command'], 'mcp.command', 'must be a non-empty string (the program to start).');
  }
  if (raw.url !== undefined) {
    if (typeof raw.url === 'string' && raw.url.trim()) {
      s.url = raw.url;
      if (!/^https?:\/\//i.test(raw.url.replace(VAR, 'x'))) err(['url'], 'mcp.url', `"${raw.url}" is not an http(s) URL.`);
    } else err(['url'], 'mcp.url', 'must be a non-empty string (the server URL).');
  }
  s.args = strings('args');
  s.env = record('env');
  s.headers = record('headers');
  s.autoApprove = strings('autoApprove');
  s.disabledTools = strings('disabledTools');
  if (typeof raw.cwd === 'string') s.cwd = raw.cwd;
  else if (raw.cwd !== undefined) err(['cwd'], 'mcp.type', 'must be a string (a folder).');
  if (raw.disabled !== undefined) {
    if (typeof raw.disabled === 'boolean') s.disabled = raw.disabled;
    else {
      s.disabled = Boolean(raw.disabled) && raw.disabled !== 'false';
      err(['disabled'], 'mcp.type', `must be true or false; ${JSON.stringify(raw.disabled)} is read as ${s.disabled}.`, 'warning');
    }
  }
  if (raw.timeout !== undefined) {
    if (typeof raw.timeout === 'number' && raw.timeout > 0) s.timeoutSeconds = raw.timeout;
    else err(['timeout'], 'mcp.timeout', 'must be a positive number of seconds; the default is used.', 'warning');
  }
  if (s.command && s.url) err([], 'mcp.ambiguous', 'has both "command" and "url"; the local command is used.', 'warning');
  if (!s.command && !s.url && raw.command === undefined && raw.url === undefined) {
    err([], 'mcp.no-transport', 'needs "command" (a local server over stdio) or "url" (a remote server over HTTP).');
    return null;
  }
  if (!s.command && !s.url) return null;
  s.transport = s.command ? 'stdio' : 'http';
  const declared = typeof raw.type === 'string' ? raw.type : typeof raw.transport === 'string' ? raw.transport : null;
  if (declared) {
    const http = ['http', 'streamable-http', 'streamableHttp', 'sse'].includes(declared);
    if ((declared === 'stdio' && s.transport !== 'stdio') || (http && s.transport !== 'http') || (!http && declared !== 'stdio')) {
      err([raw.type !== undefined ? 'type' : 'transport'], 'mcp.transport', `"${declared}" does not fit a server with ${s.command ? '"command"' : '"url"'}; it is started as ${s.transport === 'stdio' ? 'a local stdio server' : 'a remote HTTP server'}.`, 'warning');
    }
  }
  if (s.autoApprove.includes('*') && s.autoApprove.length > 1) err(['autoApprove'], 'mcp.auto-approve', '"*" already approves every tool; the other names are redundant.', 'info');
  const vars = (value: string, where: string) => {
    for (const m of value.matchAll(VAR)) s.variables.push({ name: m[1]!, where });
  };
  if (s.command) vars(s.command, 'command');
  s.args.forEach((a, i) => vars(a, `args[${i}]`));
  for (const [k, v] of Object.entries(s.env)) vars(v, `env.${k}`);
  if (s.url) vars(s.url, 'url');
  for (const [k, v] of Object.entries(s.headers)) vars(v, `headers.${k}`);
  return s;
}

export interface MergedMcpServer extends McpServerConfig {
  /** Which file(s) turned it off, if it is off. */
  disabledBy: McpScope[];
  /** The user-scope definition this workspace one replaced, if any. */
  overrides: McpScope | null;
}

/**
 * Merges user and workspace configs by server name: the workspace definition replaces the
 * user's, and `disabled: true` in either file turns the server off.
 */
export function mergeMcpConfigs(user: McpConfig | null, workspace: McpConfig | null): MergedMcpServer[] {
  const out = new Map<string, MergedMcpServer>();
  for (const s of user?.servers ?? []) out.set(s.name, { ...s, disabledBy: s.disabled ? ['user'] : [], overrides: null });
  for (const s of workspace?.servers ?? []) {
    const prev = out.get(s.name);
    const disabledBy: McpScope[] = [...(prev?.disabled ? (['user'] as McpScope[]) : []), ...(s.disabled ? (['workspace'] as McpScope[]) : [])];
    out.set(s.name, { ...s, disabled: disabledBy.length > 0, disabledBy, overrides: prev ? 'user' : null });
  }
  return [...out.values()];
}

/** Sets `disabled` of one server in an mcp.json text, changing only that value (or adding the key). */
export function setMcpServerDisabled(text: string, server: string, disabled: boolean): string {
  const json = parseLenientJson(text);
  const node = json.node(['mcpServers', server]);
  if (json.broken || !node || node.type !== 'object') throw new RangeError(`There is no server "${server}" in this mcp.json.`);
  const flag = json.node(['mcpServers', server, 'disabled']);
  if (flag?.type === 'boolean') {
    if (flag.value === disabled) return text;
    const a = json.toOriginal(flag.offset);
    return applyTextEdits(text, [{ offset: a, length: json.toOriginal(flag.offset + flag.length) - a, text: String(disabled) }]);
  }
  if (!flag && !disabled) return text;
  return applyTextEdits(text, objectEdits(json, { disabled }, ['mcpServers', server]));
}
