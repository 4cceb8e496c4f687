/**
 * Macro averages over benchmark suites, as the seed reports them (the unweighted mean of the
 * member benchmarks' accuracies), with a bootstrap interval that resamples samples within each
 * benchmark.
 */
import type { SuiteAverage, SuiteAverages, SuiteMemberResult } from './api-contract';
import { SUITES, type Suite } from '../grading/benchmarks';
import type { Db } from '../store/database';
import { checkpointsInOrder, representativeRuns, runAccuracy, runScoreHistogram, type EvalRunRef } from '../store/analysis';
import { histogramMean, macroAverageInterval, type ScoreHistogram } from './bootstrap';
import { wilsonInterval } from '../stats/intervals';
import { canonicalBenchmark, sameBenchmark } from './names';

export interface SuiteRequest {
  suite: Suite | 'custom';
  benchmarks?: string[];
  checkpoints?: string[];
  replicates: number;
  seed: number;
}

/** A run's per-sample scores: right/wrong with one answer per question, c/k with k answers. */
function scoreHistogram(db: Db, run: EvalRunRef): ScoreHistogram {
  if (run.samplesPerQuestion <= 1) {
    const { n, correct } = runAccuracy(db, run.runId);
    return { scores: [0, 1], counts: [n - correct, correct] };
  }
  const rows = runScoreHistogram(db, run.runId);
  return { scores: rows.map((row) => row.correct / row.graded), counts: rows.map((row) => row.samples) };
}

/** The workspace run standing for a suite member: one stored under the member's own name first, else an alias. */
function memberRun(runs: EvalRunRef[], member: string): EvalRunRef | undefined {
  return runs.find((run) => run.benchmark === member) ?? runs.find((run) => sameBenchmark(run.benchmark, member));
}

export function suiteAverages(db: Db, request: SuiteRequest): SuiteAverages {
  const members = request.suite === 'custom' ? [...new Set((request.benchmarks ?? []).map(canonicalBenchmark))] : [...SUITES[request.suite]];
  const runs = representativeRuns(db);
  const wanted = request.checkpoints ? new Set(request.checkpoints) : null;
  const checkpoints: SuiteAverage[] = [];
  for (const checkpoint of checkpointsInOrder(db)) {
    if (wanted && !wanted.has(checkpoint.name)) continue;
    const own = runs.filter((run) => run.checkpointId === checkpoint.id);
    const results: SuiteMemberResult[] = [];
    const histograms: ScoreHistogram[] = [];
    const missing: string[] = [];
    for (const member of members) {
      const run = memberRun(own, member);
      if (!run) {
        missing.push(member);
        continue;
      }
      const histogram = scoreHistogram(db, run);
      const { n, correct } = runAccuracy(db, run.runId);
      histograms.push(histogram);
      results.push({
        benchmark: member,
        workspaceBenchmark: run.benchmark,
        runId: run.runId,
        n,
        correct,
        accuracy: histogramMean(histogram),
        ci: wilsonInterval(correct, n),
      });
    }
    if (results.length === 0) continue;
    const accuracies = results.flatMap((result) => (result.accuracy === null ? [] : [result.accuracy]));
    // One benchmark of right/wrong verdicts: its average is its accuracy, and its interval the benchmark's own (Wilson), not a second one.
    const sole = results.length === 1 && results[0]!.n > 0 && results[0]!.accuracy === results[0]!.correct / results[0]!.n ? results[0]! : null;
    checkpoints.push({
      checkpoint: checkpoint.name,
      stage: checkpoint.stage,
      step: checkpoint.step,
      average: accuracies.length > 0 ? accuracies.reduce((sum, value) => sum + value, 0) / accuracies.length : null,
      ci: sole ? sole.ci : macroAverageInterval(histograms, { replicates: request.replicates, seed: request.seed }),
      complete: missing.length === 0,
      missing,
      benchmarks: results,
    });
  }
  return { suite: request.suite, members, checkpoints, replicates: request.replicates, seed: request.seed };
}
