/**
 * Start-up cost: commands load only the packages they use. A heavy package (onnxruntime, the
 * Compute Engine, parquet, xlsx, openai, zod, transformers) pulled into `--version` or `stats`
 * would add its load time to every quick command; the bench measures the time, this test the cause.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_VERSION } from '../core/version';
import { CLI_ENTRY, REPO_ROOT, waitUntil } from '../test-support/cli';
import { useTempDir } from '../test-support/temp';

const HEAVY = ['onnxruntime-node', '@cortex-js/compute-engine', 'hyparquet', 'read-excel-file', 'openai', 'zod', '@huggingface/transformers', 'pngjs'];

/** npm package names in a recording of resolved module URLs. */
function packagesIn(record: string): Set<string> {
  const packages = new Set<string>();
  for (const url of readFileSync(record, 'utf8').split('\n')) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (match) packages.add(match[1]!);
  }
  return packages;
}

/** The npm packages a CLI run resolved, by name. */
function packagesLoadedBy(dir: string, args: string[]): { status: number | null; stdout: string; packages: Set<string> } {
  const record = join(dir, `imports-${args[0]}.txt`);
  const result = spawnSync(process.execPath, ['--import', './main/test-support/record-imports.mjs', CLI_ENTRY, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, VLM_WORKBENCH_RECORD_IMPORTS: record },
  });
  expect(result.stderr, args.join(' ')).toBe('');
  return { status: result.status, stdout: result.stdout, packages: packagesIn(record) };
}

describe('CLI start-up', () => {
  const tempDir = useTempDir();

  it('runs the built JavaScript, not the TypeScript sources through tsx', () => {
    const { status, stdout, packages } = packagesLoadedBy(tempDir(), ['--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('Usage: vlm-workbench');
    expect(packages.has('commander')).toBe(true);
    expect(packages.has('tsx')).toBe(false);
  });

  it('--version answers from package.json without loading the CLI', () => {
    const { status, stdout, packages } = packagesLoadedBy(tempDir(), ['--version']);
    expect(status).toBe(0);
    const packageVersion = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(stdout.trim()).toBe(packageVersion);
    expect(APP_VERSION).toBe(packageVersion);
    expect([...packages]).toEqual([]);
  });

  it('stats and compare load none of the heavy packages; demo (which grades) does load the grader', () => {
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
    for (const [what, run] of [['stats', stats], ['compare', compare]] as const) {
      expect(run.packages.has('commander'), `${what} was recorded`).toBe(true);
      expect(HEAVY.filter((name) => run.packages.has(name)), what).toEqual([]);
    }
  });

  it('an import loads the libraries of the formats it reads only: a JSONL or TSV file none of the spreadsheet, Parquet or CSV ones; a Parquet file its own', () => {
    const dir = tempDir();
    const jsonl = join(dir, 'answers.jsonl');
    writeFileSync(jsonl, `${JSON.stringify({ id: 'q1', question: 'Which is larger?', answer: 'A', prediction: '<think>7 > 3</think> \\boxed{A}' })}\n`);
    const imported = packagesLoadedBy(dir, ['import', jsonl, '--db', join(dir, 'w.sqlite'), '--benchmark', 'Toy', '--checkpoint', 'ckpt', '--json']);
    expect(imported.status).toBe(0);
    expect((JSON.parse(imported.stdout) as { predictions: number }).predictions).toBe(1);
    const formatLibraries = ['read-excel-file', 'hyparquet', 'hyparquet-compressors', 'hyparquet-writer', 'csv-parse', 'csv-stringify', 'unzipper-esm', 'fflate'];
    expect(formatLibraries.filter((name) => imported.packages.has(name))).toEqual([]);
    // A VLMEvalKit TSV (read by Papa Parse) neither: its header alone says it is not one of our exports.
    const tsv = join(dir, 'toy-model_MMStar.tsv');
    writeFileSync(tsv, 'index\tquestion\tA\tB\tanswer\tprediction\n1\tWhich is larger?\t7\t3\tA\tA\n');
    const fromTsv = packagesLoadedBy(dir, ['import', tsv, '--db', join(dir, 't.sqlite'), '--json']);
    expect(fromTsv.status).toBe(0);
    expect((JSON.parse(fromTsv.stdout) as { predictions: number }).predictions).toBe(1);
    expect(formatLibraries.filter((name) => fromTsv.packages.has(name))).toEqual([]);
    // The positive control: the Parquet reader is loaded where a Parquet file is read.
    const parquet = join(dir, 'answers.parquet');
    writeFileSync(
      parquet,
      Buffer.from(parquetWriteBuffer({ columnData: [{ name: 'id', data: ['q1'] }, { name: 'question', data: ['Which is larger?'] }, { name: 'answer', data: ['A'] }, { name: 'prediction', data: ['\\boxed{A}'] }] })),
    );
    const fromParquet = packagesLoadedBy(dir, ['import', parquet, '--db', join(dir, 'p.sqlite'), '--benchmark', 'Toy', '--checkpoint', 'ckpt', '--json']);
    expect(fromParquet.status).toBe(0);
    expect(fromParquet.packages.has('hyparquet')).toBe(true);
  });

  it('serve answers /api/health without loading the grader, openai, parquet, xlsx or onnxruntime', async () => {
    const dir = tempDir();
    const record = join(dir, 'imports-serve.txt');
    const child = spawn(process.execPath, ['--import', './main/test-support/record-imports.mjs', CLI_ENTRY, 'serve', '--db', join(dir, 'w.sqlite'), '--port', '0'], {
      cwd: REPO_ROOT,
      env: { ...process.env, VLM_WORKBENCH_RECORD_IMPORTS: record },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      await waitUntil(() => /at http:\/\/\S+/.test(stdout) || child.exitCode !== null, 'serve to listen', 120_000);
      const base = /at (http:\/\/[^/\s]+)/.exec(stdout)![1]!;
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    const loaded = packagesIn(record);
    expect(loaded.has('better-sqlite3')).toBe(true);
    expect(HEAVY.filter((name) => name !== 'zod' && loaded.has(name))).toEqual([]);
  });
});
