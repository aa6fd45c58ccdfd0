import { parse as shSyntaxParse } from 'sh-syntax';
import { decide, noGuardrails, parseTrustRules, type ParsedCommandLine } from '../../shared/policy';
import { corpusRules, loadCorpus } from '../../electron/policy/corpus/load';
import { loadShellParser } from '../../electron/policy/shell-parser';
import { median, type Bench } from './lib';

// Policy figures: how many command lines per second the full pipeline decides (both shell
// grammars, structure analysis, risk, rules), beside Kiro-style string-prefix matching;
// and the parse time of a 10 KB command line, beside sh-syntax's own parse.

const rules = parseTrustRules(corpusRules().map((pattern) => ({ pattern, scope: 'user' as const }))).rules;
const corpus = [...loadCorpus('bypass.txt'), ...loadCorpus('benign.txt')].filter((l) => l.length < 20_000);

/** Kiro's matcher: a rule `npm *` trusts any line that starts with `npm `. */
function naivePrefix(line: string, patterns: string[]): boolean {
  return patterns.some((p) => (p === '*' ? true : p.endsWith(' *') ? line === p.slice(0, -2) || line.startsWith(p.slice(0, -1)) : line === p));
}

function tenKbLine(): string {
  const parts: string[] = [];
  for (let i = 0; parts.join(' && ').length < 10 * 1024; i++) parts.push(`npm run build:part${i} -- --flag=${i} "quoted arg ${i}" 'single ${i}' | grep -v warn${i}`);
  return parts.join(' && ').slice(0, 10 * 1024).replace(/[|&\s'"-]+$/, '');
}

const decisions: Bench = {
  ids: ['policy.decisions-per-s'],
  async run(emit) {
    const parser = await loadShellParser();
    const once = async () => {
      const t0 = performance.now();
      for (const line of corpus) {
        const parsed = await parser.parse(line);
        decide({ kind: 'command', command: line }, { mode: 'autopilot', workspaceRoot: '/w', trustRules: rules, guardrails: noGuardrails(), parsed });
      }
      return (corpus.length / (performance.now() - t0)) * 1000;
    };
    await once(); // warm up
    const ours = median([await once(), await once(), await once()]);
    const patterns = corpusRules();
    const naiveOnce = () => {
      const t0 = performance.now();
      let n = 0;
      for (let k = 0; k < 200; k++) for (const line of corpus) if (naivePrefix(line, patterns)) n++;
      return ((200 * corpus.length) / (performance.now() - t0)) * 1000 + n * 0;
    };
    naiveOnce();
    emit({ id: 'policy.decisions-per-s', value: ours, unit: 'decisions/s', vs: { id: 'policy.naive-prefix-per-s', value: median([naiveOnce(), naiveOnce(), naiveOnce()]), unit: 'decisions/s' } });

    // The pure decision alone, over lines parsed beforehand (what a cache of parses would give).
    const parsedAll: ParsedCommandLine[] = [];
    for (const line of corpus) parsedAll.push(await parser.parse(line));
    const pureOnce = () => {
      const t0 = performance.now();
      for (let k = 0; k < 5; k++) for (const parsed of parsedAll) decide({ kind: 'command', command: parsed.source }, { mode: 'autopilot', workspaceRoot: '/w', trustRules: rules, guardrails: noGuardrails(), parsed });
      return ((5 * parsedAll.length) / (performance.now() - t0)) * 1000;
    };
    pureOnce();
    emit({ id: 'policy.decide-only-per-s', value: median([pureOnce(), pureOnce(), pureOnce()]), unit: 'decisions/s' });
  },
};

const parse10kb: Bench = {
  ids: ['policy.parse-10kb'],
  async run(emit) {
    const parser = await loadShellParser();
    const line = tenKbLine();
    const ours: number[] = [];
    const raw: number[] = [];
    await parser.parse(line);
    await shSyntaxParse(line);
    for (let i = 0; i < 15; i++) {
      let t0 = performance.now();
      const parsed = await parser.parse(line);
      decide({ kind: 'command', command: line }, { mode: 'autopilot', workspaceRoot: '/w', trustRules: rules, guardrails: noGuardrails(), parsed });
      ours.push(performance.now() - t0);
      t0 = performance.now();
      await shSyntaxParse(line);
      raw.push(performance.now() - t0);
    }
    emit({ id: 'policy.parse-10kb', value: median(ours), unit: 'ms', vs: { id: 'policy.sh-syntax-parse-10kb', value: median(raw), unit: 'ms' } });
  },
};

export const benches: Bench[] = [decisions, parse10kb];
