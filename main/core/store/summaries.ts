import { EXPORTED_SUBSET, type BenchmarkInfo, type CheckpointInfo, type RunSummary } from '../types/records';
import { wilsonInterval } from '../stats/intervals';
import { provenanceOf, type FigureRow } from '../official-figure';
import { officialRuleFor } from '../grading/official-rules';
import { contentVersion } from './explorer/scope';
import type { Db } from './database';
import { statement } from './statements';
import { checkpointPositions, orderedCheckpoints } from './checkpoint-order';

interface RunStatsRow {
  runId: number;
  checkpointId: number;
  checkpoint: string;
  stage: string;
  step: number | null;
  benchmarkId: number;
  benchmark: string;
  backend: string;
  status: string;
  regradedScorer: string | null;
  simulated: number;
  n: number;
  correct: number;
  errors: number;
  officialN: number;
  officialCorrect: number;
  agreeing: number;
  correctWhereOfficial: number;
  oursOnlyRight: number;
  officialOnlyRight: number;
  /** The export a read-back run came from (EXPORTED_SUBSET), as JSON, or null. */
  exportedSubset: string | null;
}


/** Per-run accuracy, ours and the official one, from the per-run summary counts (never from predictions). */
export function runSummaries(db: Db, only?: number): RunSummary[] {
  const rows = statement(
    db,
    `SELECT r.id AS runId, c.id AS checkpointId, c.name AS checkpoint, c.stage, c.step, b.id AS benchmarkId, b.name AS benchmark,
       r.backend, r.status, r.regraded_scorer AS regradedScorer, json_extract(r.config_json, '$.${EXPORTED_SUBSET}') AS exportedSubset,
       -- Simulated answers: the demo's backend, a server that said so, or a simulated checkpoint.
       (r.simulated = 1 OR r.backend = 'simulated' OR c.simulated = 1) AS simulated,
       COALESCE(agg.n, 0) AS n, COALESCE(agg.correct, 0) AS correct, COALESCE(agg.errors, 0) AS errors,
       COALESCE(agg.officialN, 0) AS officialN, COALESCE(agg.officialCorrect, 0) AS officialCorrect, COALESCE(agg.agreeing, 0) AS agreeing,
       COALESCE(agg.correctWhereOfficial, 0) AS correctWhereOfficial,
       COALESCE(agg.oursOnlyRight, 0) AS oursOnlyRight, COALESCE(agg.officialOnlyRight, 0) AS officialOnlyRight
     FROM runs r
     JOIN checkpoints c ON c.id = r.checkpoint_id
     JOIN benchmarks b ON b.id = r.benchmark_id
     LEFT JOIN (
       -- prediction_counts (0007_performance.sql) is kept in step with predictions by triggers:
       -- a few rows per run, so the overview never scans predictions.
       SELECT run_id, SUM(n) FILTER (WHERE correct >= 0) AS n, SUM(n) FILTER (WHERE correct = 1) AS correct,
         SUM(n) FILTER (WHERE has_error = 1) AS errors,
         SUM(n) FILTER (WHERE official_correct >= 0) AS officialN, SUM(n) FILTER (WHERE official_correct = 1) AS officialCorrect,
         SUM(n) FILTER (WHERE correct >= 0 AND correct = official_correct) AS agreeing,
         SUM(n) FILTER (WHERE correct = 1 AND official_correct >= 0) AS correctWhereOfficial,
         SUM(n) FILTER (WHERE correct = 1 AND official_correct = 0) AS oursOnlyRight,
         SUM(n) FILTER (WHERE correct = 0 AND official_correct = 1) AS officialOnlyRight
       FROM prediction_counts GROUP BY run_id
     ) agg ON agg.run_id = r.id
     -- Counterfactual and caption runs of an attribution pass (0004_analysis.sql) are not evaluations.
     WHERE r.purpose = 'eval'${only === undefined ? '' : ' AND r.id = ?'}
     ORDER BY b.name, r.id`,
  ).all(...(only === undefined ? [] : [only])) as RunStatsRow[];
  const figures = figuresByRun(db, only);
  const meanScores = meanScoresOf(db, rows.filter((row) => officialRuleFor(row.benchmark)?.meanScore === true).map((row) => row.runId));
  // The workspace's one checkpoint order (store/checkpoint-order.ts), then benchmark.
  const position = checkpointPositions(db);
  rows.sort((a, b) => position.get(a.checkpointId)! - position.get(b.checkpointId)!);
  return rows.map((row) => {
    const comparable = row.officialN;
    const accuracy = row.n > 0 ? row.correct / row.n : null;
    return {
      runId: row.runId,
      checkpointId: row.checkpointId,
      checkpoint: row.checkpoint,
      stage: row.stage,
      step: row.step,
      benchmarkId: row.benchmarkId,
      benchmark: row.benchmark,
      backend: row.backend,
      status: row.status,
      simulated: row.simulated === 1,
      n: row.n,
      correct: row.correct,
      accuracy,
      ci: wilsonInterval(row.correct, row.n),
      errors: row.errors,
      officialN: row.officialN,
      officialCorrect: row.officialCorrect,
      officialAccuracy: row.officialN > 0 ? row.officialCorrect / row.officialN : null,
      agreement: comparable > 0 ? row.agreeing / comparable : null,
      provenance: provenanceOf({
        benchmark: row.benchmark,
        backend: row.backend,
        regradedScorer: row.regradedScorer,
        accuracy,
        n: row.n,
        officialN: row.officialN,
        officialCorrect: row.officialCorrect,
        agreeing: row.agreeing,
        correctWhereOfficial: row.correctWhereOfficial,
        disagreements: { oursOnlyRight: row.oursOnlyRight, officialOnlyRight: row.officialOnlyRight },
        ...(row.exportedSubset ? { exportedSubset: JSON.parse(row.exportedSubset) as { set: string | null; filter: string | null } } : {}),
        ...(meanScores.has(row.runId) ? { meanScore: meanScores.get(row.runId)! } : {}),
        figures: figures.get(row.runId) ?? [],
      }),
    };
  });
}

/** Per connection: our mean score of each run that needs it, valid while the workspace is unchanged. */
const meanScoreCache = new WeakMap<Db, { version: string; means: Map<number, number | null> }>();

/**
 * Our mean per-sample score of these runs (where the official figure is a mean of partial scores,
 * TextVQA's): read from predictions, so remembered until the workspace changes, as the explorer's counts are.
 */
function meanScoresOf(db: Db, runIds: number[]): Map<number, number | null> {
  if (runIds.length === 0) return new Map();
  const version = contentVersion(db);
  let cached = meanScoreCache.get(db);
  if (!cached || cached.version !== version) meanScoreCache.set(db, (cached = { version, means: new Map() }));
  const mean = statement(db, 'SELECT AVG(score) AS mean FROM predictions WHERE run_id = ? AND score IS NOT NULL');
  for (const runId of runIds) if (!cached.means.has(runId)) cached.means.set(runId, (mean.get(runId) as { mean: number | null }).mean);
  return cached.means;
}

/** The summary of one run (the trace view's provenance banner), or undefined. */
export function runSummary(db: Db, runId: number): RunSummary | undefined {
  return runSummaries(db, runId)[0];
}

/** reported_figures per run: a few rows per imported run, none for evaluated ones. */
function figuresByRun(db: Db, only?: number): Map<number, FigureRow[]> {
  const rows = statement(
    db,
    `SELECT run_id AS runId, metric, value, correct, total, source FROM reported_figures${only === undefined ? '' : ' WHERE run_id = ?'} ORDER BY run_id, id`,
  ).all(...(only === undefined ? [] : [only])) as Array<FigureRow & { runId: number }>;
  const byRun = new Map<number, FigureRow[]>();
  for (const { runId, ...figure } of rows) {
    const list = byRun.get(runId) ?? [];
    list.push(figure);
    byRun.set(runId, list);
  }
  return byRun;
}

export function listCheckpoints(db: Db): CheckpointInfo[] {
  return orderedCheckpoints(db);
}

export function listBenchmarks(db: Db): BenchmarkInfo[] {
  const rows = statement(
    db,
    `SELECT b.id, b.name, b.simulated, COALESCE((SELECT samples FROM benchmark_counts k WHERE k.benchmark_id = b.id), 0) AS samples
     FROM benchmarks b ORDER BY b.name`,
  ).all() as Array<Omit<BenchmarkInfo, 'simulated'> & { simulated: number }>;
  return rows.map((row) => ({ ...row, simulated: row.simulated === 1 }));
}
