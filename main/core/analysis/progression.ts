/** Accuracy of every checkpoint on every benchmark, in curriculum order (stage, then step). */
import type { AccuracyPoint, StageProgression } from './api-contract';
import type { Db } from '../store/database';
import { checkpointsInOrder, representativeRuns, runAccuracy } from '../store/analysis';
import { wilsonInterval } from '../stats/intervals';
import { lookupBenchmark } from '../grading/benchmarks';
import { sameBenchmark } from './names';

export function stageProgression(db: Db, request: { benchmark?: string; lineage?: string } = {}): StageProgression {
  const runs = representativeRuns(db).filter((run) => request.benchmark === undefined || sameBenchmark(run.benchmark, request.benchmark));
  const evaluated = new Set(runs.map((run) => run.checkpointId));
  const everyEvaluated = checkpointsInOrder(db).filter((checkpoint) => evaluated.has(checkpoint.id));
  const checkpoints = everyEvaluated.filter((checkpoint) => request.lineage === undefined || checkpoint.lineage === request.lineage);
  const benchmarkNames = [...new Set(runs.map((run) => run.benchmark))].sort();
  return {
    checkpoints: checkpoints.map((c) => ({ checkpoint: c.name, stage: c.stage, step: c.step, lineage: c.lineage })),
    lineages: [...new Set(everyEvaluated.map((c) => c.lineage))],
    benchmarks: benchmarkNames.map((benchmark) => {
      const points: AccuracyPoint[] = [];
      for (const checkpoint of checkpoints) {
        const run = runs.find((r) => r.checkpointId === checkpoint.id && r.benchmark === benchmark);
        if (!run) continue;
        const { n, correct } = runAccuracy(db, run.runId);
        points.push({
          checkpoint: checkpoint.name,
          stage: checkpoint.stage,
          step: checkpoint.step,
          lineage: checkpoint.lineage,
          runId: run.runId,
          n,
          correct,
          accuracy: n > 0 ? correct / n : null,
          ci: wilsonInterval(correct, n),
        });
      }
      // The registry's name for it (null for a benchmark the grading registry does not know, like the demo).
      return { benchmark, canonical: lookupBenchmark(benchmark)?.name ?? null, points };
    }),
  };
}
