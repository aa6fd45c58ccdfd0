import { defineConfig, type PlaywrightTestProject } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './e2e/fixtures/chromium';
import { findElectronBinary } from './electron/host/electron-binary';

const projects: PlaywrightTestProject[] = [
  {
    name: 'chromium',
    use: { browserName: 'chromium', launchOptions: { executablePath: chromiumPath, args: chromiumArgs } },
  },
];

// The desktop app runs the very same specs where an Electron binary exists.
if (process.env.E2E_ELECTRON === '1') {
  if (findElectronBinary()) projects.push({ name: 'electron' });
  else console.log('E2E_ELECTRON=1, but the Electron binary is not installed (node_modules/electron/dist): Electron end-to-end tests are not collected.');
}

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './scripts/test-temp-root.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '.reports/e2e.json' }]],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects,
});
