import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { vi } from 'vitest';
import type { ScriptInput } from '../../e2e/fixtures/model-servers';
import type { HookRun } from '../../shared/contract/hooks';
import type { HookSettings } from '../../shared/settings/hooks';
import { policyGate } from '../agent/policy-gate';
import { startAgentHarness, waitFor, type AgentHarness } from '../agent/test-support';
import { getPolicy } from '../policy/policy-service';
import { agentHooks } from './agent-hooks';
import type { HookDispatcher, HookNotice } from './dispatcher';
import { agentPort, HooksService, policyPorts } from './service';

/**
 * A hook command for tests, run as `node h.js <label> [--exit N] [--out TEXT] [--err TEXT]
 * [--sleep MS] [--write PATH]`: appends what it saw (its label, the event's variables and
 * stdin's `hook_event_name`) to `fired.log`, then writes a file, prints and exits as told.
 * `node *` is the one trust rule the harness sets, so the policy lets these run.
 */
export const HOOK_SCRIPT = `const fs = require('fs');
const args = process.argv.slice(2);
const opt = (k) => { const i = args.indexOf(k); return i >= 0 ? args[i + 1] : undefined; };
let stdin = '';
try { stdin = fs.readFileSync(0, 'utf8'); } catch {}
let event = null;
try { event = JSON.parse(stdin); } catch {}
const rec = { label: args[0], event: process.env.HOOK_EVENT, files: process.env.HOOK_FILES || '', prompt: process.env.USER_PROMPT || '', tool: process.env.TOOL_NAME || '', depth: Number(process.env.SPECWRIGHT_HOOK_DEPTH), stdinEvent: event && event.hook_event_name, at: Date.now() };
fs.appendFileSync('fired.log', JSON.stringify(rec) + '\\n');
const end = () => {
  const w = opt('--write');
  if (w) fs.writeFileSync(w, 'by ' + args[0] + '\\n');
  if (opt('--out')) process.stdout.write(opt('--out'));
  if (opt('--err')) process.stderr.write(opt('--err'));
  process.exit(Number(opt('--exit') || 0));
};
const ms = Number(opt('--sleep') || 0);
if (ms) setTimeout(end, ms); else end();
`;

export interface FiredRecord {
  label: string;
  event: string;
  files: string;
  prompt: string;
  tool: string;
  depth: number;
  stdinEvent: string | null;
  at: number;
}

/** An older-format hook file's text. */
export const hookJson = (name: string, when: Record<string, unknown>, then: Record<string, unknown>, extra: Record<string, unknown> = {}) => JSON.stringify({ name, ...extra, when, then }, null, 2);
/** `then` for a `node h.js` command. */
export const node = (label: string, flags = '') => ({ type: 'runCommand', command: `node h.js ${label}${flags ? ` ${flags}` : ''}` });

export interface HooksHarness extends AgentHarness {
  service: HooksService;
  dispatcher: HookDispatcher;
  /** The latest state of every run, by id. */
  runs: Map<string, HookRun>;
  /** Runs that have ended. */
  finished(): HookRun[];
  notices: HookNotice[];
  /** What the hook commands recorded, in order. */
  fired(): Promise<FiredRecord[]>;
  /** Waits until `n` runs have ended in total. */
  settled(n: number, timeoutMs?: number): Promise<HookRun[]>;
  /** Waits `ms` (to show nothing else happens). */
  quiet(ms?: number): Promise<void>;
}

export interface HooksHarnessOptions {
  files?: Record<string, string>;
  script?: ScriptInput;
  hooks?: Partial<HookSettings>;
  /** Trust rules of the workspace (default `node *`). */
  trust?: string[];
}

/**
 * The real parts: a workspace in a temp folder (files, watcher, settings), the real policy
 * service (Supervised: only the trust rules let commands through), the agent with the
 * fixture model servers, and the hooks service wired to all of them as in the product.
 */
export async function startHooksHarness(o: HooksHarnessOptions = {}): Promise<HooksHarness> {
  vi.stubEnv('SPECWRIGHT_HOME_KIRO', '');
  const settings = { policy: { trustedCommands: o.trust ?? ['node *'] }, hooks: { debounceMs: 50, ...o.hooks } };
  const h = await startAgentHarness({
    script: o.script ?? { turns: [] },
    files: { 'h.js': HOOK_SCRIPT, ...o.files, '.kiro/settings/specwright.json': JSON.stringify(settings) },
    gate: (ws) => policyGate(getPolicy(ws)),
  });
  await h.ws.watcher.ready;
  const service = new HooksService(h.ws, null, { ports: { ...policyPorts(h.ws), ...agentPort(() => h.agent) } });
  const offAgent = h.agent.registerHooks(agentHooks(service.dispatcher));
  await service.dispatcher.ready;
  const runs = new Map<string, HookRun>();
  const notices: HookNotice[] = [];
  service.dispatcher.runEvents.on((r) => runs.set(r.id, r));
  service.dispatcher.notices.on((n) => notices.push(n));
  const finished = () => [...runs.values()].filter((r) => r.status !== 'queued' && r.status !== 'running');
  const close = h.close.bind(h);
  return Object.assign(h, {
    service,
    dispatcher: service.dispatcher,
    runs,
    notices,
    finished,
    async fired() {
      const text = await readFile(path.join(h.root, 'fired.log'), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as FiredRecord);
    },
    async settled(n: number, timeoutMs = 15_000) {
      await waitFor(() => finished().length >= n, timeoutMs, `${n} finished hook runs (have ${finished().length}: ${finished().map((r) => `${r.hookName} ${r.status}`).join(', ')})`);
      return finished();
    },
    quiet: (ms = 400) => new Promise<void>((r) => setTimeout(r, ms)),
    async close() {
      offAgent();
      await service.dispose();
      await close();
    },
  });
}
