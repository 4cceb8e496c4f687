/**
 * An import's graded predictions as its staging file keeps them (store/imports.ts): a row each in
 * `staged_predictions` (what the workspace keeps in `predictions` and `grades`) and, under the
 * same id, in `staged_texts` (its `prediction_texts`), so that the merge's copies of predictions
 * and grades read none of the traces (in one table they read every trace's page twice more:
 * ~0.1 s of a 100,000-trace merge). The merge copies each table with one statement.
 */
import type { Db } from './database';
import type { VerdictInput } from './runs';
import { statement } from './statements';
import { copyColumns, GRADE_COLUMNS, PREDICTION_COLUMNS, PREDICTION_TEXT_COLUMNS, predictionValues, type PredictionRow } from './tables';

/** The verdict's own columns besides those `predictions` repeats (correct, score, extracted). */
const VERDICT_COLUMNS = ['scorer', 'grader_version', 'reason'] as const;
const TEXT_COLUMNS = PREDICTION_TEXT_COLUMNS.filter((column) => column !== 'prediction_id');
const STAGED_COLUMNS = [...PREDICTION_COLUMNS, ...VERDICT_COLUMNS];

/**
 * Created in a fresh staging file. The UNIQUE key is what finds a second prediction for the same
 * sample and index (the import stops, naming it); ids count from 1 in the order read.
 */
export function createStagedPredictions(staging: Db): void {
  staging.exec(
    `CREATE TABLE staged_predictions (id INTEGER PRIMARY KEY, ${STAGED_COLUMNS.join(', ')}, UNIQUE (run_id, sample_id, sample_index));
     CREATE TABLE staged_texts (id INTEGER PRIMARY KEY, ${TEXT_COLUMNS.join(', ')});`,
  );
}

const INSERT_STAGED = `INSERT INTO staged_predictions (${STAGED_COLUMNS.join(', ')}) VALUES (${STAGED_COLUMNS.map(() => '?').join(', ')})`;
const INSERT_STAGED_TEXT = `INSERT INTO staged_texts (id, ${TEXT_COLUMNS.join(', ')}) VALUES (${['id', ...TEXT_COLUMNS].map(() => '?').join(', ')})`;

/** Stages one prediction with its verdict's own columns (`verdict` null: ungraded). */
export function stagePrediction(staging: Db, row: PredictionRow, verdict: Pick<VerdictInput, 'scorer' | 'graderVersion' | 'reason'> | null): void {
  const { lastInsertRowid } = statement(staging, INSERT_STAGED).run(
    ...predictionValues(row),
    verdict ? verdict.scorer : null,
    verdict ? verdict.graderVersion : null,
    verdict ? verdict.reason : null,
  );
  statement(staging, INSERT_STAGED_TEXT).run(lastInsertRowid, row.rawOutput, row.thinkStart, row.thinkEnd, row.answerPart, row.officialExtracted);
}

/**
 * The merge's three copies of the staged predictions (the staging file attached as `staging`),
 * each over `@from`..`@to` of the staged ids; a staged id becomes `@base + id` in the workspace.
 * `predictions` joins the workspace's run and sample ids by their natural keys.
 */
export const COPY_STAGED = {
  predictions: `INSERT INTO main.predictions ${copyColumns(['id', ...PREDICTION_COLUMNS], 'p', { id: '@base + p.id', run_id: 'mr.id', sample_id: 'ms.id' })}
     FROM staging.staged_predictions p
     JOIN staging.runs r ON r.id = p.run_id
     JOIN main.runs mr ON mr.run_key = r.run_key
     JOIN staging.samples s ON s.id = p.sample_id
     JOIN staging.benchmarks sb ON sb.id = s.benchmark_id
     JOIN main.benchmarks mb ON mb.name = sb.name
     JOIN main.samples ms ON ms.benchmark_id = mb.id AND ms.external_id = s.external_id
     ORDER BY p.id`,
  texts: `INSERT INTO main.prediction_texts ${copyColumns(PREDICTION_TEXT_COLUMNS, 'p', { prediction_id: '@base + p.id' })}
     FROM staging.staged_texts p ORDER BY p.id`,
  grades: `INSERT INTO main.grades ${copyColumns(GRADE_COLUMNS, 'p', { prediction_id: '@base + p.id', requested_scorer: "'auto'" })}
     FROM staging.staged_predictions p WHERE p.scorer IS NOT NULL ORDER BY p.id`,
} as const;
