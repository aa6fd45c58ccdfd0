import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, redactValue } from './redact';

describe('redaction', () => {
  const cases: [string, string][] = [
    ['AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY npm test', 'wJalrXUtnFEMI'],
    ['export GITHUB_TOKEN="ghp_1234567890abcdefghijklmnopqrstuv"', 'ghp_1234567890'],
    ['curl -H "Authorization: Bearer abc.def.ghijklmnop" x', 'abc.def.ghijklmnop'],
    ['key id AKIAIOSFODNN7EXAMPLE in text', 'AKIAIOSFODNN7EXAMPLE'],
    ['mysql --password hunter2secret -u root', 'hunter2secret'],
    ['DB_PASSWORD: s3cr3t-value', 's3cr3t-value'],
    ['postgres://admin:pa55word@db:5432/app', 'pa55word'],
    ['client_secret=abcdefgh12345', 'abcdefgh12345'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', 'MIIEow'],
    ['token sk-proj-abcdefghijklmnopqrstuvwxyz012345', 'sk-proj-abcdefghijklmnop'],
  ];
  for (const [text, secret] of cases) {
    it(`hides ${secret.slice(0, 12)}…`, () => {
      const out = redactText(text);
      expect(out).not.toContain(secret);
      expect(out).toContain(REDACTED);
    });
  }

  it('keeps ordinary text', () => {
    for (const t of ['npm test -- --watch', 'git log --format=%h', 'NODE_ENV=test npm run build', 'echo hello world']) expect(redactText(t)).toBe(t);
  });

  it('redacts nested values and values under secret-looking keys, but not counts', () => {
    const out = redactValue({ env: { API_KEY: 'plain', other: 'x' }, list: ['Bearer abcdefghijkl'], usage: { inputTokens: 12 } });
    expect(out).toEqual({ env: { API_KEY: REDACTED, other: 'x' }, list: [`Bearer ${REDACTED}`], usage: { inputTokens: 12 } });
  });
});
