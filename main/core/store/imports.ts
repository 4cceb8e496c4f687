/**
 * Store side of imports (main/core/ingest/). An import is written first into a private staging
 * file with the workspace's own schema, then merged into the workspace in one transaction: the
 * workspace sees all of an import or none of it, and a multi-GB file never holds the
 * workspace's write lock (or the process's memory) while it is being parsed.
 */
import type { Db } from './database';
import { openWorkspace } from './database';
import type { StoredSample } from './catalog';
import { nowIso, statement } from './statements';
import { deriveForNewRows, dropBulkMergeTriggers } from './merge-derived';
import { COPY_STAGED, createStagedPredictions } from './staged-predictions';
import {
  copyColumns,
  RUN_COLUMNS,
  SAMPLE_COLUMNS,
  SAMPLE_IMAGE_COLUMNS,
  toStoredSample,
  type SampleRow,
} from './tables';

/** Triggers whose work the workspace does once, when the staged rows are merged into it. */
const WORKSPACE_TRIGGERS = [
  'samples_fts_insert',
  'samples_fts_delete',
  'samples_fts_update',
  'outputs_fts_insert',
  'outputs_fts_delete',
  'outputs_fts_update',
  'prediction_counts_insert',
  'prediction_counts_delete',
  'prediction_counts_update',
  'prediction_counts_category',
  'benchmark_counts_insert',
  'benchmark_counts_delete',
  'benchmark_counts_update',
];

/** Read-side indexes nothing reads in a staging file (lookups there go by the UNIQUE keys). */
const READ_INDEXES = ['samples_by_category', 'sample_images_by_image'];

/**
 * Opens a fresh staging file: the workspace schema (same migrations) but predictions in one
 * table of their own, no journal, no fsync, no foreign keys (a staged sample may point at an
 * image only the workspace holds), and neither the full-text and summary triggers nor the
 * read-side indexes (the workspace does that work once, when the staging file is merged).
 */
export function openStaging(path: string): Db {
  const db = openWorkspace(path, { scratch: true });
  db.pragma('foreign_keys = OFF');
  for (const trigger of WORKSPACE_TRIGGERS) db.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
  for (const index of READ_INDEXES) db.exec(`DROP INDEX IF EXISTS ${index}`);
  // Predictions are staged one row each (staged-predictions.ts): a write to the workspace's own three tables here would be lost.
  for (const table of ['grades', 'prediction_texts', 'predictions']) db.exec(`DROP TABLE ${table}`);
  createStagedPredictions(db);
  db.exec('ALTER TABLE samples ADD COLUMN join_key_only INTEGER NOT NULL DEFAULT 0');
  return db;
}

const INSERT_JOIN_KEY = `INSERT INTO samples (benchmark_id, external_id, question, answer, join_key_only) VALUES (?, ?, '', '', 1)
  ON CONFLICT (benchmark_id, external_id) DO NOTHING`;

/**
 * Stages the key of a sample the workspace already holds (a prediction joins it): a row with no
 * texts, which the merge joins the prediction through and does not copy. Returns its staged id,
 * and whether this call added it.
 */
export function stageJoinKey(staging: Db, benchmarkId: number, externalId: string): { id: number; added: boolean } {
  const { changes, lastInsertRowid } = statement(staging, INSERT_JOIN_KEY).run(benchmarkId, externalId);
  return changes > 0 ? { id: Number(lastInsertRowid), added: true } : { id: sampleIdByExternalId(staging, benchmarkId, externalId)!, added: false };
}

export interface ImportedFileRecord {
  id: number;
  sha256: string;
  format: string;
  kind: string;
  path: string;
  createdAt: string;
  runIds: number[];
}

export function findImportedFile(db: Db, sha256: string): ImportedFileRecord | undefined {
  const row = statement(db, 'SELECT id, sha256, format, kind, path, created_at AS createdAt FROM imported_files WHERE sha256 = ?').get(sha256) as
    | Omit<ImportedFileRecord, 'runIds'>
    | undefined;
  if (!row) return undefined;
  const runIds = (statement(db, 'SELECT run_id AS runId FROM imported_file_runs WHERE file_id = ? ORDER BY run_id').all(row.id) as Array<{ runId: number }>).map(
    (r) => r.runId,
  );
  return { ...row, runIds };
}

/** A sample of a named benchmark by its id in the source (what predictions join on). */
export function findSampleByExternalId(db: Db, benchmarkName: string, externalId: string): StoredSample | undefined {
  // One read of the row (an import joins every prediction of a later checkpoint through here).
  const row = statement(db, 'SELECT s.* FROM samples s JOIN benchmarks b ON b.id = s.benchmark_id WHERE b.name = ? AND s.external_id = ?').get(
    benchmarkName,
    externalId,
  ) as SampleRow | undefined;
  return row ? toStoredSample(db, row) : undefined;
}

export function sampleIdByExternalId(db: Db, benchmarkId: number, externalId: string): number | undefined {
  return (statement(db, 'SELECT id FROM samples WHERE benchmark_id = ? AND external_id = ?').get(benchmarkId, externalId) as { id: number } | undefined)?.id;
}

/** The stored images of a sample, in order (VLMEvalKit rows that share another row's image). */
export function imagesOfSample(db: Db, benchmarkId: number, externalId: string): string[] {
  return (
    statement(
      db,
      `SELECT si.image_sha256 AS sha FROM sample_images si JOIN samples s ON s.id = si.sample_id
       WHERE s.benchmark_id = ? AND s.external_id = ? AND si.image_sha256 IS NOT NULL ORDER BY si.position`,
    ).all(benchmarkId, externalId) as Array<{ sha: string }>
  ).map((row) => row.sha);
}

/**
 * The newest run of a checkpoint on a benchmark, by name (any backend). Among `among` (the runs
 * staged from a summary's own folder) the checkpoint's name may differ in case: MathVista's
 * `output_internVL2-1b.json` beside `scores_InternVL2-1b.json` are one model's.
 */
export function latestRunOf(db: Db, checkpoint: string, benchmark: string, among?: readonly number[]): number | undefined {
  return (
    statement(
      db,
      `SELECT r.id FROM runs r JOIN checkpoints c ON c.id = r.checkpoint_id JOIN benchmarks b ON b.id = r.benchmark_id
       WHERE (c.name = ? OR (? IS NOT NULL AND c.name = ? COLLATE NOCASE)) AND b.name = ? AND (? IS NULL OR r.id IN (SELECT value FROM json_each(?)))
       ORDER BY c.name = ? DESC, r.id DESC LIMIT 1`,
    ).get(checkpoint, among ? 1 : null, checkpoint, benchmark, ...Array<string | null>(2).fill(among ? JSON.stringify(among) : null), checkpoint) as { id: number } | undefined
  )?.id;
}

export function benchmarkNames(db: Db): string[] {
  return (statement(db, 'SELECT name FROM benchmarks ORDER BY name').all() as Array<{ name: string }>).map((row) => row.name);
}

export function benchmarkExists(db: Db, name: string): boolean {
  return statement(db, 'SELECT 1 FROM benchmarks WHERE name = ?').get(name) !== undefined;
}

/** Points a staged sample's image slot at an image found later in the same file. */
export function setSampleImage(db: Db, sampleId: number, position: number, sha256: string): void {
  statement(db, 'UPDATE sample_images SET image_sha256 = ?, missing_ref = NULL WHERE sample_id = ? AND position = ?').run(sha256, sampleId, position);
}

export function recordImportedFile(
  db: Db,
  file: { sha256: string; format: string; kind: string; path: string; byteLength: number; summary: Record<string, unknown>; runIds: number[] },
): number {
  const result = statement(
    db,
    'INSERT INTO imported_files (sha256, format, kind, path, byte_length, summary_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(file.sha256, file.format, file.kind, file.path, file.byteLength, JSON.stringify(file.summary), nowIso());
  const fileId = Number(result.lastInsertRowid);
  const link = statement(db, 'INSERT OR IGNORE INTO imported_file_runs (file_id, run_id) VALUES (?, ?)');
  for (const runId of file.runIds) link.run(fileId, runId);
  return fileId;
}

/** A staged run, as the import summary names it. */
export interface StagedRun {
  stagedId: number;
  runKey: string;
  checkpoint: string;
  step: number | null;
  benchmark: string;
  source: string;
}

export function stagedRuns(staging: Db): StagedRun[] {
  return staging
    .prepare(
      `SELECT r.id AS stagedId, r.run_key AS runKey, c.name AS checkpoint, c.step, b.name AS benchmark, r.source
       FROM runs r JOIN checkpoints c ON c.id = r.checkpoint_id JOIN benchmarks b ON b.id = r.benchmark_id
       ORDER BY r.id`,
    )
    .all() as StagedRun[];
}

/** A run's predictions and verdicts, ours and the official ones, for the import summary. */
export interface RunVerdictCounts {
  predictions: number;
  correct: number;
  officialN: number;
  officialCorrect: number;
  /** Predictions with both verdicts, and the two the same. */
  agreeing: number;
}

/**
 * From the workspace's per-run counts (`prediction_counts`, where no verdict is -1), once the
 * runs are merged: counting the staged predictions instead read the whole staging file again,
 * every trace's page (0.18 s of a 100,000-prediction import).
 */
export function runVerdictCounts(db: Db, runId: number): RunVerdictCounts {
  return statement(
    db,
    `SELECT COALESCE(SUM(n), 0) AS predictions,
       COALESCE(SUM(n) FILTER (WHERE correct = 1), 0) AS correct,
       COALESCE(SUM(n) FILTER (WHERE official_correct >= 0), 0) AS officialN,
       COALESCE(SUM(n) FILTER (WHERE official_correct = 1), 0) AS officialCorrect,
       COALESCE(SUM(n) FILTER (WHERE correct >= 0 AND correct = official_correct), 0) AS agreeing
     FROM prediction_counts WHERE run_id = ?`,
  ).get(runId) as RunVerdictCounts;
}

/** Imported runs (backend import:*) of a checkpoint on a benchmark, newest first. */
export function importedRunsOf(db: Db, checkpoint: string, benchmark: string): Array<{ id: number; runKey: string; source: string }> {
  return statement(
    db,
    `SELECT r.id, r.run_key AS runKey, r.source FROM runs r JOIN checkpoints c ON c.id = r.checkpoint_id JOIN benchmarks b ON b.id = r.benchmark_id
     WHERE c.name = ? AND b.name = ? AND r.backend LIKE 'import:%' ORDER BY r.id DESC`,
  ).all(checkpoint, benchmark) as Array<{ id: number; runKey: string; source: string }>;
}

export function countAnnotationsOfRun(db: Db, runId: number): number {
  return (
    statement(db, 'SELECT COUNT(*) AS n FROM annotations a JOIN predictions p ON p.id = a.prediction_id WHERE p.run_id = ?').get(runId) as { n: number }
  ).n;
}

/**
 * Removes imported runs with everything hanging off them (used by `import --replace`). Runs
 * whose predictions carry labels are refused by the caller before this is reached.
 */
export function deleteRuns(db: Db, runIds: number[]): void {
  const byRun = 'SELECT id FROM predictions WHERE run_id = ?';
  for (const runId of runIds) {
    statement(db, `DELETE FROM failure_set_items WHERE prediction_id IN (${byRun})`).run(runId);
    statement(db, `DELETE FROM grades WHERE prediction_id IN (${byRun})`).run(runId);
    statement(db, `DELETE FROM prediction_texts WHERE prediction_id IN (${byRun})`).run(runId);
    statement(db, 'DELETE FROM predictions WHERE run_id = ?').run(runId);
    statement(db, 'DELETE FROM reported_figures WHERE run_id = ?').run(runId);
    statement(db, 'DELETE FROM imported_file_runs WHERE run_id = ?').run(runId);
    statement(db, 'DELETE FROM runs WHERE id = ?').run(runId);
  }
  // A file record none of whose runs is left (and that made runs) goes too, so it can be imported again.
  db.exec(
    `DELETE FROM imported_files WHERE kind = 'predictions' AND id NOT IN (SELECT file_id FROM imported_file_runs)`,
  );
}

export function deleteImportedFileRecord(db: Db, fileId: number): void {
  statement(db, 'DELETE FROM imported_file_runs WHERE file_id = ?').run(fileId);
  statement(db, 'DELETE FROM imported_files WHERE id = ?').run(fileId);
}

export interface MergeResult {
  samplesAdded: number;
  imagesAdded: number;
  predictionsAdded: number;
  /** Workspace run id of each staged run, by run key. */
  runIds: Map<string, number>;
}

const count = (db: Db, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

/**
 * Copies everything staged into the workspace in ONE transaction. Rows are matched by their
 * natural keys (benchmark and checkpoint names, (benchmark, external id) for samples, run_key
 * for runs); a sample or image the workspace already has is kept as it is. Prediction ids are
 * assigned as (largest id so far + staged id), so texts and grades follow without a lookup.
 * `first` runs inside the transaction before anything is copied.
 */
export function mergeStaging(db: Db, stagingPath: string, first?: () => void): MergeResult {
  db.prepare("ATTACH DATABASE ? AS staging").run(stagingPath);
  // The workspace keeps SQLite's temporary data in memory (database.ts: the explorer's sorts).
  // In the merge that would be its statement journal: a copy that spills the cache's dirty pages
  // of an earlier copy journals them first (up to the 64 MB cache); in a file the OS buffers them.
  const temporaryStore = db.pragma('temp_store', { simple: true }) as number;
  db.pragma('temp_store = FILE');
  try {
    return db.transaction((): MergeResult => {
      // e.g. `--replace` removing the runs this import replaces: in the same transaction.
      first?.();
      const recreateTriggers = dropBulkMergeTriggers(db);
      const samplesBefore = count(db, 'SELECT COALESCE(MAX(id), 0) AS n FROM main.samples');
      const imagesBefore = count(db, 'SELECT COUNT(*) AS n FROM main.images');
      db.exec(`
        INSERT OR IGNORE INTO main.images (sha256, mime, width, height, byte_length, bytes)
          SELECT sha256, mime, width, height, byte_length, bytes FROM staging.images;
        INSERT OR IGNORE INTO main.benchmarks (name, description, simulated, created_at)
          SELECT name, description, simulated, created_at FROM staging.benchmarks ORDER BY id;
        INSERT OR IGNORE INTO main.checkpoints (name, base_model, stage, step, lineage, uri, notes, simulated, created_at)
          SELECT name, base_model, stage, step, lineage, uri, notes, simulated, created_at FROM staging.checkpoints ORDER BY id;
        -- A checkpoint known before gains the step and lineage an import names (--step, --lineage)
        -- where it had none; what it already had is kept.
        UPDATE main.checkpoints SET
          step = COALESCE(step, (SELECT s.step FROM staging.checkpoints s WHERE s.name = main.checkpoints.name)),
          lineage = CASE WHEN lineage <> '' THEN lineage
            ELSE COALESCE((SELECT s.lineage FROM staging.checkpoints s WHERE s.name = main.checkpoints.name), '') END
          WHERE name IN (SELECT name FROM staging.checkpoints);
      `);
      db.exec(
        `INSERT OR IGNORE INTO main.samples ${copyColumns(SAMPLE_COLUMNS, 's', { benchmark_id: 'mb.id' })}
         FROM staging.samples s
         JOIN staging.benchmarks sb ON sb.id = s.benchmark_id
         JOIN main.benchmarks mb ON mb.name = sb.name
         WHERE NOT s.join_key_only
         ORDER BY s.id`,
      );
      db.prepare(
        `INSERT INTO main.sample_images ${copyColumns(SAMPLE_IMAGE_COLUMNS, 'si', { sample_id: 'ms.id' })}
           FROM staging.sample_images si
           JOIN staging.samples s ON s.id = si.sample_id
           JOIN staging.benchmarks sb ON sb.id = s.benchmark_id
           JOIN main.benchmarks mb ON mb.name = sb.name
           JOIN main.samples ms ON ms.benchmark_id = mb.id AND ms.external_id = s.external_id
           WHERE ms.id > ?`,
      ).run(samplesBefore);
      db.exec(`
        INSERT INTO main.runs ${copyColumns(RUN_COLUMNS, 'r', { checkpoint_id: 'mc.id', benchmark_id: 'mb.id' })}
          FROM staging.runs r
          JOIN staging.checkpoints c ON c.id = r.checkpoint_id JOIN main.checkpoints mc ON mc.name = c.name
          JOIN staging.benchmarks b ON b.id = r.benchmark_id JOIN main.benchmarks mb ON mb.name = b.name
          ORDER BY r.id;
      `);
      const predictionBase = count(db, 'SELECT COALESCE(MAX(id), 0) AS n FROM main.predictions');
      const staged = count(db, 'SELECT COUNT(*) AS n FROM staging.staged_predictions');
      // One statement per table: none has an insert trigger during the merge (dropped above), so
      // SQLite streams the rows; copied a span at a time instead, each statement journaled the
      // pages an earlier one left in the cache before spilling them (200 MB per 100,000 traces).
      const copyStaged = (sql: string): number => db.prepare(sql).run({ base: predictionBase }).changes;
      const inserted = copyStaged(COPY_STAGED.predictions);
      if (inserted !== staged) throw new Error(`import merge: ${staged} staged predictions but ${inserted} joined their run and sample`);
      copyStaged(COPY_STAGED.texts);
      copyStaged(COPY_STAGED.grades);
      deriveForNewRows(db, samplesBefore, predictionBase);
      for (const sql of recreateTriggers) db.exec(sql);
      db.exec(`
        INSERT INTO main.reported_figures (run_id, metric, value, correct, total, source)
          SELECT mr.id, f.metric, f.value, f.correct, f.total, f.source
          FROM staging.reported_figures f JOIN staging.runs r ON r.id = f.run_id JOIN main.runs mr ON mr.run_key = r.run_key
          WHERE true
          ON CONFLICT (run_id, metric, source) DO UPDATE SET value = excluded.value, correct = excluded.correct, total = excluded.total;
        INSERT INTO main.training_metrics (experiment, step, key, value, checkpoint_id)
          SELECT t.experiment, t.step, t.key, t.value, mc.id
          FROM staging.training_metrics t
          LEFT JOIN staging.checkpoints c ON c.id = t.checkpoint_id LEFT JOIN main.checkpoints mc ON mc.name = c.name
          WHERE true
          ON CONFLICT (experiment, step, key) DO UPDATE SET value = excluded.value, checkpoint_id = COALESCE(excluded.checkpoint_id, checkpoint_id);
        INSERT INTO main.imported_files (sha256, format, kind, path, byte_length, summary_json, created_at)
          SELECT sha256, format, kind, path, byte_length, summary_json, created_at FROM staging.imported_files ORDER BY id;
        INSERT INTO main.imported_file_runs (file_id, run_id)
          SELECT mf.id, mr.id
          FROM staging.imported_file_runs l
          JOIN staging.imported_files f ON f.id = l.file_id JOIN main.imported_files mf ON mf.sha256 = f.sha256
          JOIN staging.runs r ON r.id = l.run_id JOIN main.runs mr ON mr.run_key = r.run_key;
      `);
      const runIds = new Map(
        (
          db.prepare('SELECT r.run_key AS runKey, mr.id AS id FROM staging.runs r JOIN main.runs mr ON mr.run_key = r.run_key').all() as Array<{
            runKey: string;
            id: number;
          }>
        ).map((row) => [row.runKey, row.id]),
      );
      const result: MergeResult = {
        samplesAdded: count(db, `SELECT COUNT(*) AS n FROM main.samples WHERE id > ${samplesBefore}`),
        imagesAdded: count(db, 'SELECT COUNT(*) AS n FROM main.images') - imagesBefore,
        predictionsAdded: inserted,
        runIds,
      };
      return result;
    }).immediate();
  } finally {
    db.pragma(`temp_store = ${temporaryStore}`);
    db.exec('DETACH DATABASE staging');
  }
}
