import { defineConfig } from 'vite';

// Same Vite, same Monaco, none of the app: the floor for startup.editable.
export default defineConfig({
  root: 'e2e/perf/bare-monaco',
  base: './',
  logLevel: 'warn',
  build: { outDir: '../../../.bench-work/bare-monaco', emptyOutDir: true, target: 'es2022', reportCompressedSize: false, chunkSizeWarningLimit: 8000 },
  worker: { format: 'es' },
});
