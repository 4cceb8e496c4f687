import type { Db } from './database';
import type { VerdictInput } from './runs';
import { nowIso, statement } from './statements';
import { insertGrade } from './tables';

export interface ToRegrade {
  predictionId: number;
  sampleId: number;
  rawOutput: string;
}

/** A prediction whose current (newest) verdict is not of this (requested scorer, grader version). */
const NOT_CURRENT = `NOT EXISTS (SELECT 1 FROM grades g WHERE g.id = (SELECT MAX(g2.id) FROM grades g2 WHERE g2.prediction_id = p.id)
  AND g.requested_scorer = ? AND g.grader_version = ?)`;

/**
 * Answers of a run whose current verdict is not yet of this (requested scorer, grader version),
 * in id order after `afterId` up to `untilId` (the run's last, `predictionIdSpan`): the resumable
 * work list of a re-grade (one back to `auto` after another scorer finds them all again). Failed
 * requests have no answer to grade and are skipped. Walked by the table's own key over that id
 * range (a run's answers are mostly contiguous ids; `+p.run_id` keeps SQLite off the run's
 * indexes): through one of them it read and sorted all of the run's answers for every batch,
 * 74 ms per batch of 500 of a 100,000-answer run (15 of a re-grade's 20 s), growing with the run.
 */
export function predictionsToRegrade(db: Db, runId: number, requested: string, version: string, afterId: number, untilId: number, limit: number): ToRegrade[] {
  return statement(
    db,
    `SELECT p.id AS predictionId, p.sample_id AS sampleId, t.raw_output AS rawOutput
     FROM predictions p JOIN prediction_texts t ON t.prediction_id = p.id
     WHERE p.id > ? AND p.id <= ? AND +p.run_id = ? AND p.error IS NULL AND ${NOT_CURRENT}
     ORDER BY p.id LIMIT ?`,
  ).all(afterId, untilId, runId, requested, version, limit) as ToRegrade[];
}

/** The first and last ids of a run's answers, or null for a run without any. */
export function predictionIdSpan(db: Db, runId: number): { first: number; last: number } | null {
  const span = statement(db, 'SELECT MIN(id) AS first, MAX(id) AS last FROM predictions WHERE run_id = ?').get(runId) as { first: number | null; last: number | null };
  return span.first === null || span.last === null ? null : { first: span.first, last: span.last };
}

export function countToRegrade(db: Db, runId: number, requested: string, version: string): number {
  return (statement(db, `SELECT COUNT(*) AS n FROM predictions p WHERE p.run_id = ? AND p.error IS NULL AND ${NOT_CURRENT}`).get(runId, requested, version) as { n: number }).n;
}

/** Names the scorer a re-grade made current for a run (NULL for `auto`: the benchmark's or sample's own). */
export function setRegradedScorer(db: Db, runId: number, requested: string): void {
  statement(db, 'UPDATE runs SET regraded_scorer = ? WHERE id = ?').run(requested === 'auto' ? null : requested, runId);
}

/** Whether a prediction's current verdict is correct (false while it has none). */
export function isCorrectNow(db: Db, predictionId: number): boolean {
  return (statement(db, 'SELECT correct FROM predictions WHERE id = ?').get(predictionId) as { correct: number | null } | undefined)?.correct === 1;
}

/**
 * Records a new verdict beside the earlier ones and makes it the current one (the newest row, and
 * the hot columns that overview, explorer and stats read). One of the same (requested scorer,
 * grader version) given before is the same verdict: it is written again as the newest.
 */
export function applyVerdict(db: Db, predictionId: number, requested: string, verdict: VerdictInput, formatOk: boolean): void {
  insertGrade(db, { ...verdict, predictionId, requestedScorer: requested, createdAt: nowIso() }, 'current');
  // Written only where it changes: an unchanged verdict (most of a re-grade's) costs no index or
  // count upkeep (the update was 17 µs per answer, 1.7 of a 100,000-answer re-grade's 5.3 s).
  statement(
    db,
    `UPDATE predictions SET correct = @correct, score = @score, extracted = @extracted, format_ok = @formatOk
     WHERE id = @id AND (correct IS NOT @correct OR score IS NOT @score OR extracted IS NOT @extracted OR format_ok IS NOT @formatOk)`,
  ).run({ correct: verdict.correct ? 1 : 0, score: verdict.score, extracted: verdict.extracted, formatOk: formatOk ? 1 : 0, id: predictionId });
}

export interface VersionedAccuracy {
  runId: number;
  n: number;
  correct: number;
}

/**
 * Per-run accuracy under one grader version (and optionally the scorer that was asked for:
 * 'auto' for verdicts given at evaluation or import time) from the verdict history, for
 * `stats --grader`: earlier verdicts stay answerable after a re-grade.
 */
/** Every grader version (with the scorers requested under it) that has verdicts in this workspace. */
export function graderVersionsInUse(db: Db): Array<{ version: string; scorers: string[] }> {
  const rows = statement(db, 'SELECT DISTINCT grader_version AS version, requested_scorer AS scorer FROM grades ORDER BY grader_version, requested_scorer').all() as Array<{
    version: string;
    scorer: string | null;
  }>;
  const byVersion = new Map<string, string[]>();
  for (const row of rows) {
    const scorers = byVersion.get(row.version) ?? [];
    if (row.scorer) scorers.push(row.scorer);
    byVersion.set(row.version, scorers);
  }
  return [...byVersion].map(([version, scorers]) => ({ version, scorers }));
}

export function accuracyByGraderVersion(db: Db, version: string, requested?: string): Map<number, VersionedAccuracy> {
  const rows = statement(
    db,
    `SELECT p.run_id AS runId, COUNT(*) AS n, SUM(g.correct) AS correct
     FROM grades g JOIN predictions p ON p.id = g.prediction_id
     WHERE g.grader_version = ? AND (? IS NULL OR g.requested_scorer = ?)
       AND g.id = (SELECT MAX(g2.id) FROM grades g2 WHERE g2.prediction_id = g.prediction_id AND g2.grader_version = g.grader_version
                   AND (? IS NULL OR g2.requested_scorer = ?))
     GROUP BY p.run_id`,
  ).all(version, requested ?? null, requested ?? null, requested ?? null, requested ?? null) as VersionedAccuracy[];
  return new Map(rows.map((row) => [row.runId, row]));
}
