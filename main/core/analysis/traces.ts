/**
 * What the traces of each checkpoint look like: think length against correctness, compliance
 * with the training format, answers that could not be extracted, truncations.
 */
import type { Share, ThinkLengthBin, TraceStatsRow } from './api-contract';
import type { Db } from '../store/database';
import { checkpointsInOrder, representativeRuns, THINK_BIN_EDGES, thinkLengthBins, traceAggregate, type TraceAggregate } from '../store/analysis';
import { wilsonInterval } from '../stats/intervals';
import { sameBenchmark } from './names';

export function share(count: number, n: number): Share {
  return { count, n, share: n > 0 ? count / n : null, ci: wilsonInterval(count, n) };
}

type Bins = Map<number, { n: number; correct: number }>;

function toRow(
  point: { checkpoint: string; stage: string; step: number | null },
  benchmark: string | null,
  agg: TraceAggregate,
  bins: Bins,
): TraceStatsRow {
  const thinkBins: ThinkLengthBin[] = [];
  for (let bin = 0; bin <= THINK_BIN_EDGES.length; bin++) {
    const counts = bins.get(bin) ?? { n: 0, correct: 0 };
    thinkBins.push({
      fromChars: bin === 0 ? 0 : THINK_BIN_EDGES[bin - 1]!,
      toChars: bin < THINK_BIN_EDGES.length ? THINK_BIN_EDGES[bin]! : null,
      n: counts.n,
      correct: counts.correct,
      accuracy: counts.n > 0 ? counts.correct / counts.n : null,
    });
  }
  return {
    ...point,
    benchmark,
    predictions: agg.predictions,
    errors: agg.errors,
    graded: agg.graded,
    correct: agg.correct,
    accuracy: agg.graded > 0 ? agg.correct / agg.graded : null,
    formatCompliance: share(agg.formatOk, agg.formatKnown),
    extractionFailures: share(agg.extractionFailures, agg.graded),
    // Over answers actually produced: a request that errored produced nothing to cut off.
    truncations: share(agg.truncations, agg.predictions - agg.errors),
    meanThinkChars: {
      correct: agg.correct > 0 ? agg.thinkCharsCorrect / agg.correct : null,
      incorrect: agg.incorrect > 0 ? agg.thinkCharsIncorrect / agg.incorrect : null,
    },
    thinkLengthBins: thinkBins,
  };
}

function addAggregate(into: TraceAggregate, add: TraceAggregate): void {
  for (const key of Object.keys(into) as Array<keyof TraceAggregate>) into[key] += add[key];
}

const emptyAggregate = (): TraceAggregate => ({
  predictions: 0,
  errors: 0,
  graded: 0,
  correct: 0,
  formatKnown: 0,
  formatOk: 0,
  extractionFailures: 0,
  truncations: 0,
  thinkCharsCorrect: 0,
  thinkCharsIncorrect: 0,
  incorrect: 0,
});

/** One row per checkpoint and benchmark, and one per checkpoint over all its benchmarks (benchmark null). */
export function traceStats(db: Db, request: { checkpoint?: string; benchmark?: string } = {}): TraceStatsRow[] {
  const runs = representativeRuns(db).filter((run) => request.benchmark === undefined || sameBenchmark(run.benchmark, request.benchmark));
  const rows: TraceStatsRow[] = [];
  for (const checkpoint of checkpointsInOrder(db)) {
    if (request.checkpoint !== undefined && checkpoint.name !== request.checkpoint) continue;
    const own = runs.filter((run) => run.checkpointId === checkpoint.id);
    if (own.length === 0) continue;
    const point = { checkpoint: checkpoint.name, stage: checkpoint.stage, step: checkpoint.step };
    const total = emptyAggregate();
    const totalBins: Bins = new Map();
    const perBenchmark: TraceStatsRow[] = [];
    for (const run of own) {
      const agg = traceAggregate(db, run.runId);
      const bins: Bins = new Map(thinkLengthBins(db, run.runId).map((row) => [row.bin, { n: row.n, correct: row.correct }]));
      addAggregate(total, agg);
      for (const [bin, counts] of bins) {
        const sum = totalBins.get(bin) ?? { n: 0, correct: 0 };
        totalBins.set(bin, { n: sum.n + counts.n, correct: sum.correct + counts.correct });
      }
      perBenchmark.push(toRow(point, run.benchmark, agg, bins));
    }
    rows.push(toRow(point, null, total, totalBins), ...perBenchmark);
  }
  return rows;
}
