/**
 * Exporting a 50,000-prediction failure set as a job: the demo workspace at 6,250 questions
 * (8 checkpoints, so 50,000 answers with their traces and 6,250 distinct images), put in one set
 * and exported as a job as JSONL (folder) and as Parquet (images embedded), each in a process of
 * its own (bench/export-worker.ts). Reported: records per second, output size, and the exporting
 * process's peak RSS, which must stay bounded whatever the size of the set.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExportFormat } from '../../main/core/export/api-contract';
import { seedDemoWorkspace } from '../../main/core/demo/seed';
import { parseQuery } from '../../main/core/query/filter';
import { openWorkspace } from '../../main/core/store/database';
import { createFailureSet } from '../../main/core/store/failure-sets';
import type { BenchSection, Figure } from '../harness';

const QUESTIONS = 6250;
const WORKER = fileURLToPath(new URL('../export-worker.ts', import.meta.url));

interface WorkerResult {
  status: string;
  message: string;
  seconds: number;
  events: number;
  rssBeforeMiB: number;
  maxRssMiB: number;
}

/** The export runs in its own process, so its peak RSS is not the seeding's. */
function runWorker(args: string[]): WorkerResult {
  const child = spawnSync(process.execPath, ['--import', 'tsx', WORKER, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`export worker failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as WorkerResult;
}

function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

export const exportSection: BenchSection = {
  name: 'export (50,000-record failure set)',
  async run() {
    const dir = mkdtempSync(join(os.tmpdir(), 'vlmwb-bench-export-'));
    const db = openWorkspace(join(dir, 'bench.sqlite'));
    const figures: Figure[] = [];
    try {
      const seeded = performance.now();
      const summary = await seedDemoWorkspace(db, { count: QUESTIONS });
      process.stderr.write(`  seeded ${summary.predictions} predictions in ${((performance.now() - seeded) / 1000).toFixed(0)} s\n`);
      const set = createFailureSet(db, { name: 'everything', description: 'bench', filter: { query: '', parsed: parseQuery('') }, predictionIds: [] });
      for (const format of ['jsonl', 'parquet'] as ExportFormat[]) {
        const outPath = join(dir, format === 'jsonl' ? 'out-jsonl' : 'out.parquet');
        const result = runWorker([join(dir, 'bench.sqlite'), String(set.id), format, outPath]);
        if (result.status !== 'completed') throw new Error(`export ${format} ${result.status}: ${result.message}`);
        const records = (JSON.parse(result.message) as { records: number }).records;
        figures.push(
          { name: `${format}: records exported (as a job)`, value: records, unit: 'records', target: { op: '>=', value: 50_000 }, note: `${result.events} job events` },
          { name: `${format}: throughput`, value: records / result.seconds, unit: 'records/s', target: { op: '>=', value: 2_000 } },
          { name: `${format}: output`, value: sizeOf(outPath) / 2 ** 20, unit: 'MiB' },
          {
            name: `${format}: peak RSS of the exporting process`,
            value: result.maxRssMiB,
            unit: 'MiB',
            target: { op: '<=', value: 512 },
            note: `${result.rssBeforeMiB.toFixed(0)} MiB before it started`,
          },
        );
      }
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};
