import { describe, expect, it } from 'vitest';
import { isRuleProblem, parseTrustRule, ruleMatches, suggestRules, type TrustRule } from './trust-rules';

const rule = (p: string) => {
  const r = parseTrustRule(p, 'user');
  if (isRuleProblem(r)) throw new Error(r.message);
  return r as TrustRule;
};

describe('trust rules', () => {
  const table: [string, string[], boolean][] = [
    ['npm install', ['npm', 'install'], true],
    ['npm install', ['npm', 'install', 'x'], false],
    ['npm install', ['npm'], false],
    ['npm install *', ['npm', 'install'], true],
    ['npm install *', ['npm', 'install', 'lodash', '-D'], true],
    ['npm install *', ['npm', 'installx'], false],
    ['npm *', ['npm'], true],
    ['npm *', ['npm', 'run', 'x'], true],
    ['npm *', ['npmx', 'run'], false],
    ['npm *', ['./npm', 'test'], false],
    ['ls *', ['lsblk'], false],
    ['*', ['anything', 'at', 'all'], true],
    ['*', [], false],
    ['git   status', ['git', 'status'], true],
  ];
  for (const [pattern, argv, expected] of table) {
    it(`'${pattern}' ${expected ? 'matches' : 'does not match'} ${JSON.stringify(argv)}`, () => expect(ruleMatches(rule(pattern), argv)).toBe(expected));
  }

  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['npm*', /'\*' may only stand alone as the last word/],
    ['* npm', /'\*' may only stand alone/],
    ['npm && curl', /shell syntax/],
    ['echo $(x)', /shell syntax/],
    ['ls > out', /shell syntax/],
  ];
  for (const [pattern, message] of bad) {
    it(`rejects ${JSON.stringify(pattern)} with a clear message`, () => {
      const r = parseTrustRule(pattern, 'workspace');
      expect(isRuleProblem(r) && r.message).toMatch(message);
    });
  }

  it('suggests the exact command and base * forms', () => {
    expect(suggestRules(['npm', 'run', 'lint'])).toEqual(['npm run lint', 'npm run *', 'npm *']);
    expect(suggestRules(['make'])).toEqual(['make', 'make *']);
    expect(suggestRules(['git', '--no-pager', 'log'])).toEqual(['git --no-pager log', 'git *']);
    // Words with spaces or shell syntax cannot be written as rule words.
    expect(suggestRules(['echo', 'hello world'])).toEqual(['echo *']);
  });
});
