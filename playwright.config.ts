import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './e2e/support/chromium';

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
      args: CHROMIUM_ARGS,
    },
    viewport: { width: 1400, height: 900 },
    screenshot: 'only-on-failure',
  },
});
