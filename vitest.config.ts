import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's @core/... imports (tsconfig.base.json paths, electron.vite.config.ts alias).
  resolve: { alias: { '@core': resolve('main/core') } },
  test: {
    include: ['main/**/*.test.ts', 'renderer/src/**/*.test.ts'],
    // Tests start the CLI as a real process; it runs the build in out/cli/, made fresh here once.
    globalSetup: ['main/test-support/build-cli.global.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
