/**
 * Paired comparison of two checkpoints on the samples both answered: the flip table, the exact
 * McNemar test and a paired bootstrap interval of the accuracy difference, per benchmark and
 * pooled over benchmarks.
 */
import type { BenchmarkComparison, CheckpointComparison, FlipStats } from './api-contract';
import { NotFoundError } from '../api/errors';
import type { Db } from '../store/database';
import { flipCounts, flipPairs, runsOfCheckpoint, type FlipCountsRow } from '../store/analysis';
import { runSummaries } from '../store/summaries';
import type { RunProvenance } from '../types/records';
import { pooledDifferenceInterval, stratumReplicates, stratumSeed, type StratumReplicates } from './bootstrap';
import { mcnemarExact } from './mcnemar';
import { queryValue, requireCheckpoint, sameBenchmark } from './names';

export interface CompareRequest {
  a: string;
  b: string;
  benchmark?: string;
  replicates: number;
  seed: number;
  includeIds?: boolean;
  idsLimit?: number;
}

/** The flip table of `counts` and the interval of its difference from the replicates of its benchmarks. */
export function flipStats(counts: FlipCountsRow, replicates: readonly StratumReplicates[]): FlipStats {
  const bothRight = counts.aCorrect - counts.aRightBWrong;
  return {
    n: counts.n,
    aCorrect: counts.aCorrect,
    bCorrect: counts.bCorrect,
    aAccuracy: counts.n > 0 ? counts.aCorrect / counts.n : null,
    bAccuracy: counts.n > 0 ? counts.bCorrect / counts.n : null,
    bothRight,
    bothWrong: counts.n - bothRight - counts.aRightBWrong - counts.aWrongBRight,
    aRightBWrong: counts.aRightBWrong,
    aWrongBRight: counts.aWrongBRight,
    mcnemarP: mcnemarExact(counts.aRightBWrong, counts.aWrongBRight),
    diff: counts.n > 0 ? (counts.bCorrect - counts.aCorrect) / counts.n : null,
    diffCi: pooledDifferenceInterval(replicates),
  };
}

/** The runs' official figures beside ours, where either has one (see BenchmarkComparison.official). */
function officialFigures(provenance: ReadonlyMap<number, RunProvenance>, runA: number, runB: number): BenchmarkComparison['official'] {
  const [a, b] = [provenance.get(runA), provenance.get(runB)];
  if (!a?.official && !b?.official) return undefined;
  return { a: a?.official?.value ?? null, b: b?.official?.value ?? null, differs: a?.differs === true || b?.differs === true };
}

export function compareCheckpoints(db: Db, request: CompareRequest): CheckpointComparison {
  const a = requireCheckpoint(db, request.a);
  const b = requireCheckpoint(db, request.b);
  const inScope = (benchmark: string): boolean => request.benchmark === undefined || sameBenchmark(benchmark, request.benchmark);
  const runsA = runsOfCheckpoint(db, a.id).filter((run) => inScope(run.benchmark));
  const runsB = runsOfCheckpoint(db, b.id).filter((run) => inScope(run.benchmark));
  if (request.benchmark !== undefined && runsA.length === 0 && runsB.length === 0) {
    throw new NotFoundError(`neither ${a.name} nor ${b.name} was evaluated on a benchmark named "${request.benchmark}"`);
  }
  const byBenchmarkB = new Map(runsB.map((run) => [run.benchmarkId, run]));
  // Every run's figures in one read of the summary counts (a read per run reordered the checkpoints each time).
  const provenance = new Map(runSummaries(db).map((run) => [run.runId, run.provenance]));
  const benchmarks: BenchmarkComparison[] = [];
  const strata: FlipCountsRow[] = [];
  // Drawn once per benchmark and pooled for `overall`, from the benchmark's own seed.
  const strataReplicates: StratumReplicates[] = [];
  for (const runA of runsA) {
    const runB = byBenchmarkB.get(runA.benchmarkId);
    if (!runB) continue;
    const counts = flipCounts(db, runA.runId, runB.runId, runB.samplesPerQuestion > 1);
    strata.push(counts);
    const replicates = stratumReplicates(counts, request.replicates, stratumSeed(request.seed, runA.benchmark));
    strataReplicates.push(replicates);
    const row: BenchmarkComparison = {
      benchmark: runA.benchmark,
      runA: runA.runId,
      runB: runB.runId,
      ...flipStats(counts, [replicates]),
      queries: {
        aRightBWrong: `run:${runB.runId} vs:${queryValue(`${a.name}:right`)} correct:false`,
        aWrongBRight: `run:${runB.runId} vs:${queryValue(`${a.name}:wrong`)} correct:true`,
      },
    };
    const official = officialFigures(provenance, runA.runId, runB.runId);
    if (official) row.official = official;
    if (request.includeIds) {
      const limit = request.idsLimit ?? 1000;
      row.ids = {
        aRightBWrong: flipPairs(db, runA.runId, runB.runId, true, limit, { cell: counts.aRightBWrong, answers: counts.n }),
        aWrongBRight: flipPairs(db, runA.runId, runB.runId, false, limit, { cell: counts.aWrongBRight, answers: counts.n }),
      };
    }
    benchmarks.push(row);
  }
  const pooled = strata.reduce<FlipCountsRow>(
    (sum, s) => ({
      n: sum.n + s.n,
      aCorrect: sum.aCorrect + s.aCorrect,
      bCorrect: sum.bCorrect + s.bCorrect,
      aRightBWrong: sum.aRightBWrong + s.aRightBWrong,
      aWrongBRight: sum.aWrongBRight + s.aWrongBRight,
    }),
    { n: 0, aCorrect: 0, bCorrect: 0, aRightBWrong: 0, aWrongBRight: 0 },
  );
  const paired = new Set(benchmarks.map((row) => row.benchmark));
  const unpaired = [...new Set([...runsA, ...runsB].map((run) => run.benchmark))].filter((name) => !paired.has(name)).sort();
  return {
    a: { checkpoint: a.name, stage: a.stage, step: a.step },
    b: { checkpoint: b.name, stage: b.stage, step: b.step },
    benchmarks,
    overall: flipStats(pooled, strataReplicates),
    unpaired,
    replicates: request.replicates,
    seed: request.seed,
  };
}
