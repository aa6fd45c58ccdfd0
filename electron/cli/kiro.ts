// `specwright kiro check [DIR]`: parses every file under a `.kiro/` folder — specs, steering,
// hooks, mcp.json (and kiro.json once its checker is registered in electron/kiro/check.ts) —
// and prints one JSON line per file: path, kind, ok, summary counts, diagnostics.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { checkKiro } from '../kiro/check';

export async function runKiroCheck(dir: string, options: { nested?: boolean }, print: (line: string) => void = console.log): Promise<number> {
  const abs = path.resolve(dir);
  if (!existsSync(abs)) {
    print(JSON.stringify({ error: `${dir} does not exist` }));
    return 2;
  }
  const results = await checkKiro(abs, { nested: options.nested !== false });
  if (!results.length && !existsSync(path.join(abs, '.kiro')) && path.basename(abs) !== '.kiro') {
    print(JSON.stringify({ error: `no .kiro folder in ${dir}` }));
    return 2;
  }
  for (const r of results) print(JSON.stringify(r));
  return results.some((r) => !r.ok) ? 1 : 0;
}
