import { readFileSync } from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;

/**
 * Reads a corpus file: one command line per line, `#` comments, `json:` lines for lines
 * with newlines or odd characters. Two placeholders build very long inputs.
 */
export function loadCorpus(name: string): string[] {
  return readFileSync(path.join(here, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => (l.startsWith('json:') ? (JSON.parse(l.slice(5)) as string) : l))
    .map(expandPlaceholder);
}

function expandPlaceholder(line: string): string {
  // Over the parser's length limit: refused without parsing.
  if (line === 'LONG:echo') return `echo ${'a'.repeat(300_000)}`;
  // Under the limit, but a payload at the end of thousands of trusted commands.
  if (line === 'LONGCHAIN') return `${'ls && '.repeat(3000)}rm -rf /`;
  return line;
}

export const corpusRules = () => loadCorpus('rules.txt');
