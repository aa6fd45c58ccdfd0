import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is one build used by both the desktop app and server mode.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 8_000,
    reportCompressedSize: false,
  },
  worker: { format: 'es' },
});
