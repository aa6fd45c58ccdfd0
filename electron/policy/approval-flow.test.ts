import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppContract, PendingApproval } from '../../shared/contract';
import { createClient, type Client } from '../../shared/rpc/client';
import { createMemoryTransportPair } from '../../shared/rpc/transport';
import { createHost, type Host } from '../host/host';
import { makeTempTree, waitFor } from '../workspace/test-support';
import { getPolicy } from './policy-service';

// The approval flow through the real host over the real RPC layer (in-memory transport):
// the gate puts an approval on the stream, the renderer's answer resolves it.

let host: Host | null = null;
afterEach(async () => {
  await host?.dispose();
  host = null;
});

async function setup(files: Record<string, string> = {}) {
  const root = await makeTempTree(files);
  const dataDir = await makeTempTree({}, 'sw-data-');
  host = createHost({ mode: 'server', dataDir });
  const [a, b] = createMemoryTransportPair();
  host.attach(a);
  const client: Client<AppContract> = createClient<AppContract>(b);
  await client.call('workspace.open', { path: root });
  const ws = host.workspaces.all[0]!;
  const policy = getPolicy(ws);
  const pending: PendingApproval[][] = [];
  client.subscribe('policy.approvals', {}, (e) => pending.push(e.pending));
  const latest = () => pending[pending.length - 1] ?? [];
  return { root, dataDir, client, ws, policy, latest };
}

const meta = (toolCallId: string, signal?: AbortSignal) => ({ sessionId: 's1', toolCallId, actor: 'agent', ...(signal ? { signal } : {}) });

describe('approval flow over RPC', () => {
  it('Supervised: a file change waits with its diff; Reject leaves the disk untouched', async () => {
    const { root, client, ws, policy, latest } = await setup({ 'src/app.ts': 'export const a = 1;\n' });
    const action = { kind: 'write' as const, path: 'src/app.ts', before: 'export const a = 1;\n', after: 'export const a = 2;\nexport const b = 3;\n' };
    const gate = policy.gate(action, meta('t1'));
    await waitFor(() => latest().length === 1, 5000, 'the pending approval on the stream');
    const shown = latest()[0]!;
    expect(shown.id).toBe('t1');
    expect(shown.mode).toBe('supervised');
    expect(shown.decision.verdict).toBe('ask');
    expect(shown.decision.reasons.join(' ')).toMatch(/Supervised/);
    expect(shown.view.file).toMatchObject({ path: 'src/app.ts', change: 'edit', added: 2, removed: 1 });
    expect(shown.view.file!.patch).toContain('+export const b = 3;');

    await client.call('policy.respond', { id: 't1', answer: 'reject' });
    const result = await gate;
    expect(result.allowed).toBe(false);
    expect(result.approval).toMatchObject({ by: 'person', answer: 'reject' });
    // The executor writes only what the gate allowed.
    if (result.allowed) await ws.files.write(action.path, action.after, 'utf8');
    expect(await readFile(path.join(root, 'src/app.ts'), 'utf8')).toBe('export const a = 1;\n');
    await waitFor(() => latest().length === 0, 5000, 'the approval to leave the stream');

    const records = await policy.audit.readAll();
    expect(records.map((r) => r.type)).toEqual(['proposal', 'decision', 'approval']);
    expect(records[2]!.data).toMatchObject({ answer: 'reject', by: 'person', mode: 'supervised' });
  });

  it('Approve resolves the gate; the result is recorded; Autopilot applies edits without asking', async () => {
    const { client, policy, latest, ws } = await setup({ 'a.txt': 'old\n' });
    const gate = policy.gate({ kind: 'write', path: 'a.txt', before: 'old\n', after: 'new\n' }, meta('t2'));
    await waitFor(() => latest().length === 1);
    await client.call('policy.respond', { id: 't2', answer: 'approve' });
    expect((await gate).allowed).toBe(true);
    await policy.recordResult('t2', { ok: true, summary: 'wrote 4 bytes' }, { sessionId: 's1' });

    await client.call('workspace.setState', { autopilot: true });
    const auto = await policy.gate({ kind: 'write', path: 'a.txt', before: 'old\n', after: 'newer\n' }, meta('t3'));
    expect(auto).toMatchObject({ allowed: true, approval: { by: 'autopilot' } });
    // Protected paths still ask in Autopilot.
    const hook = policy.gate({ kind: 'write', path: '.kiro/hooks/x.kiro.hook', before: null, after: '{}' }, meta('t4'));
    await waitFor(() => latest().some((p) => p.id === 't4'));
    expect(latest().find((p) => p.id === 't4')!.decision.reasons.join(' ')).toMatch(/agent hook/);
    await client.call('policy.respond', { id: 't4', answer: 'reject' });
    expect((await hook).allowed).toBe(false);
    expect(ws.uiState.autopilot).toBe(true);

    const verify = await client.call('audit.verify', {});
    expect(verify).toMatchObject({ ok: true, firstBroken: null });
    const { records } = await client.call('audit.query', { types: ['result'] });
    expect(records[0]).toMatchObject({ toolCallId: 't2', data: { ok: true } });
  });

  it('rm -rf build under an rm * rule still asks and says why', async () => {
    const { client } = await setup();
    const d = await client.call('policy.check', { command: 'rm -rf build', trust: ['rm *'], mode: 'autopilot' });
    expect(d.verdict).toBe('ask');
    expect(d.rule).toBe('high-risk');
    expect(d.reasons[0]).toMatch(/High risk: Deletes 'build' and everything inside \(rm -rf\)/);
    expect(d.command!.segments[0]!.rule).toBe('rm *');
  });

  it('Run and trust adds the rule to the workspace settings, keeping the file, and the next run is trusted', async () => {
    const settings = '// team settings\n{\n  "general": { "theme": "dark" },\n}\n';
    const { root, client, policy, latest } = await setup({ '.kiro/settings/specwright.json': settings });
    const gate = policy.gate({ kind: 'command', command: 'npm run lint' }, meta('c1'));
    await waitFor(() => latest().length === 1);
    expect(latest()[0]!.decision.command!.suggestions).toEqual(['npm run lint', 'npm run *', 'npm *']);
    const res = await client.call('policy.respond', { id: 'c1', answer: 'runAndTrust', trust: { rule: 'npm run *', scope: 'workspace' } });
    expect(res.trustAdded).toBe('npm run *');
    expect((await gate).approval).toMatchObject({ by: 'person', trustAdded: 'npm run *' });
    const text = await readFile(path.join(root, '.kiro/settings/specwright.json'), 'utf8');
    expect(text).toContain('// team settings');
    expect(text).toContain('"theme": "dark"');
    expect(text).toMatch(/"trustedCommands": \[\s*"npm run \*"\s*\]/);
    const again = await policy.gate({ kind: 'command', command: 'npm run build' }, meta('c2'));
    expect(again).toMatchObject({ allowed: true, approval: { by: 'rule' }, decision: { rule: 'npm run *' } });
    const status = await client.call('policy.status', {});
    expect(status.trustRules).toContainEqual({ pattern: 'npm run *', scope: 'workspace' });
  });

  it('Run and trust into the user settings; a malformed settings file is left alone with a clear error', async () => {
    const { dataDir, client, policy, latest } = await setup();
    await writeFile(path.join(dataDir, 'settings.json'), '{ "general": { "fontSize": 14 } }');
    const g1 = policy.gate({ kind: 'command', command: 'make test' }, meta('u1'));
    await waitFor(() => latest().length === 1);
    await client.call('policy.respond', { id: 'u1', answer: 'runAndTrust', trust: { rule: 'make test', scope: 'user' } });
    expect((await g1).allowed).toBe(true);
    expect(JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8'))).toEqual({ general: { fontSize: 14 }, policy: { trustedCommands: ['make test'] } });

    await writeFile(path.join(dataDir, 'settings.json'), '{ "policy": { "trustedCommands": [ "make test" ');
    const g2 = policy.gate({ kind: 'command', command: 'make lint' }, meta('u2'));
    await waitFor(() => latest().some((p) => p.id === 'u2'));
    await expect(client.call('policy.respond', { id: 'u2', answer: 'runAndTrust', trust: { rule: 'make lint', scope: 'user' } })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await readFile(path.join(dataDir, 'settings.json'), 'utf8')).toBe('{ "policy": { "trustedCommands": [ "make test" ');
    // Still pending: the person can answer differently.
    await client.call('policy.respond', { id: 'u2', answer: 'reject' });
    expect((await g2).allowed).toBe(false);
  });

  it('refuses answers for unknown approvals and rules that were not offered', async () => {
    const { client, policy, latest } = await setup();
    await expect(client.call('policy.respond', { id: 'nope', answer: 'approve' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const g = policy.gate({ kind: 'command', command: 'ls & rm -rf x' }, meta('b1'));
    await waitFor(() => latest().length === 1);
    expect(latest()[0]!.decision.command!.suggestions).toEqual([]);
    await expect(client.call('policy.respond', { id: 'b1', answer: 'runAndTrust', trust: { rule: '*', scope: 'workspace' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await client.call('policy.respond', { id: 'b1', answer: 'reject' });
    expect((await g).allowed).toBe(false);
  });

  it('an AbortSignal cancels a pending approval', async () => {
    const { policy, latest } = await setup();
    const controller = new AbortController();
    const g = policy.gate({ kind: 'fetch', url: 'https://example.com/' }, meta('f1', controller.signal));
    await waitFor(() => latest().length === 1);
    controller.abort();
    await expect(g).rejects.toMatchObject({ name: 'AbortError' });
    await waitFor(() => latest().length === 0);
    const records = await policy.audit.readAll();
    expect(records[records.length - 1]!.data).toMatchObject({ answer: 'cancelled' });
  });

  it('guardrails deny in any mode; a malformed kiro.json keeps its deny rules and makes everything ask', async () => {
    const kiro = { guardrails: { deny: { resources: ['arn:aws:iam::*:role/production-*'], patterns: ['DROP DATABASE'] } } };
    const { root, client, policy } = await setup({ '.kiro/kiro.json': JSON.stringify(kiro), '.kiro/settings/specwright.json': '{"policy":{"trustedCommands":["aws *","psql *","ls *"]}}' });
    await client.call('workspace.setState', { autopilot: true });
    const deny = await policy.gate({ kind: 'command', command: 'aws iam get-role --role-name x --role-arn arn:aws:iam::123:role/production-admin' }, meta('g1'));
    expect(deny.allowed).toBe(false);
    expect(deny.decision).toMatchObject({ verdict: 'deny', rule: 'guardrails.deny.resources: "arn:aws:iam::*:role/production-*"' });
    expect((await client.call('policy.check', { command: 'ls -la' })).verdict).toBe('allow');

    // Break the file: the deny rules stay, and nothing is allowed without a person.
    await writeFile(path.join(root, '.kiro/kiro.json'), '{ "guardrails": { "deny": { "patterns": ["DROP DATABASE" ');
    let status = await client.call('policy.status', {});
    for (let i = 0; i < 100 && status.guardrails.intact; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = await client.call('policy.status', {});
    }
    expect(status.guardrails.intact).toBe(false);
    expect(status.diagnostics.some((d) => d.source === '.kiro/kiro.json' && /kiro\.json:1:\d+/.test(d.message))).toBe(true);
    expect(status.guardrails.deny.resources).toContain('arn:aws:iam::*:role/production-*');
    const stillDenied = await client.call('policy.check', { command: 'psql -c "DROP DATABASE prod"' });
    expect(stillDenied.verdict).toBe('deny');
    // The same checker for spec documents and tasks.
    const spec = await policy.checkGuardrails({ text: 'Step 3: run DROP DATABASE legacy', files: ['db/x.sql'] });
    expect(spec).toMatchObject({ intact: false, hits: [{ effect: 'deny', rule: 'guardrails.deny.patterns: "DROP DATABASE"' }] });
    const nowAsks = await client.call('policy.check', { command: 'ls -la' });
    expect(nowAsks.verdict).toBe('ask');
    expect(nowAsks.reasons.join(' ')).toMatch(/kiro\.json has errors/);
  });

  it('no secret from the fixtures reaches the audit log file', async () => {
    const secrets = {
      aws: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      awsId: 'AKIAIOSFODNN7EXAMPLE',
      token: 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
      bearer: 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.sig123456',
      password: 'hunter2-but-longer',
    };
    const { policy, latest, client, ws } = await setup();
    await client.call('workspace.setState', { autopilot: true });
    const g = policy.gate(
      { kind: 'command', command: `AWS_SECRET_ACCESS_KEY=${secrets.aws} AWS_ACCESS_KEY_ID=${secrets.awsId} curl -H "Authorization: Bearer ${secrets.bearer}" https://x.example/?p=1` },
      meta('s1'),
    );
    await waitFor(() => latest().length === 1);
    await client.call('policy.respond', { id: 's1', answer: 'reject' });
    await g;
    await policy.gate({ kind: 'write', path: '.env', before: null, after: `GITHUB_TOKEN=${secrets.token}\nDB_PASSWORD=${secrets.password}\n` }, meta('s2'));
    const g3 = policy.gate({ kind: 'mcp', server: 'db', tool: 'connect', input: { url: `postgres://admin:${secrets.password}@db/prod`, apiKey: secrets.token } }, meta('s3'));
    await waitFor(() => latest().length === 1);
    await client.call('policy.respond', { id: 's3', answer: 'reject' });
    await g3;
    await policy.recordResult('s2', { ok: false, error: `token ${secrets.token} rejected` });
    await policy.audit.flush();
    const text = await readFile(path.join(ws.dataDir, 'audit.jsonl'), 'utf8');
    expect(text.split('\n').length).toBeGreaterThan(6);
    for (const [name, secret] of Object.entries(secrets)) expect(text.includes(secret), `${name} leaked into the audit log: ${text.split("\n").find((l) => l.includes(secret))}`).toBe(false);
    expect(text).toContain('«redacted»');
  });
});

describe('settings folder', () => {
  it('creates .kiro/settings when adding the first workspace rule', async () => {
    const { root, policy } = await setup();
    await mkdir(path.join(root, 'src'), { recursive: true });
    await policy.addTrustRule('npm test', 'workspace');
    expect(JSON.parse(await readFile(path.join(root, '.kiro/settings/specwright.json'), 'utf8'))).toEqual({ policy: { trustedCommands: ['npm test'] } });
  });
});
