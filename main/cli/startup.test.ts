/**
 * Start-up cost: commands load only the packages they use. A heavy package (onnxruntime, the
 * Compute Engine, parquet, xlsx, openai, zod, transformers) pulled into `--version` or `stats`
 * would add its load time to every quick command; the bench measures the time, this test the cause.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_ENTRY, REPO_ROOT } from '../test-support/cli';
import { useTempDir } from '../test-support/temp';

const HEAVY = ['onnxruntime-node', '@cortex-js/compute-engine', 'hyparquet', 'read-excel-file', 'openai', 'zod', '@huggingface/transformers', 'pngjs'];

/** The npm packages a CLI run resolved, by name. */
function packagesLoadedBy(dir: string, args: string[]): { status: number | null; stdout: string; packages: Set<string> } {
  const record = join(dir, `imports-${args[0]}.txt`);
  const result = spawnSync(process.execPath, ['--import', './main/test-support/record-imports.mjs', CLI_ENTRY, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, VLM_WORKBENCH_RECORD_IMPORTS: record },
  });
  expect(result.stderr, args.join(' ')).toBe('');
  const packages = new Set<string>();
  for (const url of readFileSync(record, 'utf8').split('\n')) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match) packages.add(match[1]!);
  }
  return { status: result.status, stdout: result.stdout, packages };
}

describe('CLI start-up', () => {
  const tempDir = useTempDir();

  it('runs the built JavaScript, not the TypeScript sources through tsx', () => {
    const { status, stdout, packages } = packagesLoadedBy(tempDir(), ['--version']);
    expect(status).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(packages.has('tsx')).toBe(false);
  });

  it('--version, stats and compare load none of the heavy packages; demo (which grades) does load the grader', () => {
    const dir = tempDir();
    const db = join(dir, 'w.sqlite');
    // The positive control: the recording does see packages loaded lazily by a command.
    const demo = packagesLoadedBy(dir, ['demo', '--db', db, '--samples', '4', '--json']);
    expect(demo.status).toBe(0);
    expect(demo.packages.has('@cortex-js/compute-engine')).toBe(true);
    const stats = packagesLoadedBy(dir, ['stats', '--db', db, '--json']);
    const checkpoints = (JSON.parse(stats.stdout) as Array<{ checkpoint: string }>).map((run) => run.checkpoint);
    expect(checkpoints.length).toBeGreaterThan(1);
    const compare = packagesLoadedBy(dir, ['compare', '--db', db, '--a', checkpoints[0]!, '--b', checkpoints.at(-1)!, '--json']);
    expect(compare.status).toBe(0);
    for (const [what, run] of [['--version', packagesLoadedBy(dir, ['--version'])], ['stats', stats], ['compare', compare]] as const) {
      expect(run.packages.has('commander'), `${what} was recorded`).toBe(true);
      expect(HEAVY.filter((name) => run.packages.has(name)), what).toEqual([]);
    }
  });
});
