import { spawnSync } from 'node:child_process';

/** Playwright global setup: the e2e tests start `bin/vlm-workbench.js`; build the CLI it runs first. */
export default function buildCliOnce(): void {
  const result = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: process.cwd(), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the CLI for the e2e tests failed:\n${result.stderr}${result.stdout}`);
}
