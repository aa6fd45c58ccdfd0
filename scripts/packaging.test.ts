import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
// electron-builder's own loader and schema validator; they work offline.
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(dir: string, file: string | null, options: object | null): Promise<Record<string, unknown>>;
  validateConfiguration(config: object, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const quiet = { isEnabled: false, add() {} };
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const abs = path.join(dir, name);
    return statSync(abs).isDirectory() ? walk(abs) : [abs];
  });
}

describe('packaging (electron-builder.yml)', () => {
  it("passes electron-builder's own configuration schema", async () => {
    const config = await getConfig(root, 'electron-builder.yml', null);
    await expect(validateConfiguration(config, quiet)).resolves.toBeUndefined();
    expect(config).toMatchObject({ appId: 'dev.specwright.ide', productName: 'Specwright', npmRebuild: false });
  });

  it('would reject a broken configuration (the check can fail)', async () => {
    const config = { ...(await getConfig(root, 'electron-builder.yml', null)), npmRebuild: 'maybe', unknownOption: true };
    await expect(validateConfiguration(config, quiet)).rejects.toThrow(/configuration/i);
  });

  it('builds installers for every platform from generated icons that exist', async () => {
    const config = (await getConfig(root, 'electron-builder.yml', null)) as Record<string, { target: unknown; icon: string }>;
    expect(JSON.stringify(config.linux!.target)).toContain('AppImage');
    expect(JSON.stringify(config.linux!.target)).toContain('deb');
    expect(JSON.stringify(config.mac!.target)).toContain('universal');
    expect(JSON.stringify(config.win!.target)).toContain('nsis');
    for (const platform of ['linux', 'mac', 'win']) expect(existsSync(path.join(root, config[platform]!.icon))).toBe(true);
  });

  const built = existsSync(path.join(root, 'dist', 'host', 'main.mjs'));
  describe.skipIf(!built)('after `npm run build`', () => {
    it('contains every entry point the package starts from', () => {
      for (const rel of ['dist/host/main.mjs', 'dist/host/preload.cjs', 'dist/host/cli.mjs', 'dist/renderer/index.html']) {
        expect(existsSync(path.join(root, rel)), rel).toBe(true);
      }
    });

    it('needs no dev dependency at run time: the host bundle imports only built-ins, electron and declared dependencies', () => {
      const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
      const allowed = new Set(['electron', ...Object.keys(pkg.dependencies)]);
      const offenders = new Set<string>();
      for (const file of walk(path.join(root, 'dist', 'host')).filter((f) => /\.(mjs|cjs)$/.test(f))) {
        const text = readFileSync(file, 'utf8');
        // Module specifiers only: a package name, optionally scoped, with an optional subpath.
        for (const m of text.matchAll(/(?<![['"`])(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)(["'])((?:@[\w.-]+\/)?\w[\w.:-]*(?:\/[\w.@-]+)*)\1/g)) {
          // Not code: a doc comment's example (`* import … from '…'`) or generated code in a string (ajv's `'require("ajv/…")'`).
          const line = text.slice(text.lastIndexOf('\n', m.index) + 1, m.index).trimStart();
          if (line.startsWith('*') || line.startsWith('//')) continue;
          const spec = m[2]!;
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          if (!builtins.has(spec) && !builtins.has(name) && !allowed.has(name)) offenders.add(`${name} (in ${path.relative(root, file)})`);
        }
      }
      expect([...offenders]).toEqual([]);
    });

    it('declares every runtime dependency as installed', () => {
      for (const name of Object.keys(pkg.dependencies)) expect(existsSync(path.join(root, 'node_modules', name, 'package.json')), name).toBe(true);
    });
  });
  if (!built) console.log('packaging: dist/ not built yet — run `npm run build` to check the packaged files (npm test builds first).');
});
