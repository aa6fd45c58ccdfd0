import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditLog, auditFiles } from '../audit/audit-log';
import { makeTempTree } from '../workspace/test-support';
import { workspaceId } from '../workspace/workspace';
import { auditVerify } from './audit';
import { policyCheck } from './policy';

// The CLI functions behind `specwright policy check` and `specwright audit verify`, on real
// folders; stdout is captured to read the JSON they print.
let out: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  out = [];
});
const capture = () => {
  vi.spyOn(console, 'log').mockImplementation((s: unknown) => void out.push(String(s)));
  vi.spyOn(console, 'error').mockImplementation((s: unknown) => void out.push(String(s)));
};
const lastJson = () => JSON.parse(out[out.length - 1]!) as Record<string, unknown>;

describe('specwright policy check', () => {
  it('exits 0/1/2 for allow/ask/deny and prints the parsed segments', async () => {
    const ws = await makeTempTree({ '.kiro/kiro.json': '{"guardrails":{"deny":{"patterns":["DROP DATABASE"]}}}' });
    const data = await makeTempTree({}, 'sw-data-');
    capture();
    expect(await policyCheck(['npm test && git status'], { trust: ['npm *', 'git status'], workspace: ws, dataDir: data, mode: 'supervised' })).toBe(0);
    expect(lastJson()).toMatchObject({ verdict: 'allow', segments: [{ text: 'npm test', argv: ['npm', 'test'], rule: 'npm *' }, { text: 'git status', rule: 'git status' }] });
    expect(await policyCheck(['rm -rf build'], { trust: ['rm *'], workspace: ws, dataDir: data, mode: 'autopilot' })).toBe(1);
    expect(lastJson()).toMatchObject({ verdict: 'ask', rule: 'high-risk', reasons: [expect.stringMatching(/Deletes 'build'/)] });
    expect(await policyCheck(['psql -c "DROP DATABASE x"'], { trust: ['psql *'], workspace: ws, dataDir: data, mode: 'autopilot' })).toBe(2);
    expect(lastJson()).toMatchObject({ verdict: 'deny', rule: 'guardrails.deny.patterns: "DROP DATABASE"' });
  });

  it("uses the workspace's and user's rules unless --trust is given, and reports broken settings", async () => {
    const ws = await makeTempTree({ '.kiro/settings/specwright.json': '{"policy":{"trustedCommands":["make *"]}}' });
    const data = await makeTempTree({ 'settings.json': '{"policy":{"trustedCommands":["cargo test"]}}' }, 'sw-data-');
    capture();
    expect(await policyCheck(['make all && cargo test'], { trust: [], workspace: ws, dataDir: data, mode: 'supervised' })).toBe(0);
    expect(lastJson().rules).toEqual([{ pattern: 'cargo test', scope: 'user' }, { pattern: 'make *', scope: 'workspace' }]);
    expect(await policyCheck(['make all'], { trust: ['npm *'], workspace: ws, dataDir: data, mode: 'supervised' })).toBe(1);
    await writeFile(path.join(data, 'settings.json'), '{"policy": {"trustedCommands": ["cargo test"');
    expect(await policyCheck(['cargo test'], { trust: [], workspace: ws, dataDir: data, mode: 'supervised' })).toBe(1);
    expect((lastJson().problems as string[])[0]).toMatch(/settings\.json:1: .*not applied until it is fixed/);
  });

  it('reports an unparseable line and a missing workspace clearly', async () => {
    const ws = await makeTempTree();
    capture();
    expect(await policyCheck(['echo "unterminated'], { trust: ['echo *'], workspace: ws, mode: 'supervised' })).toBe(1);
    expect(lastJson().blockers).toEqual([expect.objectContaining({ kind: 'unparseable' }), expect.objectContaining({ kind: 'unparseable' })]);
    expect(await policyCheck(['ls'], { trust: [], workspace: path.join(ws, 'nope'), mode: 'supervised' })).toBe(3);
    expect(out[out.length - 1]).toMatch(/does not exist/);
  });
});

describe('specwright audit verify', () => {
  it('checks a workspace log, a file, and names the first broken record', async () => {
    const ws = await makeTempTree();
    const data = await makeTempTree({}, 'sw-data-');
    const dir = path.join(data, 'workspaces', workspaceId(ws));
    const log = new AuditLog(dir);
    for (let i = 0; i < 4; i++) await log.append({ type: 'proposal', summary: `p${i}` });
    capture();
    expect(await auditVerify(undefined, { workspace: ws, dataDir: data })).toBe(0);
    expect(out[out.length - 1]).toMatch(/^OK: 4 records/);
    const file = auditFiles(dir).log;
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[1] = lines[1]!.replace('p1', 'px');
    await writeFile(file, lines.join('\n'));
    expect(await auditVerify(file, {})).toBe(1);
    expect(out[out.length - 1]).toMatch(/^BROKEN: record 2 \(line 2\) was modified/);
    expect(await auditVerify(dir, { json: true })).toBe(1);
    expect(lastJson()).toMatchObject({ ok: false, firstBroken: { line: 2, seq: 2 } });
    expect(await auditVerify(path.join(data, 'none.jsonl'), {})).toBe(2);
  });
});
