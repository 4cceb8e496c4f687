/**
 * Runs one export in a process of its own (bench/sections/export.ts starts it), so that the peak
 * RSS it reports is the export's alone, not the seeding's that came before it.
 * Usage: node --import tsx bench/export-worker.ts WORKSPACE SET_ID FORMAT OUT
 */
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { ExportFormat } from '../main/core/export/api-contract';
import { startExportJob } from '../main/core/export/export';
import { JobManager } from '../main/core/jobs/job-manager';
import { openWorkspace } from '../main/core/store/database';

const [workspace, setId, format, outPath] = process.argv.slice(2);
const db = openWorkspace(workspace!);
const jobs = new JobManager(db);
let events = 0;
jobs.events.on('event', (event) => {
  if (event.type === 'job') events++;
});
/**
 * The peak RSS of this process image: Linux's VmHWM starts afresh at exec, unlike getrusage's
 * maxrss, which keeps the high-water mark of the parent that forked us (the seeding's).
 */
function peakRssMiB(sampled: number): number {
  if (existsSync('/proc/self/status')) {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  }
  return sampled / 2 ** 20;
}

let sampled = process.memoryUsage.rss();
const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 20);
const before = process.memoryUsage.rss();
const started = performance.now();
const job = await startExportJob({ db, jobs }, { source: { setId: Number(setId) }, format: format as ExportFormat, outPath: outPath! }).done;
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
db.close();
process.stdout.write(
  `${JSON.stringify({ status: job.status, message: job.message, seconds, events, rssBeforeMiB: before / 2 ** 20, maxRssMiB: peakRssMiB(sampled) })}\n`,
);
