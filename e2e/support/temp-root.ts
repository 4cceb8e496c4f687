import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/**
 * Every folder an end-to-end test makes lives under one root that the run's global setup makes
 * and its teardown removes, so a run leaves nothing in the system's temp folder, even when a
 * test fails half-way.
 */
const ROOT_VARIABLE = 'VLMWB_E2E_TEMP_ROOT';

export function e2eTempDir(prefix: string): string {
  const root = process.env[ROOT_VARIABLE] ?? os.tmpdir();
  return mkdtempSync(join(root, prefix));
}

export function makeTempRoot(): void {
  process.env[ROOT_VARIABLE] = mkdtempSync(join(os.tmpdir(), 'vlmwb-e2e-run-'));
}

export function removeTempRoot(): void {
  const root = process.env[ROOT_VARIABLE];
  if (root) rmSync(root, { recursive: true, force: true, maxRetries: 3 });
}
