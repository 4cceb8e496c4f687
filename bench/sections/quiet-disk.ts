/**
 * Waits, before a timed import, until writing into the page cache costs what it costs on a quiet
 * machine. On the 2-core VM this bench runs on, for 30-40 s after a multi-gigabyte copy (the
 * bench copies its million-prediction workspace) or a large import, writing 64 MB into the page
 * cache took 40-150 ms instead of 13-16 ms (every other try), and an import started then ran
 * 10-60% slower, its staging writes costing more system time; nothing in /proc/stat or the disk's
 * counters showed it. Measured without the wait, the import into the large workspace came out at
 * 0.61× the import into a new one in a full run and 0.97× alone: the copy's after-effect, charged
 * to the workspace's size.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const PROBE_BYTES = 1 << 20;
const PROBE_WRITES = 64;
/** Probes in a row within SLACK of the fastest seen before the disk counts as quiet. */
const QUIET_PROBES = 6;
const SLACK = 1.5;
const PROBE_EVERY_MS = 500;

/** The fastest probe of this process: a quiet machine's, once any probe ran on one. */
let fastestMs = Number.POSITIVE_INFINITY;

/** Milliseconds to write 64 MB into a new file in `dir` (page cache only: no fsync) and remove it. */
function probe(dir: string): number {
  const path = join(dir, `.quiet-disk-probe-${process.pid}`);
  const chunk = Buffer.alloc(PROBE_BYTES, 1);
  const started = performance.now();
  const fd = openSync(path, 'w');
  try {
    for (let i = 0; i < PROBE_WRITES; i++) writeSync(fd, chunk);
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
  return performance.now() - started;
}

export interface QuietDisk {
  waitedSeconds: number;
  /** False when `maxSeconds` passed first (the figure's note says so). */
  quiet: boolean;
}

/** Probes `dir` until QUIET_PROBES probes in a row are within SLACK of the fastest; at most `maxSeconds`. */
export async function waitForQuietDisk(dir: string, maxSeconds = 120): Promise<QuietDisk> {
  const started = performance.now();
  let inARow = 0;
  while (inARow < QUIET_PROBES) {
    const waitedSeconds = (performance.now() - started) / 1000;
    if (waitedSeconds > maxSeconds) return { waitedSeconds, quiet: false };
    const ms = probe(dir);
    fastestMs = Math.min(fastestMs, ms);
    inARow = ms <= fastestMs * SLACK ? inARow + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
  }
  return { waitedSeconds: (performance.now() - started) / 1000, quiet: true };
}

/** How a figure's note says the wait before it. */
export function describeWait(wait: QuietDisk): string {
  return wait.quiet ? `started once the disk was quiet (after ${wait.waitedSeconds.toFixed(0)} s)` : `the disk was not quiet after ${wait.waitedSeconds.toFixed(0)} s; started anyway`;
}
