import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./fake-vllm-entry.mjs', import.meta.url));

/**
 * Writes an executable `vllm` into `dir` that runs the fake vLLM (fake-vllm.ts), the way a user
 * points VLM_WORKBENCH_VLLM at a venv's vllm. Returns its path.
 */
export function writeFakeVllmExecutable(dir: string): string {
  const path = join(dir, 'vllm');
  writeFileSync(path, `#!/bin/sh\nexec "${process.execPath}" "${entry}" "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}
