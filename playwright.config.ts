import { defineConfig } from '@playwright/test';
import { chromiumExecutable } from './e2e/support/chromium';

export default defineConfig({
  testDir: 'e2e',
  globalSetup: ['./e2e/support/global-setup.ts', './e2e/support/build-cli.global.ts'],
  outputDir: 'test-results',
  timeout: 120_000,
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumExecutable(),
      // Running as root in CI needs --no-sandbox; the rest keep Chromium off a network it cannot reach.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    viewport: { width: 1400, height: 900 },
    screenshot: 'only-on-failure',
  },
});
