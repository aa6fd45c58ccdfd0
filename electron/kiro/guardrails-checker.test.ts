import { describe, expect, it } from 'vitest';
import { makeTempTree } from '../workspace/test-support';
import { checkKiro } from './check';

describe('kiro check on .kiro/kiro.json', () => {
  it('reports a valid guardrails file with its rule counts', async () => {
    const root = await makeTempTree({
      '.kiro/kiro.json': JSON.stringify({ guardrails: { deny: { actions: ['delete_production_database'], patterns: ['DROP DATABASE'] }, requireApproval: { files: ['**/Dockerfile'] } } }),
    });
    const [result] = (await checkKiro(root)).filter((r) => r.kind === 'guardrails');
    expect(result).toMatchObject({ path: '.kiro/kiro.json', ok: true, summary: { intact: true, deny: 2, requireApproval: 1 } });
  });

  it('names the key of a bad value and fails the check', async () => {
    const root = await makeTempTree({ '.kiro/kiro.json': '{"guardrails": {"deny": {"resources": ["arn:aws:iam::*:role/prod-*", 7]}}}' });
    const [result] = (await checkKiro(root)).filter((r) => r.kind === 'guardrails');
    expect(result!.ok).toBe(false);
    expect(result!.diagnostics[0]!.message).toContain('guardrails.deny.resources[1]');
  });
});
