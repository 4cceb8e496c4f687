import type { AttributionSourceKind, LabelBreakdownRow } from '@core/types/analysis';
import type { LabelDefinition, Overview, RunSummary } from '@core/types/records';
import { api } from '../../api';
import { uniqueShortLabels } from '../../checkpoint-labels';
import { useChanged } from '../../hooks/useChanged';
import { useQuery } from '../../useQuery';
import type { BreakdownGroup } from './LabelBreakdownChart';

/**
 * Sums the core's breakdown rows (one per checkpoint, benchmark, source and label) into one chart
 * group. Failures are counted per run: the core's count where it has labels for that
 * (checkpoint, benchmark), else the run's failures from the overview.
 */
function group(name: string, runs: RunSummary[], rows: LabelBreakdownRow[], labels: LabelDefinition[]): BreakdownGroup {
  const counts: Record<string, number> = Object.fromEntries(labels.map((label) => [label.key, 0]));
  let failures = 0;
  for (const run of runs) {
    const mine = rows.filter((row) => row.checkpoint === run.checkpoint && row.benchmark === run.benchmark);
    for (const row of mine) counts[row.label] = (counts[row.label] ?? 0) + row.count;
    failures += mine[0]?.failures ?? run.n - run.correct;
  }
  return { name, query: runs.map((run) => `run:${run.runId}`).join(' '), failures, counts };
}

/**
 * The failure labels of one source (manual by default) per checkpoint and per benchmark, from the
 * core's labelBreakdown (the newest label of each failed first answer counts).
 */
export function useLabelBreakdown(overview: Overview | undefined, labels: LabelDefinition[] | undefined, source: AttributionSourceKind) {
  const breakdown = useQuery(() => api.labelBreakdown({ source }), [source]);
  useChanged(['annotations', 'runs'], breakdown.reload);
  if (!overview || !labels || !breakdown.data) return { ...breakdown, data: undefined };
  const rows = breakdown.data;
  // Unique in the chart: two checkpoints never share a bar label.
  const short = uniqueShortLabels(overview.checkpoints);
  const byCheckpoint = overview.checkpoints
    .map((checkpoint) => ({ checkpoint, runs: overview.runs.filter((run) => run.checkpointId === checkpoint.id) }))
    .filter((entry) => entry.runs.length > 0)
    .map(({ checkpoint, runs }) => group(short.get(checkpoint.name)!, runs, rows, labels));
  const byBenchmark = overview.benchmarks
    .map((benchmark) => ({ benchmark, runs: overview.runs.filter((run) => run.benchmarkId === benchmark.id) }))
    .filter((entry) => entry.runs.length > 0)
    .map(({ benchmark, runs }) => group(benchmark.name, runs, rows, labels));
  return { ...breakdown, data: { byCheckpoint, byBenchmark } };
}
