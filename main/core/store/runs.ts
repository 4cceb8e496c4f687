import type { Db } from './database';
import { nowIso, statement } from './statements';
import { insertGrade, insertPredictionRow, insertRun, toRun, type PredictionRow, type RunRow, type RunStatus, type StoredRun } from './tables';

export type { RunStatus, StoredRun } from './tables';

export interface RunInput {
  checkpointId: number;
  benchmarkId: number;
  runKey: string;
  config: Record<string, unknown>;
  backend: string;
  source?: string;
  samplesPerQuestion?: number;
}

export function getRun(db: Db, runId: number): StoredRun | undefined {
  const row = statement(db, 'SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
  return row ? toRun(row) : undefined;
}

export function findRunByKey(db: Db, runKey: string): StoredRun | undefined {
  const row = statement(db, 'SELECT * FROM runs WHERE run_key = ?').get(runKey) as RunRow | undefined;
  return row ? toRun(row) : undefined;
}

/** Returns the run with this key, creating it when new: the same command resumes the same run. */
export function findOrCreateRun(db: Db, input: RunInput): { run: StoredRun; created: boolean } {
  const existing = findRunByKey(db, input.runKey);
  if (existing) return { run: existing, created: false };
  const runId = insertRun(db, {
    checkpointId: input.checkpointId,
    benchmarkId: input.benchmarkId,
    runKey: input.runKey,
    config: input.config,
    backend: input.backend,
    source: input.source ?? '',
    samplesPerQuestion: input.samplesPerQuestion ?? 1,
    status: 'pending',
    createdAt: nowIso(),
    startedAt: null,
    finishedAt: null,
    purpose: 'eval',
    simulated: false,
  });
  return { run: getRun(db, runId)!, created: true };
}

/**
 * Removes a run that never got an answer (its evaluation could not start: the endpoint is down,
 * the model is not served, the model folder is missing), and its checkpoint too when the same
 * attempt created it and nothing else uses it. A run with any prediction is kept.
 */
export function discardUnstartedRun(db: Db, runId: number, options: { checkpointToo: boolean }): boolean {
  return db
    .transaction(() => {
      const run = getRun(db, runId);
      if (!run) return false;
      const answered = statement(db, 'SELECT 1 FROM predictions WHERE run_id = ? LIMIT 1').get(runId);
      if (answered) return false;
      for (const table of ['prediction_counts', 'reported_figures', 'imported_file_runs']) {
        statement(db, `DELETE FROM ${table} WHERE run_id = ?`).run(runId);
      }
      statement(db, 'DELETE FROM runs WHERE id = ?').run(runId);
      if (options.checkpointToo) {
        statement(
          db,
          `DELETE FROM checkpoints WHERE id = ?
             AND NOT EXISTS (SELECT 1 FROM runs WHERE checkpoint_id = ?)
             AND NOT EXISTS (SELECT 1 FROM training_metrics WHERE checkpoint_id = ?)
             AND NOT EXISTS (SELECT 1 FROM attribution_runs WHERE checkpoint_id = ? OR caption_checkpoint_id = ?)`,
        ).run(run.checkpointId, run.checkpointId, run.checkpointId, run.checkpointId, run.checkpointId);
      }
      return true;
    })
    .immediate();
}

/** A backend may learn only when it starts what really answers (onnx: provider, dtype, folder hash). */
export function setRunSource(db: Db, runId: number, source: string): void {
  statement(db, 'UPDATE runs SET source = ? WHERE id = ?').run(source, runId);
}

/** Marks a run's answers as coming from a simulated model (see 0014_i20_checkpoint_order.sql). */
export function markRunSimulated(db: Db, runId: number): void {
  statement(db, 'UPDATE runs SET simulated = 1 WHERE id = ? AND simulated = 0').run(runId);
}

export function setRunStatus(db: Db, runId: number, status: RunStatus): void {
  const now = nowIso();
  statement(
    db,
    `UPDATE runs SET status = ?,
       started_at = CASE WHEN ? = 'running' AND started_at IS NULL THEN ? ELSE started_at END,
       finished_at = CASE WHEN ? IN ('completed', 'failed', 'cancelled') THEN ? ELSE NULL END
     WHERE id = ?`,
  ).run(status, status, now, status, now, runId);
}

export interface WorkItem {
  sampleId: number;
  sampleIndex: number;
}

/**
 * The (sample, sample index) pairs of a run that still need an answer: never asked, or asked
 * and failed. Finished predictions are never redone, which is what makes resume exact.
 */
export function pendingWork(db: Db, runId: number, limit?: number): WorkItem[] {
  const run = getRun(db, runId);
  if (!run) throw new Error(`run ${runId} does not exist`);
  return statement(
    db,
    `WITH RECURSIVE idx(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM idx WHERE i + 1 < ?),
     chosen AS (SELECT id FROM samples WHERE benchmark_id = ? ORDER BY id LIMIT ?)
     SELECT c.id AS sampleId, idx.i AS sampleIndex FROM chosen c CROSS JOIN idx
     LEFT JOIN predictions p ON p.run_id = ? AND p.sample_id = c.id AND p.sample_index = idx.i
     WHERE p.id IS NULL OR p.error IS NOT NULL
     ORDER BY c.id, idx.i`,
  ).all(run.samplesPerQuestion, run.benchmarkId, limit ?? -1, runId) as WorkItem[];
}

/** Only the (sample, sample index) pairs whose attempt failed: `eval --retry-failed`. */
export function failedWork(db: Db, runId: number, limit?: number): WorkItem[] {
  return statement(
    db,
    `SELECT p.sample_id AS sampleId, p.sample_index AS sampleIndex FROM predictions p
     WHERE p.run_id = ? AND p.error IS NOT NULL ORDER BY p.sample_id, p.sample_index LIMIT ?`,
  ).all(runId, limit ?? -1) as WorkItem[];
}

export interface VerdictInput {
  scorer: string;
  graderVersion: string;
  correct: boolean;
  score: number;
  extracted: string | null;
  reason: string;
}

export interface PredictionInput {
  runId: number;
  sampleId: number;
  sampleIndex: number;
  rawOutput: string;
  thinkStart: number | null;
  thinkEnd: number | null;
  answerPart: string;
  formatOk: boolean | null;
  verdict: VerdictInput | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
  latencyMs?: number | null;
  finishReason?: string | null;
  error?: string | null;
  officialCorrect?: boolean | null;
  officialExtracted?: string | null;
}

/** The earlier attempt at this (run, sample, index), if there is one. */
export function findAttempt(db: Db, runId: number, sampleId: number, sampleIndex: number): { id: number; error: string | null } | undefined {
  return statement(db, 'SELECT id, error FROM predictions WHERE run_id = ? AND sample_id = ? AND sample_index = ?').get(runId, sampleId, sampleIndex) as
    | { id: number; error: string | null }
    | undefined;
}

/** Removes a failed attempt with its text and grades, so that a retry takes its place. */
export function discardAttempt(db: Db, predictionId: number): void {
  statement(db, 'DELETE FROM grades WHERE prediction_id = ?').run(predictionId);
  statement(db, 'DELETE FROM prediction_texts WHERE prediction_id = ?').run(predictionId);
  statement(db, 'DELETE FROM predictions WHERE id = ?').run(predictionId);
}

/**
 * Stores one answer with its verdict. A failed earlier attempt at the same (run, sample,
 * index) is replaced; a finished one is left alone (returns its id without writing).
 */
export function recordPrediction(db: Db, input: PredictionInput): number {
  return db.transaction(() => {
    const existing = findAttempt(db, input.runId, input.sampleId, input.sampleIndex);
    if (existing && existing.error === null) return existing.id;
    if (existing) discardAttempt(db, existing.id);
    return insertPredictionRows(db, input);
  }).immediate();
}

/** The rows of one new answer (prediction, text, grade), inside recordPrediction's transaction. */
function insertPredictionRows(db: Db, input: PredictionInput): number {
  const now = nowIso();
  const predictionId = insertPredictionRow(db, predictionRowOf(input, now));
  if (input.verdict) insertGrade(db, { ...input.verdict, predictionId, requestedScorer: 'auto', createdAt: now });
  return predictionId;
}

/** The `predictions` and `prediction_texts` row of an answer (its verdict's correct, score and extracted copied in). */
export function predictionRowOf(input: PredictionInput, createdAt: string): PredictionRow {
  const verdict = input.verdict;
  return {
    runId: input.runId,
    sampleId: input.sampleId,
    sampleIndex: input.sampleIndex,
    rawOutput: input.rawOutput,
    thinkStart: input.thinkStart,
    thinkEnd: input.thinkEnd,
    answerPart: input.answerPart,
    correct: verdict ? verdict.correct : null,
    score: verdict?.score ?? null,
    extracted: verdict?.extracted ?? null,
    formatOk: input.formatOk,
    promptTokens: input.promptTokens ?? null,
    completionTokens: input.completionTokens ?? null,
    latencyMs: input.latencyMs ?? null,
    finishReason: input.finishReason ?? null,
    error: input.error ?? null,
    officialCorrect: input.officialCorrect ?? null,
    officialExtracted: input.officialExtracted ?? null,
    createdAt,
  };
}

export function countPredictions(db: Db, runId: number): { total: number; errors: number } {
  return statement(db, 'SELECT COUNT(*) AS total, COUNT(error) AS errors FROM predictions WHERE run_id = ?').get(runId) as {
    total: number;
    errors: number;
  };
}
