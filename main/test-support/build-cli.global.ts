import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest global setup: builds the CLI (scripts/build-cli.mjs, about a second) once before the
 * tests, so the processes they start run the sources as they are now, built as `npm install` builds them.
 */
export default function buildCliOnce(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const result = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the CLI for the tests failed:\n${result.stderr}${result.stdout}`);
}
