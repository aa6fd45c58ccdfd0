// Builds the renderer (Vite) and the host (esbuild) into dist/. With --if-stale, only when
// a source file is newer than the last build, so `npm start` is instant after the first run.
import { existsSync, readFileSync, statSync, writeFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.build-stamp');
const SOURCES = ['electron', 'renderer', 'shared', 'resources', 'vite.config.ts', 'package.json', 'package-lock.json', 'scripts/build.mjs'];

function newestSourceMtime() {
  let newest = 0;
  const visit = (abs) => {
    let info;
    try {
      info = statSync(abs);
    } catch {
      return;
    }
    if (info.isDirectory()) {
      for (const name of readdirSync(abs)) if (name !== 'node_modules') visit(path.join(abs, name));
    } else if (!/\.test\.tsx?$/.test(abs)) {
      newest = Math.max(newest, info.mtimeMs);
    }
  };
  for (const s of SOURCES) visit(path.join(root, s));
  return newest;
}

export function isStale() {
  if (!existsSync(stamp) || !existsSync(path.join(dist, 'host', 'cli.mjs')) || !existsSync(path.join(dist, 'renderer', 'index.html'))) return true;
  return newestSourceMtime() > statSync(stamp).mtimeMs;
}

export async function buildRenderer({ quiet = false } = {}) {
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });
}

// zod puts its ~50 error-message locales on `z.locales`, which esbuild cannot drop: a fifth of
// the host's startup code. The host reports in English, so only `en` is kept.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(root, 'scripts', 'zod-locales-en.mjs') } : undefined,
    );
  },
};

export async function buildHost() {
  const esbuild = await import('esbuild');
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    // Prefer packages' ESM builds: some UMD builds (jsonc-parser) require() their own files dynamically.
    mainFields: ['module', 'main'],
    define: { __SPECWRIGHT_VERSION__: JSON.stringify(version) },
    // Native or file-loading packages stay in node_modules; everything else is bundled,
    // so the packaged app needs no dev dependencies.
    plugins: [zodEnglishOnly],
    external: ['electron', '@lydell/node-pty', 'sh-syntax', 'web-tree-sitter', 'tree-sitter-bash', 'bufferutil', 'utf-8-validate', 'fsevents'],
  };
  // Chunk names carry a content hash: without a clean folder, every build would leave the
  // previous chunks behind (and electron-builder would package them all).
  rmSync(path.join(dist, 'host'), { recursive: true, force: true });
  await esbuild.build({
    ...common,
    entryPoints: { cli: 'electron/cli.ts', main: 'electron/main.ts' },
    outdir: path.join(dist, 'host'),
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    // Bundled CommonJS code calls require() and reads __dirname; give ESM output both.
    banner: {
      js: [
        "import { createRequire as __swCreateRequire } from 'node:module';",
        "import { fileURLToPath as __swFileURLToPath } from 'node:url';",
        'const require = __swCreateRequire(import.meta.url);',
        'const __sw_filename = __swFileURLToPath(import.meta.url);',
        "const __sw_dirname = __swFileURLToPath(new URL('.', import.meta.url));",
      ].join('\n'),
    },
    define: { ...common.define, __dirname: '__sw_dirname', __filename: '__sw_filename' },
    absWorkingDir: root,
  });
  // The preload runs sandboxed, where Electron only loads CommonJS.
  await esbuild.build({ ...common, entryPoints: ['electron/preload.ts'], outfile: path.join(dist, 'host', 'preload.cjs'), format: 'cjs', absWorkingDir: root });
}

export async function build({ quiet = false } = {}) {
  const started = Date.now();
  if (quiet) console.log('Specwright: building the app (first run or sources changed)…');
  await Promise.all([buildRenderer({ quiet }), buildHost()]);
  mkdirSync(dist, { recursive: true });
  writeFileSync(stamp, new Date().toISOString());
  if (!quiet) console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export async function buildIfStale(options = {}) {
  if (isStale()) await build(options);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  await (ifStale ? buildIfStale() : build());
}
