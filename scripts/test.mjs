// `npm test`: type-check, lint (with the architecture's boundary rules), unit and
// integration tests (vitest), then end-to-end tests in Chromium against server mode.
// Every stage runs; the last line summarises them all and the exit code says if any failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reports = path.join(root, '.reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const started = Date.now();

function run(label, command, args) {
  console.log(`\n── ${label} ──`);
  const t = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env });
  return { ok: result.status === 0, seconds: Math.round((Date.now() - t) / 1000) };
}

const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

const stages = [];
const typecheck = run('Type-check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
stages.push(`typecheck ${typecheck.ok ? 'ok' : 'FAILED'}`);
const lint = run('Lint and architecture boundaries (eslint)', bin('eslint'), ['--max-warnings', '0', '.']);
stages.push(`lint ${lint.ok ? 'ok' : 'FAILED'}`);

// Built before the unit tests: some check the packaged output (scripts/packaging.test.ts).
const build = run('Build (vite + esbuild)', process.execPath, ['scripts/build.mjs']);
if (!build.ok) stages.push('build FAILED');
const unitJson = path.join(reports, 'unit.json');
const unit = run('Unit and integration tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${unitJson}`]);
const u = readJson(unitJson);
stages.push(u ? `unit ${u.numPassedTests} passed, ${u.numFailedTests} failed, ${u.numPendingTests + (u.numTodoTests ?? 0)} skipped` : `unit ${unit.ok ? 'ok' : 'FAILED'}`);

let e2e = { ok: false };
if (build.ok) {
  e2e = run('End-to-end tests (Playwright, Chromium, server mode)', bin('playwright'), ['test']);
  const r = readJson(path.join(reports, 'e2e.json'));
  const s = r?.stats;
  stages.push(s ? `e2e ${s.expected} passed, ${s.unexpected} failed, ${s.flaky} flaky, ${s.skipped} skipped` : `e2e ${e2e.ok ? 'ok' : 'FAILED'}`);
} else {
  stages.push('e2e not run (build failed)');
}

const allOk = typecheck.ok && lint.ok && unit.ok && build.ok && e2e.ok;
const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(`\nSpecwright tests: ${stages.join(' · ')} — ${allOk ? 'ALL PASSED' : 'FAILURES'} in ${minutes} min`);
if (!existsSync(path.join(root, 'dist'))) console.log('(dist/ missing: the build failed)');
process.exit(allOk ? 0 : 1);
