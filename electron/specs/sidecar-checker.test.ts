import { describe, expect, it } from 'vitest';
import { checkKiro } from '../kiro/check';
import { makeTempTree } from '../workspace/test-support';

describe('kiro check on .specwright.json', () => {
  it('summarises the approvals, and fails on a file the board cannot read', async () => {
    const root = await makeTempTree({
      '.kiro/specs/ok/.specwright.json': '{"version": 1, "approvals": {"requirements": {"at": "2025-01-01T00:00:00.000Z", "by": "Ada", "sha256": "abc"}}, "stale": {"tasks": {"at": "x", "by": "Ada", "reason": "design reopened"}}}\n',
      '.kiro/specs/bad/.specwright.json': '{"approvals": {',
    });
    const results = (await checkKiro(root)).filter((r) => r.kind === 'spec-approvals');
    expect(results.find((r) => r.path.includes('/ok/'))).toMatchObject({ ok: true, summary: { readable: true, approved: ['requirements'], stale: ['tasks'], quick: false } });
    const bad = results.find((r) => r.path.includes('/bad/'))!;
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0]!.message).toContain('not valid JSON');
  });
});
