// The steering panel's side of the host: the files with their inclusion and diagnostics,
// new files from the templates, and "Generate steering" — an ordinary agent session that
// reads the codebase and writes the foundation files with its write tools, so each file is a
// proposal the policy shows for approval like any other change.

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { SteeringState } from '../../shared/contract/steering';
import { RpcError } from '../../shared/rpc/errors';
import { Emitter } from '../../shared/rpc/transport';
import type { AgentService } from '../agent/service';
import { agentFor } from '../agent/wiring';
import type { HostContext } from '../host/host-context';
import { userKiroDir } from '../kiro/home';
import type { Workspace } from '../workspace/workspace';
import { SteeringLoader } from './loader';
import { readTemplate, STEERING_TEMPLATES, type SteeringTemplateId } from './templates';

const STEERING_DIR = '.kiro/steering';
const concerns = (rel: string) => rel.startsWith(`${STEERING_DIR}/`) || /^agents\.md$/i.test(rel);

export class SteeringService {
  /** A steering file or AGENTS.md changed. */
  readonly changes = new Emitter<void>();
  private readonly loader: SteeringLoader;
  private offs: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: Workspace,
    /** The workspace's agent (null: a host without one). */
    private readonly agent: () => AgentService | null,
  ) {
    this.loader = new SteeringLoader({ root: ws.root, userKiroDir: userKiroDir() });
    const changed = (paths: string[]) => {
      if (!paths.some(concerns)) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.changes.emit(), 50);
    };
    this.offs.push(
      ws.files.writes.on((w) => changed([w.path])),
      ws.watcher.changes.on((c) => changed(c.map((x) => x.path))),
    );
  }

  async state(): Promise<SteeringState> {
    const set = await this.loader.refresh();
    return {
      files: set.files.map((f) => ({
        name: f.scope === 'agents' ? f.display : f.doc.name,
        file: f.display,
        scope: f.scope,
        inclusion: f.scope === 'agents' ? 'always' : f.doc.inclusion,
        patterns: f.doc.patterns,
        description: f.doc.description,
        includes: f.doc.includes.map((i) => i.path),
        diagnostics: f.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, line: d.line, column: d.column })),
        editable: f.scope !== 'user',
      })),
      shadowed: set.shadowed.map((s) => ({ file: s.file.display, by: s.by })),
      templates: STEERING_TEMPLATES.map((t) => ({ ...t, path: `${STEERING_DIR}/${t.id}.md`, exists: existsSync(path.join(this.ws.root, STEERING_DIR, `${t.id}.md`)) })),
    };
  }

  /** `.kiro/steering/<id>.md` from its template; an existing file is never replaced. */
  async createFromTemplate(id: SteeringTemplateId): Promise<{ path: string }> {
    const rel = `${STEERING_DIR}/${id}.md`;
    if (existsSync(path.join(this.ws.root, rel))) throw new RpcError('ALREADY_EXISTS', `${rel} already exists; open it to change it.`, { path: rel });
    const text = await readTemplate(id).catch((e: Error) => {
      throw new RpcError('INTERNAL', e.message);
    });
    await mkdir(path.join(this.ws.root, STEERING_DIR), { recursive: true });
    await this.ws.files.write(rel, text, 'utf8');
    return { path: rel };
  }

  /** Starts the agent on drafting the foundation files; the chat shows the session. */
  async generate(only?: SteeringTemplateId[]): Promise<{ sessionId: string }> {
    const agent = this.agent();
    if (!agent) throw new RpcError('UNSUPPORTED', 'There is no agent in this host.');
    const ids = only?.length ? only : STEERING_TEMPLATES.map((t) => t.id);
    const targets = await Promise.all(
      ids.map(async (id) => ({ id, rel: `${STEERING_DIR}/${id}.md`, exists: existsSync(path.join(this.ws.root, STEERING_DIR, `${id}.md`)), template: await readTemplate(id).catch(() => '') })),
    );
    const session = await agent.createSession({ title: 'Generate steering' });
    const list = targets.map((t) => `${t.rel}${t.exists ? ' (exists: improve it with edit_file, keep what people wrote)' : ''}`).join(', ');
    const text = `Generate steering: draft ${list} from this codebase.`;
    const instructions = [
      'You are writing the steering files of this workspace: short Markdown documents the agent reads with every request.',
      'First look at the codebase with list_directory, read_file and search: the README, the package or build files, the source layout, the tests, existing docs.',
      'Then write each file with write_file (or edit_file for one that exists). Every write is shown to the person as a proposal to approve: write each file once, completely.',
      'Keep each file under about 60 lines, concrete and true for THIS codebase: real commands, real folders, real libraries. Do not invent what you did not see; leave a short TODO instead.',
      'Keep the front matter `inclusion: always`. Follow the outline of the template for each file:',
      ...targets.map((t) => `--- template for ${t.rel} ---\n${t.template}`),
      'When the files are written, answer with one short paragraph saying what you wrote and what the person should check.',
    ].join('\n\n');
    await agent.send(session.id, { text, source: 'chat', instructions });
    return { sessionId: session.id };
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const off of this.offs) off();
    this.changes.clear();
  }
}

export const steeringFor = (ws: Workspace, host: Pick<HostContext, 'secrets'>) => ws.service('steering', (w) => new SteeringService(w, () => agentFor(w, host)));
