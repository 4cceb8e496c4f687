/**
 * The real VLM outputs with official scores (../shared/fixtures/real, beside the repository).
 * The README presents figures measured on them as tested, so a suite that needs them may skip
 * only on a developer's machine without them: in CI (`CI=true`) a missing fixture is a failure.
 */
import { it } from 'vitest';

export const inCi = (): boolean => ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

/**
 * Registers a failing test when the fixtures a suite needs are missing in CI; call it beside the
 * suite's `describe.skipIf(!present)`, which skips it elsewhere.
 */
export function requireFixturesInCi(present: boolean, what: string, path: string): void {
  if (present || !inCi()) return;
  it(`finds the real fixtures for ${what}`, () => {
    throw new Error(`${path} is missing: with CI=true the real-fixture tests must run, not skip (see ../shared/fixtures/real/README.md)`);
  });
}
