/**
 * Builds the synthetic million-prediction workspace through the real import path, in a process
 * of its own so that the peak memory it reports is the import's:
 *
 *   node --import tsx bench/workspace/build.ts WORKSPACE SCALE_JSON
 *
 * For each checkpoint: its ten JSONL prediction files are generated (generate.ts), then
 * imported with `importFiles` (format jsonl, the field mapping `--map` would give), the way a
 * researcher imports one checkpoint's results at a time; the first checkpoint's import creates
 * the benchmarks' samples, the later ones join them by id. Then some failures get labels. The
 * generated files are removed once imported. Prints one JSON line of figures.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { importFiles } from '../../main/core/ingest/import';
import { indexAllOutputs } from '../../main/core/store/search-backlog';
import { upsertCheckpoint } from '../../main/core/store/catalog';
import { openWorkspace } from '../../main/core/store/database';
import { BENCHMARKS, CHECKPOINTS, FIELD_MAP, writeCheckpointFiles, type BenchScale } from './generate';
import { addBenchLabels } from './labels';

const [workspace, scaleJson] = process.argv.slice(2);
if (!workspace || !scaleJson) throw new Error('usage: build.ts WORKSPACE SCALE_JSON');
const scale = JSON.parse(scaleJson) as BenchScale;

function peakRssMb(): number {
  if (existsSync('/proc/self/status')) {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  }
  return process.resourceUsage().maxRSS / 1024;
}

for (const suffix of ['', '-wal', '-shm']) rmSync(`${workspace}${suffix}`, { force: true });
const filesDir = join(dirname(workspace), 'files');
rmSync(filesDir, { recursive: true, force: true });
const db = openWorkspace(workspace);
// Curriculum stages and steps, as a researcher records them for the checkpoints they import.
for (const checkpoint of CHECKPOINTS.slice(0, scale.checkpoints)) {
  upsertCheckpoint(db, { name: checkpoint.name, stage: checkpoint.stage, step: checkpoint.step, baseModel: 'qwen-vl-7b' });
}

const imports: Array<{ checkpoint: string; predictions: number; megabytes: number; generateSeconds: number; importSeconds: number; cpuSeconds: number }> = [];
const loadAverage = os.loadavg()[0]!;
let rssMax = 0;
const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage.rss())), 50);
for (let c = 0; c < scale.checkpoints; c++) {
  const generateStarted = performance.now();
  const files = await writeCheckpointFiles(filesDir, scale, c);
  const generateSeconds = (performance.now() - generateStarted) / 1000;
  const importStarted = performance.now();
  const cpuBefore = process.cpuUsage();
  const summary = await importFiles(
    db,
    workspace,
    files.map((file) => file.path),
    { format: 'jsonl', kind: 'predictions', map: { ...FIELD_MAP } },
  );
  // The outputs' search index too (an import this large leaves it to a pass of its own): the build's figure is "graded, indexed".
  indexAllOutputs(db);
  const importSeconds = (performance.now() - importStarted) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const expected = files.reduce((sum, file) => sum + file.predictions, 0);
  if (summary.predictions !== expected) throw new Error(`imported ${summary.predictions} predictions of ${expected}`);
  imports.push({
    checkpoint: CHECKPOINTS[c]!.name,
    predictions: summary.predictions,
    megabytes: files.reduce((sum, file) => sum + file.bytes, 0) / 2 ** 20,
    generateSeconds,
    importSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  });
  process.stderr.write(`  imported ${CHECKPOINTS[c]!.name}: ${summary.predictions.toLocaleString('en-US')} predictions in ${importSeconds.toFixed(1)} s\n`);
  rmSync(join(filesDir, `c${c}`), { recursive: true, force: true });
}
clearInterval(sampler);
const importPeakRssMb = Math.max(peakRssMb(), rssMax / 2 ** 20);
const labelsStarted = performance.now();
const labels = addBenchLabels(db);
const labelSeconds = (performance.now() - labelsStarted) / 1000;
// No ANALYZE: the bench reads the workspace as the app leaves it after imports.
db.pragma('wal_checkpoint(TRUNCATE)');
db.close();
rmSync(filesDir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({ scale, benchmarks: BENCHMARKS.slice(0, scale.benchmarks).map((b) => b.name), imports, importPeakRssMb, labels, labelSeconds, loadAverage, builtAt: new Date().toISOString() })}\n`,
);
