// `specs.parse-corpus`: every spec folder of the real-world corpus parsed as the board will
// (requirements/bugfix, design, tasks, .config.kiro; EARS lint and traceability included),
// beside a plain Markdown tokenizer (marked's lexer) over the same bytes.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { marked } from 'marked';
import { kiroCorpusDir, NO_CORPUS_REASON } from '../fixtures/reference';
import { parseSpec, SPEC_FILES, type SpecTexts } from '../../shared/kiro/spec';
import { median, type Bench } from './lib';

const RUNS = 15;

function specFolders(corpus: string): SpecTexts[] {
  const out: SpecTexts[] = [];
  for (const repo of readdirSync(corpus)) {
    const specs = path.join(corpus, repo, '.kiro', 'specs');
    let names: string[];
    try {
      names = readdirSync(specs).filter((n) => statSync(path.join(specs, n)).isDirectory());
    } catch {
      continue;
    }
    for (const n of names) {
      const texts: SpecTexts = {};
      for (const f of SPEC_FILES) {
        try {
          texts[f] = readFileSync(path.join(specs, n, f), 'utf8');
        } catch {}
      }
      out.push(texts);
    }
  }
  return out;
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const parseCorpus: Bench = {
  ids: ['specs.parse-corpus', 'specs.parse-corpus.throughput'],
  async run(emit) {
    const corpus = kiroCorpusDir();
    if (!corpus) throw new Error(NO_CORPUS_REASON);
    const specs = specFolders(corpus);
    const markdown = specs.flatMap((s) => Object.entries(s).filter(([f]) => f.endsWith('.md')).map(([, t]) => t!));
    const bytes = specs.reduce((n, s) => n + Object.values(s).reduce((m, t) => m + Buffer.byteLength(t ?? ''), 0), 0);
    const ours = () => specs.forEach((s) => parseSpec(s));
    const lexer = () => markdown.forEach((t) => marked.lexer(t));
    for (let i = 0; i < 3; i++) {
      // warm both
      ours();
      lexer();
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      a.push(time(ours));
      b.push(time(lexer));
    }
    const [ms, lexMs] = [median(a), median(b)];
    const mb = bytes / 1024 / 1024;
    emit({ id: 'specs.parse-corpus', value: ms, unit: 'ms', vs: { id: 'markdown.lex-corpus', value: lexMs, unit: 'ms' } });
    emit({ id: 'specs.parse-corpus.throughput', value: mb / (ms / 1000), unit: 'MB/s', vs: { id: 'markdown.lex-corpus.throughput', value: mb / (lexMs / 1000), unit: 'MB/s' } });
  },
};

export const benches: Bench[] = [parseCorpus];
