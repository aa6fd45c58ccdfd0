// `npm run bench [-- <id-prefix>...]`: runs every e2e/perf/*.bench.ts whose ids match and
// prints one `BENCH …` line per figure, each beside its yardstick from the same run.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatFigure, type Bench } from './lib';

const prefixes = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const here = import.meta.dirname;
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
const wanted = (id: string) => prefixes.length === 0 || prefixes.some((p) => id.startsWith(p));

let ran = 0;
let failed = 0;
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { benches: Bench[] };
  for (const bench of mod.benches) {
    if (!bench.ids.some(wanted)) continue;
    ran++;
    try {
      await bench.run((figure) => {
        if (wanted(figure.id)) console.log(formatFigure(figure));
      });
    } catch (e) {
      failed++;
      console.log(`BENCH-ERROR ${bench.ids.join(',')} ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
if (ran === 0) console.log(`No bench matches ${prefixes.join(', ')}.`);
process.exit(failed ? 1 : 0);
