import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['main/**/*.test.ts'],
    // Tests start the CLI as a real process; it runs the build in out/cli/, made fresh here once.
    globalSetup: ['main/test-support/build-cli.global.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
