import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{electron,shared,renderer,scripts}/**/*.test.{ts,tsx}'],
    // Host services spawn real processes (git, bash, MCP servers); give them room on 2 cores.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    globalSetup: ['scripts/test-temp-root.ts'],
  },
});
