/**
 * One `vlm-workbench import` as a user runs it: the built CLI as a whole process (start-up, the
 * grading worker, staging, merge), timed from spawn to exit (the runs are in), and then until
 * the full-text index of its outputs is complete (the detached pass the import starts for a
 * large backlog; `vlm-workbench index` returns once it is). Peak RSS is the import process's,
 * its worker threads included, reported from inside it by report-peak-rss.mjs. It starts once the
 * disk is quiet (quiet-disk.ts).
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stampPath } from '../../main/core/store/integrity';
import { waitForQuietDisk, type QuietDisk } from './quiet-disk';

const CLI = fileURLToPath(new URL('../../bin/vlm-workbench.js', import.meta.url));
const PEAK_RSS_REPORTER = fileURLToPath(new URL('./report-peak-rss.mjs', import.meta.url));

export interface CliImportFigures {
  /** Spawn to exit: the runs are in. */
  seconds: number;
  /** Spawn until search covers every output. */
  searchableSeconds: number;
  predictions: number;
  images: number;
  peakRssMb: number;
  /** The wait for a quiet disk before the import started. */
  wait: QuietDisk;
}

/** Removes a workspace file with its WAL, shared memory and clean-close stamp. */
export function removeWorkspace(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  rmSync(stampPath(path), { force: true });
}

/** Runs `node ARGS`; `what` names it in the error. */
function node(what: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 1 << 24, ...(env ? { env } : {}) }, (error, stdout, stderr) =>
      error ? reject(new Error(`${what} failed: ${stderr || error.message}`)) : resolve({ stdout, stderr }),
    );
  });
}

/** Imports `importArgs` (the files and options after `import`) into `workspace`, which the caller prepares and removes. */
export async function measureCliImport(workspace: string, importArgs: string[]): Promise<CliImportFigures> {
  const peakRssFile = `${workspace}.peak-rss`;
  try {
    const wait = await waitForQuietDisk(dirname(workspace));
    const started = performance.now();
    const { stdout, stderr } = await node('vlm-workbench import', ['--import', PEAK_RSS_REPORTER, CLI, 'import', ...importArgs, '--db', workspace, '--json'], {
      ...process.env,
      VLM_BENCH_PEAK_RSS_FILE: peakRssFile,
    });
    const seconds = (performance.now() - started) / 1000;
    if (stderr.includes('running the sources through tsx')) throw new Error(`the CLI build is stale: ${stderr.trim()} (run npm run build:cli)`);
    const summary = JSON.parse(stdout) as { predictions: number; images: { stored: number } };
    await node('vlm-workbench index', [CLI, 'index', '--db', workspace, '--quiet']);
    return {
      seconds,
      searchableSeconds: (performance.now() - started) / 1000,
      predictions: summary.predictions,
      images: summary.images.stored,
      peakRssMb: Number(readFileSync(peakRssFile, 'utf8')),
      wait,
    };
  } finally {
    rmSync(peakRssFile, { force: true });
  }
}
