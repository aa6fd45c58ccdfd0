import { describe, expect, it } from 'vitest';
import { permissionDelta } from './permission-delta';

const doc = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

describe('permission delta', () => {
  it('lists added and removed grants and flags wildcards', () => {
    const before = doc([{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::bucket/*' }]);
    const after = doc([{ Effect: 'Allow', Action: ['s3:*'], Resource: '*' }]);
    const d = permissionDelta(before, after)!;
    expect(d.added).toEqual([{ effect: 'Allow', actions: ['s3:*'], resources: ['*'], principals: [], negated: false }]);
    expect(d.removed).toEqual([{ effect: 'Allow', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::bucket/*'], principals: [], negated: false }]);
    expect(d.wildcards).toEqual(['action s3:*', 'resource *']);
  });

  it('reads trust policies (principals), NotAction, a single statement object, and wrapped documents', () => {
    const trust = JSON.stringify({ Role: { Properties: { AssumeRolePolicyDocument: { Statement: { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' } } } } });
    const d = permissionDelta(null, trust)!;
    expect(d.added[0]).toMatchObject({ principals: ['AWS:*'], actions: ['sts:AssumeRole'] });
    expect(d.wildcards).toContain('principal AWS:*');
    const not = permissionDelta(null, doc([{ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:x' }]))!;
    expect(not.wildcards.some((w) => w.startsWith('NotAction'))).toBe(true);
  });

  it('ignores files that are not policy documents, and unparseable JSON', () => {
    expect(permissionDelta('{"name": "x"}', '{"name": "y"}')).toBeNull();
    expect(permissionDelta(null, '{"Statement": [')).toBeNull();
    expect(permissionDelta(null, 'export const Statement = 1')).toBeNull();
  });

  it('an unchanged policy has an empty delta', () => {
    const p = doc([{ Effect: 'Deny', Action: 'iam:*', Resource: '*' }]);
    expect(permissionDelta(p, p)).toEqual({ added: [], removed: [], wildcards: [] });
  });
});
