/**
 * Read queries behind the statistics of main/core/analysis/: paired flips, accuracy per run,
 * per-sample outcomes across checkpoints, trace figures. They read evaluation runs only
 * (runs.purpose = 'eval'), never the counterfactual or caption runs an attribution pass makes,
 * and paired statistics use the first answer of each question (sample_index 0).
 */
import type { Db } from './database';
import { statement } from './statements';
import { orderedCheckpoints } from './checkpoint-order';

export interface CheckpointRef {
  id: number;
  name: string;
  stage: string;
  step: number | null;
  /** Set by checkpointsInOrder (the lineage it belongs to, main/core/lineage.ts). */
  lineage?: string;
}

export function checkpointByName(db: Db, name: string): CheckpointRef | undefined {
  return statement(db, 'SELECT id, name, stage, step FROM checkpoints WHERE name = ?').get(name) as CheckpointRef | undefined;
}

/** Checkpoints in the workspace's one order (store/checkpoint-order.ts), with their lineage. */
export function checkpointsInOrder(db: Db): Array<CheckpointRef & { lineage: string }> {
  return orderedCheckpoints(db).map(({ id, name, stage, step, lineage }) => ({ id, name, stage, step, lineage }));
}

export interface EvalRunRef {
  runId: number;
  checkpointId: number;
  benchmarkId: number;
  benchmark: string;
  samplesPerQuestion: number;
}

/**
 * The evaluation run that stands for each (checkpoint, benchmark): where a checkpoint was
 * evaluated several times on a benchmark (another prompt, a re-run), the newest completed run,
 * else the newest one.
 */
export function representativeRuns(db: Db): EvalRunRef[] {
  return statement(
    db,
    `SELECT runId, checkpointId, benchmarkId, benchmark, samplesPerQuestion FROM (
       SELECT r.id AS runId, r.checkpoint_id AS checkpointId, r.benchmark_id AS benchmarkId, b.name AS benchmark,
         r.samples_per_question AS samplesPerQuestion,
         ROW_NUMBER() OVER (PARTITION BY r.checkpoint_id, r.benchmark_id ORDER BY r.status = 'completed' DESC, r.id DESC) AS pick
       FROM runs r JOIN benchmarks b ON b.id = r.benchmark_id
       WHERE r.purpose = 'eval')
     WHERE pick = 1 ORDER BY benchmark, runId`,
  ).all() as EvalRunRef[];
}

export function runsOfCheckpoint(db: Db, checkpointId: number): EvalRunRef[] {
  return representativeRuns(db).filter((run) => run.checkpointId === checkpointId);
}

/**
 * The rowid span of a run's predictions. A run's rows are written together, so scanning this
 * span of the table is a sequential read, cheaper than visiting each row through an index. Each
 * bound is one seek in predictions_by_run_correct (one MIN or MAX per correct value).
 */
export function runRowidSpan(db: Db, runId: number): { lo: number | null; hi: number | null } {
  return statement(
    db,
    `SELECT MIN(lo) AS lo, MAX(hi) AS hi FROM (
       SELECT (SELECT MIN(id) FROM predictions WHERE run_id = @run AND correct IS NULL) AS lo,
              (SELECT MAX(id) FROM predictions WHERE run_id = @run AND correct IS NULL) AS hi
       UNION ALL SELECT (SELECT MIN(id) FROM predictions WHERE run_id = @run AND correct = 0),
              (SELECT MAX(id) FROM predictions WHERE run_id = @run AND correct = 0)
       UNION ALL SELECT (SELECT MIN(id) FROM predictions WHERE run_id = @run AND correct = 1),
              (SELECT MAX(id) FROM predictions WHERE run_id = @run AND correct = 1))`,
  ).get({ run: runId }) as { lo: number | null; hi: number | null };
}

export interface FlipCountsRow {
  /** Samples both runs answered and that were graded in both. */
  n: number;
  aCorrect: number;
  bCorrect: number;
  aRightBWrong: number;
  aWrongBRight: number;
}

/** Graded and correct first answers of a run, from the summary counts (0007_performance.sql). */
function firstAnswerCounts(db: Db, runId: number): { graded: number; correct: number } {
  return statement(
    db,
    `SELECT COALESCE(SUM(n), 0) AS graded, COALESCE(SUM(n) FILTER (WHERE correct = 1), 0) AS correct
     FROM prediction_counts WHERE run_id = ? AND first = 1 AND correct >= 0`,
  ).get(runId) as { graded: number; correct: number };
}

function samplesOfRunBenchmark(db: Db, runId: number): number {
  const row = statement(
    db,
    'SELECT k.samples FROM runs r JOIN benchmark_counts k ON k.benchmark_id = r.benchmark_id WHERE r.id = ?',
  ).get(runId) as { samples: number } | undefined;
  return row?.samples ?? -1;
}

/**
 * Flip counts of run B against run A on the samples both graded.
 *
 * When both runs graded a first answer to every sample of the benchmark (the usual case), the
 * marginals come from the summary counts and one cell of the 2x2 table decides the rest: both
 * right (or both wrong, when fewer answers are wrong), counted by merging the two runs' sorted
 * lists from the covering index predictions_by_run_first. Otherwise
 * every first answer of A is paired: A's rows are read in their rowid span and paired the same way.
 */
export function flipCounts(db: Db, runA: number, runB: number, bHasSeveralAnswers: boolean): FlipCountsRow {
  const a = firstAnswerCounts(db, runA);
  const b = firstAnswerCounts(db, runB);
  const samples = samplesOfRunBenchmark(db, runA);
  if (a.graded === samples && b.graded === samples && samples === samplesOfRunBenchmark(db, runB)) {
    if (samples === 0) return { n: 0, aCorrect: 0, bCorrect: 0, aRightBWrong: 0, aWrongBRight: 0 };
    // Samples both runs got right, or both got wrong, whichever lists are shorter: the two lists
    // come sorted by sample from the covering index and are merged in one pass (INTERSECT with
    // ORDER BY), each row read once instead of looked up in the other run.
    const byRight = a.correct + b.correct <= 2 * samples - a.correct - b.correct;
    const verdict = byRight ? 1 : 0;
    const { both } = statement(
      db,
      `SELECT COUNT(*) AS both FROM (
         SELECT sample_id FROM predictions INDEXED BY predictions_by_run_first WHERE run_id = ? AND sample_index = 0 AND correct = ?
         INTERSECT
         SELECT sample_id FROM predictions INDEXED BY predictions_by_run_first WHERE run_id = ? AND sample_index = 0 AND correct = ?
         ORDER BY 1)`,
    ).get(runA, verdict, runB, verdict) as { both: number };
    // Both wrong: the rest of the table follows from the marginals (inclusion-exclusion).
    const bothRight = byRight ? both : samples - (samples - a.correct) - (samples - b.correct) + both;
    return { n: samples, aCorrect: a.correct, bCorrect: b.correct, aRightBWrong: a.correct - bothRight, aWrongBRight: b.correct - bothRight };
  }
  const span = runRowidSpan(db, runA);
  if (span.lo === null || span.hi === null) return { n: 0, aCorrect: 0, bCorrect: 0, aRightBWrong: 0, aWrongBRight: 0 };
  const onlyFirstOfB = bHasSeveralAnswers ? 'AND b.sample_index = 0' : '';
  const row = statement(
    db,
    `SELECT COUNT(*) AS n, COALESCE(SUM(a.correct), 0) AS aCorrect, COALESCE(SUM(b.correct), 0) AS bCorrect,
       COALESCE(SUM(a.correct > b.correct), 0) AS aRightBWrong, COALESCE(SUM(a.correct < b.correct), 0) AS aWrongBRight
     FROM predictions a NOT INDEXED
     CROSS JOIN predictions b INDEXED BY predictions_by_sample ON b.sample_id = a.sample_id AND b.run_id = ? AND b.correct IS NOT NULL ${onlyFirstOfB}
     WHERE a.id BETWEEN ? AND ? AND a.run_id = ? AND a.sample_index = 0 AND a.correct IS NOT NULL`,
  ).get(runB, span.lo, span.hi, runA) as FlipCountsRow;
  return row;
}

export interface FlipPair {
  sampleId: number;
  externalId: string;
  aPredictionId: number;
  bPredictionId: number;
}

/**
 * The samples behind one discordant cell of the flip table (A right and B wrong, or the reverse),
 * in sample order. Given the cell's size and A's first answers (`expected`), a cell dense enough
 * is read by walking A's answers in sample order (UNIQUE (run_id, sample_id, sample_index)) until
 * `limit` pairs are found; a sparse one from A's answers with that verdict, sorted.
 */
export function flipPairs(
  db: Db,
  runA: number,
  runB: number,
  aCorrect: boolean,
  limit: number,
  expected?: { cell: number; answers: number },
): FlipPair[] {
  if (expected && expected.cell === 0) return [];
  const walk = expected !== undefined && (limit * expected.answers) / expected.cell <= expected.answers / 4;
  return statement(
    db,
    `SELECT a.sample_id AS sampleId, s.external_id AS externalId, a.id AS aPredictionId, b.id AS bPredictionId
     FROM predictions a ${walk ? 'INDEXED BY sqlite_autoindex_predictions_1' : ''}
     CROSS JOIN predictions b ON b.sample_id = a.sample_id AND b.run_id = ? AND b.sample_index = 0 AND b.correct = ?
     JOIN samples s ON s.id = a.sample_id
     WHERE a.run_id = ? AND a.sample_index = 0 AND a.correct = ?
     ORDER BY a.sample_id LIMIT ?`,
  ).all(runB, aCorrect ? 0 : 1, runA, aCorrect ? 1 : 0, limit) as FlipPair[];
}

/** Graded predictions and correct ones of a run (all k answers), from the run's summary counts. */
export function runAccuracy(db: Db, runId: number): { n: number; correct: number } {
  return statement(
    db,
    'SELECT COALESCE(SUM(n), 0) AS n, COALESCE(SUM(n) FILTER (WHERE correct = 1), 0) AS correct FROM prediction_counts WHERE run_id = ? AND correct >= 0',
  ).get(runId) as {
    n: number;
    correct: number;
  };
}

/**
 * Per-sample scores of a run with k answers per question, as a histogram: how many samples had
 * `correct` of `graded` answers right. (With one answer per question runAccuracy says it all.)
 */
export function runScoreHistogram(db: Db, runId: number): Array<{ correct: number; graded: number; samples: number }> {
  return statement(
    db,
    `SELECT correct, graded, COUNT(*) AS samples FROM (
       SELECT SUM(correct) AS correct, COUNT(correct) AS graded FROM predictions WHERE run_id = ? AND correct IS NOT NULL GROUP BY sample_id)
     GROUP BY correct, graded`,
  ).all(runId) as Array<{ correct: number; graded: number; samples: number }>;
}

/** First-answer verdicts of a run, by sample. */
export function firstAnswerOutcomes(db: Db, runId: number): Array<{ sampleId: number; correct: number }> {
  return statement(
    db,
    'SELECT sample_id AS sampleId, correct FROM predictions WHERE run_id = ? AND sample_index = 0 AND correct IS NOT NULL',
  ).all(runId) as Array<{ sampleId: number; correct: number }>;
}

export function sampleLabels(db: Db, sampleIds: readonly number[]): Map<number, { externalId: string; benchmark: string }> {
  const rows = statement(
    db,
    `SELECT s.id, s.external_id AS externalId, b.name AS benchmark FROM samples s JOIN benchmarks b ON b.id = s.benchmark_id
     WHERE s.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(sampleIds)) as Array<{ id: number; externalId: string; benchmark: string }>;
  return new Map(rows.map((row) => [row.id, { externalId: row.externalId, benchmark: row.benchmark }]));
}

/** Every answer of a run (all k per question), for pass@k and answer consistency. */
export function runAnswers(db: Db, runId: number): Array<{ sampleId: number; correct: number | null; extracted: string | null; error: string | null }> {
  return statement(
    db,
    'SELECT sample_id AS sampleId, correct, extracted, error FROM predictions WHERE run_id = ? ORDER BY sample_id, sample_index',
  ).all(runId) as Array<{ sampleId: number; correct: number | null; extracted: string | null; error: string | null }>;
}

export interface TraceAggregate {
  predictions: number;
  errors: number;
  graded: number;
  correct: number;
  formatKnown: number;
  formatOk: number;
  /** Graded answers from which no answer could be extracted. */
  extractionFailures: number;
  truncations: number;
  thinkCharsCorrect: number;
  thinkCharsIncorrect: number;
  incorrect: number;
}

export function traceAggregate(db: Db, runId: number): TraceAggregate {
  return statement(
    db,
    `SELECT COUNT(*) AS predictions, COUNT(error) AS errors, COUNT(correct) AS graded, COALESCE(SUM(correct), 0) AS correct,
       COUNT(format_ok) AS formatKnown, COALESCE(SUM(format_ok), 0) AS formatOk,
       COALESCE(SUM(correct IS NOT NULL AND extracted IS NULL), 0) AS extractionFailures,
       COALESCE(SUM(finish_reason = 'length'), 0) AS truncations,
       COALESCE(SUM(CASE WHEN correct = 1 THEN think_chars END), 0) AS thinkCharsCorrect,
       COALESCE(SUM(CASE WHEN correct = 0 THEN think_chars END), 0) AS thinkCharsIncorrect,
       COALESCE(SUM(correct = 0), 0) AS incorrect
     FROM predictions WHERE run_id = ?`,
  ).get(runId) as TraceAggregate;
}

/** Upper bounds (exclusive) of the think-length bins, in characters; the last bin is open. */
export const THINK_BIN_EDGES = [1, 256, 512, 1024, 2048, 4096, 8192] as const;

/** Graded answers of a run by think-length bin (bin i holds lengths below THINK_BIN_EDGES[i]). */
export function thinkLengthBins(db: Db, runId: number): Array<{ bin: number; n: number; correct: number }> {
  const cases = THINK_BIN_EDGES.map((edge, i) => `WHEN think_chars < ${edge} THEN ${i}`).join(' ');
  return statement(
    db,
    `SELECT CASE ${cases} ELSE ${THINK_BIN_EDGES.length} END AS bin, COUNT(*) AS n, SUM(correct) AS correct
     FROM predictions WHERE run_id = ? AND correct IS NOT NULL GROUP BY bin ORDER BY bin`,
  ).all(runId) as Array<{ bin: number; n: number; correct: number }>;
}
