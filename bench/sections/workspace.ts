/**
 * The million-prediction workspace (10 benchmarks × 5 checkpoints × 20,000 samples, traces of
 * about 2 KB) built through the real importer: one checkpoint's ten JSONL files per import, as
 * researchers import results. Built once per schema and generator version (bench/cache/);
 * later runs reuse it and report the figures of the run that built it.
 */
import type { BenchSection, Figure } from '../harness';
import { ensureBenchWorkspace } from '../workspace/cache';

export const workspaceSection: BenchSection = {
  name: 'workspace (1,000,000 predictions, built by the ingest path)',
  async run(): Promise<Figure[]> {
    const { build, built } = await ensureBenchWorkspace();
    const predictions = build.imports.reduce((sum, item) => sum + item.predictions, 0);
    const seconds = build.imports.reduce((sum, item) => sum + item.importSeconds, 0);
    const cpu = build.imports.reduce((sum, item) => sum + item.cpuSeconds, 0);
    const megabytes = build.imports.reduce((sum, item) => sum + item.megabytes, 0);
    const when = built ? `built now, load average ${build.loadAverage.toFixed(1)}` : `cached: built ${build.builtAt}, load average ${build.loadAverage.toFixed(1)}`;
    const first = build.imports[0]!;
    const last = build.imports[build.imports.length - 1]!;
    return [
      { name: 'predictions imported', value: predictions, unit: 'predictions', note: `${build.benchmarks.length} benchmarks × ${build.imports.length} checkpoints; ${build.labels.toLocaleString('en-US')} labels; ${when}` },
      { name: 'import throughput, ~2 KB traces (graded, indexed)', value: predictions / seconds, unit: 'predictions/s', note: `${(megabytes / seconds).toFixed(1)} MB/s of JSONL, ${Math.round(seconds)} s wall, ${Math.round(cpu)} s CPU` },
      {
        // In MB/s: each stage's traces are longer than the last's, so predictions/s would fall while the import kept pace.
        name: `import throughput of the last checkpoint (${(predictions - last.predictions).toLocaleString('en-US')} predictions already in)`,
        value: last.megabytes / last.importSeconds,
        unit: 'MB/s',
        note: `the first (empty workspace): ${(first.megabytes / first.importSeconds).toFixed(1)} MB/s; the same file into both: see import speed`,
      },
      { name: 'import CPU time per prediction', value: (cpu * 1e6) / predictions, unit: 'µs' },
      { name: 'import peak RSS (importing process)', value: build.importPeakRssMb, unit: 'MB', target: { op: '<=', value: 1024 } },
    ];
  },
};
