import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decide, noGuardrails, parseTrustRules } from '../../shared/policy';
import { corpusRules, loadCorpus } from './corpus/load';
import { loadShellParser, type ShellParser } from './shell-parser';

// Soundness of composition: for any trusted command T and any command line X,
// `T ; X`, `T && X`, `T | X` and `T $(X)` are trusted only if X alone is.

let parser: ShellParser;
beforeAll(async () => {
  parser = await loadShellParser();
});

const rules = parseTrustRules(corpusRules().map((pattern) => ({ pattern, scope: 'user' as const }))).rules;
const decideLine = async (line: string) =>
  decide({ kind: 'command', command: line }, { mode: 'autopilot', workspaceRoot: '/w', trustRules: rules, guardrails: noGuardrails(), parsed: await parser.parse(line) });
const trusted = async (line: string) => (await decideLine(line)).verdict === 'allow';
/** X adds no command at all (empty, blanks, a comment): `T ; X` is just T. */
const noCommand = async (line: string) => {
  const blockers = (await decideLine(line)).command?.blockers ?? [];
  return blockers.length === 1 && blockers[0]!.kind === 'empty';
};

// T: single benign commands (no operators, no newlines) that are trusted alone.
const singles = loadCorpus('benign.txt').filter((l) => !/[;&|\n#]/.test(l));
const corpusLines = [...loadCorpus('bypass.txt').filter((l) => l.length < 2000), ...loadCorpus('benign.txt')];
// X: corpus lines, their fragments, and random shell-ish text.
const shellish = fc.stringMatching(/^[a-z$(){}`'"|&;<> \-.*\\/=0-9\n]{0,24}$/);
const lineArb = fc.oneof(fc.constantFrom(...corpusLines), shellish, fc.tuple(fc.constantFrom(...corpusLines), shellish).map(([a, b]) => `${a}${b}`));

describe('composition property', () => {
  it('has trusted single commands to compose', async () => {
    expect(singles.length).toBeGreaterThan(50);
    for (const t of singles.slice(0, 5)) expect(await trusted(t)).toBe(true);
  });

  it('T ; X, T && X, T | X and T $(X) are trusted only if X alone is', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...singles), lineArb, async (t, x) => {
        const xTrusted = (await trusted(x)) || (await noCommand(x));
        for (const composed of [`${t} ; ${x}`, `${t} && ${x}`, `${t} | ${x}`, `${t} $(${x})`]) {
          if (await trusted(composed)) expect(xTrusted, `${JSON.stringify(composed)} is trusted but ${JSON.stringify(x)} is not`).toBe(true);
        }
        // And a substitution is never trusted, whatever X is.
        expect(await trusted(`${t} $(${x})`)).toBe(false);
      }),
      { numRuns: 120 },
    );
  });
});
