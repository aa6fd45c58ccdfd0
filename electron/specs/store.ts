// The specs of one workspace: every spec folder (nested `.kiro/` folders of a monorepo
// included), re-read from disk whenever something under a `.kiro/specs/` changes, each with
// its phase derived from its files and its recorded approvals. Approvals and reopenings
// are written here, and only here: the RPC handlers call these methods when a person acts
// on the board; no tool of the agent leads to them.

import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FileChange } from '../../shared/contract/workspace';
import { PHASE_TITLES, type SpecActivity, type SpecCard, type SpecDocKey, type SpecPhase, type SpecProblem } from '../../shared/contract/specs';
import { renderSpecConfig } from '../../shared/kiro/spec-config';
import { RpcError } from '../../shared/rpc/errors';
import { Emitter } from '../../shared/rpc/transport';
import { listSpecs, markDuplicateSpecIds, readSpecFolder } from '../kiro/specs';
import type { Workspace, WorkspaceService } from '../workspace/workspace';
import { cardOf, docText, entryOf, sidecarPath, type SpecEntry } from './card';
import { approverName } from './identity';
import { isSettled, nextDoc } from './phase';
import { emptySidecar, readSidecar, renderSidecar, sha256, type Sidecar } from './sidecar';

export type StoreWorkspace = Pick<Workspace, 'root' | 'files' | 'watcher'>;

export interface SpecsChanged {
  cards: SpecCard[];
  /** Ids of the specs that changed (added, removed or re-read). */
  changed: string[];
}

/** Spec folder names: lower-case words joined by hyphens, as Kiro names them. */
const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const suggestSpecName = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');

/** The spec folder a changed path belongs to; 'all' when a `.kiro` or `specs` folder itself came or went. */
export function affectedSpec(change: Pick<FileChange, 'path' | 'isDir'>): string | 'all' | null {
  const parts = change.path.split('/');
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] !== '.kiro') continue;
    if (i === parts.length - 1) return change.isDir ? 'all' : null;
    if (parts[i + 1] !== 'specs') return null;
    if (i + 2 === parts.length) return 'all';
    return parts.slice(0, i + 3).join('/');
  }
  return null;
}

const ownerOf = (id: string) => {
  const i = id.lastIndexOf('.kiro/specs/');
  return i <= 0 ? '' : id.slice(0, i - 1);
};

export class SpecStore implements WorkspaceService {
  readonly changed = new Emitter<SpecsChanged>();
  private entries = new Map<string, SpecEntry>();
  private loaded: Promise<void> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private activity = new Map<string, SpecActivity>();
  private problems = new Map<string, SpecProblem>();
  private offs: (() => void)[] = [];
  private approver: Promise<string> | null = null;
  private disposed = false;

  constructor(readonly ws: StoreWorkspace) {
    this.offs.push(ws.watcher.changes.on((changes) => this.onChanges(changes)));
  }

  // ── reading ──

  private onChanges(changes: Pick<FileChange, 'path' | 'isDir'>[]) {
    if (!this.loaded) return;
    const ids = new Set<string>();
    let all = false;
    for (const c of changes) {
      const a = affectedSpec(c);
      if (a === 'all') all = true;
      else if (a) ids.add(a);
      else if (c.isDir) for (const id of this.entries.keys()) if (id.startsWith(`${c.path}/`)) ids.add(id); // a package folder removed
    }
    if (all) void this.refresh('all');
    else if (ids.size) void this.refresh([...ids]);
  }

  /** Re-reads specs from disk (serialized: one refresh at a time, in order) and tells subscribers. */
  refresh(which: 'all' | string[]): Promise<void> {
    const run = async () => {
      if (this.disposed) return;
      const changed: string[] = [];
      if (which === 'all') {
        const folders = await listSpecs(this.ws.root);
        markDuplicateSpecIds(folders);
        const next = new Map<string, SpecEntry>();
        for (const f of folders) next.set(f.rel, entryOf(f, await readSidecar(f.dir)));
        for (const id of new Set([...this.entries.keys(), ...next.keys()])) changed.push(id);
        this.entries = next;
      } else {
        for (const id of which) {
          changed.push(id);
          const e = await this.read(id);
          if (e) this.entries.set(id, e);
          else this.entries.delete(id);
        }
      }
      this.emit(changed);
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch((e) => console.error('[specwright] specs refresh:', e));
    return p;
  }

  private async read(id: string): Promise<SpecEntry | null> {
    const abs = path.join(this.ws.root, ...id.split('/'));
    try {
      if (!(await stat(abs)).isDirectory()) return null;
    } catch {
      return null;
    }
    const folder = await readSpecFolder(abs, { rel: id, owner: ownerOf(id) });
    return entryOf(folder, await readSidecar(abs));
  }

  private emit(changed: string[]) {
    if (!this.disposed) this.changed.emit({ cards: this.cardList(), changed });
  }

  ready(): Promise<void> {
    this.loaded ??= this.refresh('all');
    return this.loaded;
  }

  private cardList(): SpecCard[] {
    return [...this.entries.values()]
      .map((e) => this.cardOfEntry(e))
      .sort((a, b) => (a.owner === b.owner ? (a.name < b.name ? -1 : 1) : a.owner < b.owner ? -1 : 1));
  }

  private cardOfEntry(e: SpecEntry): SpecCard {
    const id = e.folder.rel;
    return cardOf(e, { activity: this.activity.get(id) ?? null, problem: this.problems.get(id) ?? null });
  }

  async cards(): Promise<SpecCard[]> {
    await this.ready();
    return this.cardList();
  }

  /** The spec as it is on disk right now (re-read, not cached): what every mutation decides on. */
  async fresh(id: string): Promise<SpecEntry> {
    await this.ready();
    const e = await this.read(id);
    if (!e) {
      this.entries.delete(id);
      throw new RpcError('NOT_FOUND', `There is no spec at ${id} (it may have been renamed or deleted).`);
    }
    this.entries.set(id, e);
    return e;
  }

  async card(id: string): Promise<SpecCard> {
    return this.cardOfEntry(await this.fresh(id));
  }

  /** The cached entry (no disk access), for the board's quick paths. */
  cached(id: string): SpecEntry | undefined {
    return this.entries.get(id);
  }

  // ── what is going on right now (not on disk) ──

  setActivity(id: string, activity: SpecActivity | null) {
    if (activity) this.activity.set(id, activity);
    else this.activity.delete(id);
    this.emit([id]);
  }

  getActivity(id: string): SpecActivity | null {
    return this.activity.get(id) ?? null;
  }

  setProblem(id: string, problem: SpecProblem | null) {
    if (problem) this.problems.set(id, problem);
    else this.problems.delete(id);
    this.emit([id]);
  }

  // ── writing ──

  who(): Promise<string> {
    this.approver ??= approverName(this.ws.root);
    return this.approver;
  }

  /** Creates `.kiro/specs/<name>/` with its `.config.kiro` and sidecar; the documents come from generation (or the person). */
  async create(input: { name: string; kind: 'feature' | 'bugfix'; workflow: 'requirements-first' | 'design-first'; description: string; quick: boolean; owner: string }): Promise<SpecCard> {
    await this.ready();
    const name = input.name.trim();
    if (!NAME.test(name) || name.length > 80) {
      const suggestion = suggestSpecName(name);
      throw new RpcError('BAD_REQUEST', `A spec's name is its folder name: lower-case letters, digits and hyphens${suggestion ? ` — for example "${suggestion}"` : ''}.`, { suggestion });
    }
    const owner = input.owner.replace(/^\/+|\/+$/g, '');
    if (owner.split('/').some((p) => p === '..' || p === '.')) throw new RpcError('BAD_REQUEST', 'The package folder must be a plain path inside the workspace.');
    const id = `${owner ? `${owner}/` : ''}.kiro/specs/${name}`;
    const { abs } = await this.ws.files.resolve(id);
    try {
      await stat(abs);
      throw new RpcError('ALREADY_EXISTS', `A spec named "${name}" already exists (${id}); pick another name or open that one.`, { path: id });
    } catch (e) {
      if (e instanceof RpcError) throw e;
    }
    const workflow = input.kind === 'bugfix' ? 'requirements-first' : input.workflow;
    await this.ws.files.write(`${id}/.config.kiro`, renderSpecConfig({ specId: randomUUID(), workflowType: workflow, specType: input.kind }), 'utf8');
    const sidecar = emptySidecar();
    if (input.description.trim()) sidecar.description = input.description.trim();
    if (input.quick) sidecar.quick = true;
    await this.ws.files.write(sidecarPath(id), renderSidecar(sidecar), 'utf8');
    await this.refresh([id]);
    return this.card(id);
  }

  /**
   * Writes the sidecar through `mutate`. A folder Specwright has not managed before first
   * records what its files imply (inferred approvals, skipped documents), so that managing
   * it does not move it backwards.
   */
  private async updateSidecar(e: SpecEntry, mutate: (s: Sidecar, now: string, by: string) => void): Promise<void> {
    const id = e.folder.rel;
    if (e.sidecar.kind === 'broken') throw new RpcError('BAD_REQUEST', `${id}/${e.sidecar.message}`);
    const by = await this.who();
    const now = new Date().toISOString();
    let s: Sidecar;
    if (e.sidecar.kind === 'ok') s = structuredClone(e.sidecar.sidecar);
    else {
      s = emptySidecar();
      for (const d of e.derived.documents) {
        if (d.status !== 'inferred' && d.status !== 'skipped') continue;
        s.approvals[d.key] = { at: now, by, sha256: d.status === 'skipped' ? '' : sha256(docText(e, d.key) ?? ''), inferred: true };
      }
    }
    mutate(s, now, by);
    await this.ws.files.write(sidecarPath(id), renderSidecar(s), 'utf8');
  }

  /**
   * Approves the spec's current phase. `phase` must be the one the spec is in now: a board
   * that was out of date cannot approve a phase nobody saw. Returns the document that comes
   * next (null when tasks were approved: implementation starts).
   */
  async approve(id: string, phase: SpecPhase, opts: { by?: string } = {}): Promise<{ card: SpecCard; next: SpecDocKey | null; approved: SpecDocKey }> {
    const e = await this.fresh(id);
    const current = e.derived.phase;
    if (phase !== current) {
      throw new RpcError('CONFLICT', `${e.folder.name} is in the ${PHASE_TITLES[current]} phase, not ${PHASE_TITLES[phase]}; nothing was approved (the board was out of date).`, { phase: current });
    }
    if (current === 'implementation' || current === 'done') {
      throw new RpcError('BAD_REQUEST', `${e.folder.name} has no document waiting for approval: its tasks are approved${current === 'done' ? ' and done' : ''}. A spec is done when its required tasks are done.`);
    }
    const doc = e.derived.documents.find((d) => d.key === current)!;
    if (doc.status === 'missing') throw new RpcError('BAD_REQUEST', `${doc.file} does not exist yet: generate it (or write it) before approving the ${PHASE_TITLES[current]} phase.`);
    const activity = this.activity.get(id);
    if (activity?.kind === 'generating') throw new RpcError('CONFLICT', `${doc.file} is still being generated; wait for it, or stop it, before approving.`);
    const text = docText(e, current) ?? '';
    await this.updateSidecar(e, (s, now, by) => {
      s.approvals[current] = { at: now, by: opts.by ?? by, sha256: sha256(text) };
      delete s.stale[current];
    });
    await this.refresh([id]);
    return { card: await this.card(id), next: nextDoc(e.derived.order, current), approved: current };
  }

  /**
   * Reopens an earlier (or the current) phase: its approval and every later one are
   * withdrawn, and later documents that exist are marked stale — kept, to be regenerated.
   */
  async reopen(id: string, key: SpecDocKey): Promise<SpecCard> {
    const e = await this.fresh(id);
    const order = e.derived.order;
    const at = order.indexOf(key);
    const current = e.derived.phase;
    const currentAt = current === 'implementation' || current === 'done' ? order.length : order.indexOf(current);
    if (at > currentAt) throw new RpcError('BAD_REQUEST', `${PHASE_TITLES[key]} comes after the current phase (${PHASE_TITLES[current]}); move forward by approving, one phase at a time.`);
    if (this.activity.get(id)?.kind === 'running') throw new RpcError('CONFLICT', 'Tasks of this spec are running; stop them before reopening a phase.');
    if (at === currentAt) return this.cardOfEntry(e); // the phase is open already
    await this.updateSidecar(e, (s, now, by) => {
      delete s.stale[key];
      for (const later of order.slice(at)) delete s.approvals[later];
      for (const d of e.derived.documents.slice(at + 1)) {
        if (d.status !== 'missing' && d.status !== 'skipped') s.stale[d.key] ??= { at: now, by, reason: `${PHASE_TITLES[key].toLowerCase()} reopened` };
      }
    });
    await this.refresh([id]);
    return this.card(id);
  }

  /** A quick spec: the person asked for documents without gates; each generated one is recorded as approved by that request. */
  async recordQuickApproval(id: string, key: SpecDocKey): Promise<void> {
    const e = await this.fresh(id);
    const d = e.derived.documents.find((x) => x.key === key);
    if (!d || d.status === 'missing' || isSettled(d.status)) return;
    const text = docText(e, key) ?? '';
    await this.updateSidecar(e, (s, now, by) => {
      s.approvals[key] = { at: now, by: `${by} (quick spec, not reviewed)`, sha256: sha256(text) };
      delete s.stale[key];
    });
    await this.refresh([id]);
  }

  dispose() {
    this.disposed = true;
    for (const off of this.offs) off();
    this.changed.clear();
  }
}

export function getSpecStore(ws: Workspace): SpecStore {
  return ws.service('specs', (w) => new SpecStore(w));
}
