import { beforeAll, describe, expect, it } from 'vitest';
import { decide, noGuardrails, parseTrustRules, type DecisionContext } from '../../shared/policy';
import { corpusRules, loadCorpus } from './corpus/load';
import { loadShellParser, type ShellParser } from './shell-parser';

// Both corpora are checked with the real parsers and the real decision function, in
// Autopilot (the most permissive mode): only a trust rule can make a command run unasked.
let parser: ShellParser;
beforeAll(async () => {
  parser = await loadShellParser();
});

const rules = parseTrustRules(corpusRules().map((pattern) => ({ pattern, scope: 'workspace' as const })));
const context = (): Omit<DecisionContext, 'parsed'> => ({
  mode: 'autopilot',
  workspaceRoot: '/work/project',
  trustRules: rules.rules,
  guardrails: noGuardrails(),
});

async function decideLine(command: string) {
  return decide({ kind: 'command', command }, { ...context(), parsed: await parser.parse(command) });
}

describe('trust-rule corpora', () => {
  it('reads the rules without problems', () => {
    expect(rules.problems).toEqual([]);
    expect(rules.rules.length).toBeGreaterThan(10);
  });

  const bypass = loadCorpus('bypass.txt');
  const benign = loadCorpus('benign.txt');

  it('has at least 150 bypass lines and 100 benign lines', () => {
    expect(bypass.length).toBeGreaterThanOrEqual(150);
    expect(benign.length).toBeGreaterThanOrEqual(100);
  });

  it('never auto-trusts a bypass line', async () => {
    const allowed: string[] = [];
    for (const line of bypass) {
      const d = await decideLine(line);
      if (d.verdict === 'allow') allowed.push(JSON.stringify(line.slice(0, 120)));
      else expect(d.reasons.length, `no reason given for ${JSON.stringify(line.slice(0, 80))}`).toBeGreaterThan(0);
    }
    expect(allowed, `auto-trusted:\n${allowed.join('\n')}`).toEqual([]);
  });

  it('trusts every benign line, naming the rule', async () => {
    const asked: string[] = [];
    for (const line of benign) {
      const d = await decideLine(line);
      if (d.verdict !== 'allow') asked.push(`${JSON.stringify(line)} → ${d.verdict}: ${d.reasons.join(' | ')}`);
      else expect(d.rule).toBeTruthy();
    }
    expect(asked, `not trusted:\n${asked.join('\n')}`).toEqual([]);
  });
});
