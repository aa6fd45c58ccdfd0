// `steering.resolve-200`: steering resolution for one request in a workspace with 200
// steering files (always, fileMatch with comma lists and YAML lists, manual, auto; some with
// #[[file:]] includes) — what every chat request pays: checking the files for changes,
// deciding each one, reading includes live. Beside it, the `yaml` library parsing the same
// 200 front-matter blocks. `steering.load-200` is the cold load (read and parse all 200)
// beside plain `readFile` of the same files.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { SteeringLoader } from '../../electron/steering/loader';
import { resolveSteering } from '../../electron/steering/resolve';
import { benchTemp, median, type Bench } from './lib';

const RUNS = 30;
const AREAS = ['api', 'web', 'db', 'auth', 'billing', 'search', 'mobile', 'infra', 'docs', 'tests'];

async function workspace(): Promise<{ root: string; files: string[]; frontMatters: string[] }> {
  const root = await benchTemp('steering');
  const dir = path.join(root, '.kiro', 'steering');
  await mkdir(dir, { recursive: true });
  await mkdir(path.join(root, 'docs'), { recursive: true });
  for (const a of AREAS) await writeFile(path.join(root, 'docs', `${a}.md`), `# ${a}\n${'Reference text for the area. '.repeat(200)}\n`);
  await writeFile(path.join(root, 'AGENTS.md'), '# Agents\nKeep changes small.\n');
  const files: string[] = [];
  const frontMatters: string[] = [];
  const body = (i: number) => `# Guide ${i}\n\n${'- Rule: prefer explicit types and small functions.\n'.repeat(30)}`;
  for (let i = 0; i < 200; i++) {
    const a = AREAS[i % AREAS.length]!;
    let fm: string;
    switch (i % 5) {
      case 0:
        fm = 'inclusion: always';
        break;
      case 1:
        fm = `inclusion: fileMatch\nfileMatchPattern: "src/${a}/**,**/*.${a}.ts,**/${a}-*.tsx"`;
        break;
      case 2:
        fm = `inclusion: fileMatch\nfileMatchPattern:\n  - "packages/${a}/**"\n  - "**/*.{${a},sql}"`;
        break;
      case 3:
        fm = 'inclusion: manual';
        break;
      default:
        fm = `inclusion: auto\nname: ${a}-guide-${i}\ndescription: Conventions for the ${a} area, its handlers, tests and deployment`;
    }
    const include = i % 10 === 4 ? `\nSee #[[file:docs/${a}.md]]\n` : '';
    const text = `---\n${fm}\n---\n${body(i)}${include}`;
    const file = path.join(dir, `${a}-${i}.md`);
    await writeFile(file, text);
    files.push(file);
    frontMatters.push(fm);
  }
  return { root, files, frontMatters };
}

const REQUEST = {
  text: 'Refactor the billing handlers and their tests, keep the api responses the same. See #db-8',
  files: ['src/billing/handler.ts', 'src/billing/handler.billing.ts', 'packages/api/routes.ts', 'web/api-form.tsx', 'db/schema.sql'],
};

const resolve200: Bench = {
  ids: ['steering.resolve-200', 'steering.load-200'],
  async run(emit) {
    const { root, files, frontMatters } = await workspace();
    const loader = new SteeringLoader({ root, userKiroDir: null });
    const first = await resolveSteering(await loader.refresh(), REQUEST);
    if (first.included.length < 40 || first.excluded.length < 40) throw new Error(`unexpected resolution: ${first.summary.slice(0, 200)}`);
    const warm: number[] = [];
    const yamlOnly: number[] = [];
    const cold: number[] = [];
    const readOnly: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t0 = performance.now();
      await resolveSteering(await loader.refresh(), REQUEST);
      warm.push(performance.now() - t0);
      t0 = performance.now();
      for (const fm of frontMatters) parseYaml(fm);
      yamlOnly.push(performance.now() - t0);
      t0 = performance.now();
      await resolveSteering(await new SteeringLoader({ root, userKiroDir: null }).refresh(), REQUEST);
      cold.push(performance.now() - t0);
      t0 = performance.now();
      for (const f of files) await readFile(f, 'utf8');
      readOnly.push(performance.now() - t0);
    }
    emit({ id: 'steering.resolve-200', value: median(warm), unit: 'ms', vs: { id: 'yaml.parse-200-front-matter', value: median(yamlOnly), unit: 'ms' } });
    emit({ id: 'steering.load-200', value: median(cold), unit: 'ms', vs: { id: 'fs.read-200-files', value: median(readOnly), unit: 'ms' } });
  },
};

export const benches: Bench[] = [resolve200];
