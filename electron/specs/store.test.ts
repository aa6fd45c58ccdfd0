import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppContract, SpecCard } from '../../shared/contract';
import { createClient, type Client } from '../../shared/rpc/client';
import { isRpcError } from '../../shared/rpc/errors';
import { createMemoryTransportPair } from '../../shared/rpc/transport';
import { createHost, type Host } from '../host/host';
import { makeTempTree, waitFor } from '../workspace/test-support';
import { affectedSpec, suggestSpecName } from './store';

// The store through the real host and RPC layer, on real files with the real watcher: what
// the board sees is what is on disk, and only the renderer's approve/reopen calls move a phase.

const REQ = '# Requirements Document\n\n## Requirements\n\n### Requirement 1: Reset\n\n**User Story:** As a user, I want a reset link, so that I can log in again.\n\n#### Acceptance Criteria\n\n1. WHEN a user asks for a reset, THE Service SHALL email a link\n2. THE Service SHALL expire links after one hour\n';
const DESIGN = '# Design Document\n\n## Overview\n\nA token table.\n\n```mermaid\nflowchart LR\n  A --> B\n```\n';
const TASKS = '# Implementation Plan\n\n- [ ] 1. Token table\n  - _Requirements: 1.2_\n- [ ] 2. Email the link\n  - _Requirements: 1.1_\n';

let host: Host | null = null;
afterEach(async () => {
  await host?.dispose();
  host = null;
});

async function setup(files: Record<string, string> = {}) {
  const root = await makeTempTree({ 'README.md': '# x\n', ...files });
  const dataDir = await makeTempTree({}, 'sw-data-');
  host = createHost({ mode: 'server', dataDir });
  const [a, b] = createMemoryTransportPair();
  host.attach(a);
  const client: Client<AppContract> = createClient<AppContract>(b);
  await client.call('workspace.open', { path: root });
  await host.workspaces.all[0]!.watcher.ready;
  let cards: SpecCard[] = [];
  const changes: string[][] = [];
  client.subscribe('specs.changed', {}, (e) => {
    cards = e.cards;
    changes.push(e.changed);
  });
  const card = (id: string) => cards.find((c) => c.id === id);
  const write = async (rel: string, text: string) => {
    await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await writeFile(path.join(root, rel), text);
  };
  const read = (rel: string) => readFile(path.join(root, rel), 'utf8');
  return { root, client, card, write, read, changes, cards: () => cards };
}

async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isRpcError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected the call to be refused');
}

describe('creating a spec', () => {
  it('writes .config.kiro and the sidecar, and refuses bad names and duplicates with a clear message', async () => {
    const { client, read } = await setup();
    const card = await client.call('specs.create', { name: 'password-reset', description: 'Let users reset their password by email', generate: false });
    expect(card).toMatchObject({ id: '.kiro/specs/password-reset', phase: 'requirements', managed: true, description: 'Let users reset their password by email' });
    const config = JSON.parse(await read('.kiro/specs/password-reset/.config.kiro'));
    expect(config).toMatchObject({ workflowType: 'requirements-first', specType: 'feature' });
    expect(config.specId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(await read('.kiro/specs/password-reset/.specwright.json'))).toEqual({ version: 1, description: 'Let users reset their password by email', approvals: {} });

    const bad = await rejection(client.call('specs.create', { name: 'Password Reset!', generate: false }));
    expect(bad).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('"password-reset"') });
    const dup = await rejection(client.call('specs.create', { name: 'password-reset', generate: false }));
    expect(dup.code).toBe('ALREADY_EXISTS');
    expect(suggestSpecName('Édition  de Profil')).toBe('edition-de-profil');
  });

  it('a bugfix spec is requirements-first with bugfix.md as its first document', async () => {
    const { client } = await setup();
    const card = await client.call('specs.create', { name: 'login-crash', kind: 'bugfix', workflow: 'design-first', generate: false });
    expect(card.type).toBe('bugfix');
    expect(card.workflow).toBe('requirements-first');
    expect(card.documents.map((d) => d.file)).toEqual(['bugfix.md', 'design.md', 'tasks.md']);
  });
});

describe('phase gates', () => {
  it('files written without an approval never move the phase; an approval from the renderer does, recorded on disk', async () => {
    const { client, card, write, read } = await setup();
    const id = (await client.call('specs.create', { name: 'reset', generate: false })).id;
    // No requirements yet: nothing to approve.
    expect(await rejection(client.call('specs.approve', { spec: id, phase: 'requirements' }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('requirements.md does not exist') });

    // Documents appear on disk (a model, a person, git): the board follows, the phase stays.
    await write(`${id}/requirements.md`, REQ);
    await write(`${id}/design.md`, DESIGN);
    await write(`${id}/tasks.md`, TASKS);
    await waitFor(() => card(id)?.progress.total === 2, 5000, 'the watcher to report the new files');
    expect(card(id)!.phase).toBe('requirements');
    expect(card(id)!.documents.map((d) => d.status)).toEqual(['draft', 'draft', 'draft']);

    // Approving another phase than the current one is refused (a stale board cannot skip ahead).
    expect((await rejection(client.call('specs.approve', { spec: id, phase: 'design' }))).code).toBe('CONFLICT');
    const afterReq = await client.call('specs.approve', { spec: id, phase: 'requirements', generateNext: false });
    expect(afterReq.phase).toBe('design');
    const sidecar = JSON.parse(await read(`${id}/.specwright.json`));
    expect(Object.keys(sidecar.approvals)).toEqual(['requirements']);
    expect(sidecar.approvals.requirements.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(sidecar.approvals.requirements.by).toEqual(expect.any(String));

    await client.call('specs.approve', { spec: id, phase: 'design', generateNext: false });
    const impl = await client.call('specs.approve', { spec: id, phase: 'tasks', generateNext: false });
    expect(impl.phase).toBe('implementation');
    expect(impl.progress).toMatchObject({ total: 2, done: 0 });

    // Editing an approved document is shown, not hidden.
    await write(`${id}/requirements.md`, `${REQ}3. THE Service SHALL log each reset\n`);
    await waitFor(() => card(id)?.documents[0]?.changedSinceApproval === true, 5000, 'the edit to show');

    // Done follows the checkboxes on disk.
    await write(`${id}/tasks.md`, TASKS.replace(/\[ \]/g, '[x]'));
    await waitFor(() => card(id)?.phase === 'done', 5000, 'done');
    expect((await rejection(client.call('specs.approve', { spec: id, phase: 'done' }))).message).toContain('no document waiting for approval');
  });

  it('reopening a phase withdraws later approvals and marks later documents stale — kept, not deleted', async () => {
    const { client, read } = await setup();
    const id = (await client.call('specs.create', { name: 'reset', generate: false })).id;
    const files = { 'requirements.md': REQ, 'design.md': DESIGN, 'tasks.md': TASKS };
    for (const [f, t] of Object.entries(files)) await client.call('workspace.write', { path: `${id}/${f}`, text: t, encoding: 'utf8' });
    for (const phase of ['requirements', 'design', 'tasks'] as const) await client.call('specs.approve', { spec: id, phase, generateNext: false });

    const reopened = await client.call('specs.reopen', { spec: id, phase: 'requirements' });
    expect(reopened.phase).toBe('requirements');
    expect(reopened.documents.map((d) => d.status)).toEqual(['draft', 'stale', 'stale']);
    const sidecar = JSON.parse(await read(`${id}/.specwright.json`));
    expect(sidecar.approvals).toEqual({});
    expect(Object.keys(sidecar.stale)).toEqual(['design', 'tasks']);
    expect(sidecar.stale.design.reason).toBe('requirements reopened');
    for (const [f, t] of Object.entries(files)) expect(await read(`${id}/${f}`)).toBe(t);
    // A phase ahead of the current one cannot be "reopened": forward is approval, one phase at a time.
    expect(await rejection(client.call('specs.reopen', { spec: id, phase: 'design' }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('one phase at a time') });

    // Approving requirements again stops at the stale design; approving it clears the mark.
    expect((await client.call('specs.approve', { spec: id, phase: 'requirements', generateNext: false })).phase).toBe('design');
    const d = await client.call('specs.approve', { spec: id, phase: 'design', generateNext: false });
    expect(d.documents.map((x) => x.status)).toEqual(['approved', 'approved', 'stale']);
    expect(d.phase).toBe('tasks');
  });

  it('a folder made by Kiro keeps its inferred phase when first managed', async () => {
    const id = '.kiro/specs/legacy';
    const { client, read } = await setup({ [`${id}/requirements.md`]: REQ, [`${id}/design.md`]: DESIGN, [`${id}/tasks.md`]: TASKS });
    const [card] = (await client.call('specs.list', {})).cards;
    expect(card).toMatchObject({ id, managed: false, phase: 'tasks' });
    const after = await client.call('specs.approve', { spec: id, phase: 'tasks', generateNext: false });
    expect(after).toMatchObject({ phase: 'implementation', managed: true });
    const sidecar = JSON.parse(await read(`${id}/.specwright.json`));
    expect(sidecar.approvals.requirements).toMatchObject({ inferred: true });
    expect(sidecar.approvals.design).toMatchObject({ inferred: true });
    expect(sidecar.approvals.tasks.inferred).toBeUndefined();
  });

  it('a broken sidecar is reported and never overwritten', async () => {
    const id = '.kiro/specs/broken';
    const { client, read } = await setup({ [`${id}/requirements.md`]: REQ, [`${id}/.specwright.json`]: '{"approvals": {' });
    const [card] = (await client.call('specs.list', {})).cards;
    expect(card!.problem?.message).toContain('.specwright.json is not valid JSON');
    const r = await rejection(client.call('specs.approve', { spec: id, phase: 'requirements', generateNext: false }));
    expect(r).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('not valid JSON') });
    expect(await read(`${id}/.specwright.json`)).toBe('{"approvals": {');
  });

  it('a document that breaks a guardrail deny rule cannot be approved, and the card names the rule', async () => {
    const id = '.kiro/specs/db';
    const { client } = await setup({
      '.kiro/kiro.json': '{"guardrails": {"deny": {"patterns": ["DROP DATABASE"]}}}',
      [`${id}/requirements.md`]: `${REQ}3. WHEN the tenant leaves, THE Service SHALL run DROP DATABASE tenant\n`,
    });
    const r = await rejection(client.call('specs.approve', { spec: id, phase: 'requirements', generateNext: false }));
    expect(r.code).toBe('PERMISSION_DENIED');
    expect(r.message).toContain('guardrails.deny.patterns');
    const [card] = (await client.call('specs.list', {})).cards;
    expect(card).toMatchObject({ phase: 'requirements', problem: { kind: 'guardrail', rule: expect.stringContaining('DROP DATABASE') } });
  });
});

describe('watching', () => {
  it('picks up specs of nested .kiro folders of a monorepo, and removed ones', async () => {
    const { client, card, write, root } = await setup({ '.kiro/specs/root-spec/requirements.md': REQ });
    expect((await client.call('specs.list', {})).cards.map((c) => c.id)).toEqual(['.kiro/specs/root-spec']);
    await write('packages/api/.kiro/specs/tokens/requirements.md', REQ);
    await waitFor(() => !!card('packages/api/.kiro/specs/tokens'), 5000, 'the nested spec');
    expect(card('packages/api/.kiro/specs/tokens')!.owner).toBe('packages/api');
    const { rm } = await import('node:fs/promises');
    await rm(path.join(root, '.kiro/specs/root-spec'), { recursive: true });
    await waitFor(() => !card('.kiro/specs/root-spec'), 5000, 'the removed spec to go');
  });

  it('maps changed paths to spec folders', () => {
    expect(affectedSpec({ path: '.kiro/specs/a/tasks.md', isDir: false })).toBe('.kiro/specs/a');
    expect(affectedSpec({ path: 'pk/x/.kiro/specs/b', isDir: true })).toBe('pk/x/.kiro/specs/b');
    expect(affectedSpec({ path: '.kiro/specs', isDir: true })).toBe('all');
    expect(affectedSpec({ path: 'pk/.kiro', isDir: true })).toBe('all');
    expect(affectedSpec({ path: '.kiro/steering/x.md', isDir: false })).toBeNull();
    expect(affectedSpec({ path: 'src/app.ts', isDir: false })).toBeNull();
  });
});
