/**
 * The one place that knows the columns of the tables every import, evaluation and read-back
 * writes: runs, samples (with their image slots), predictions (with their texts) and grades.
 * For each: the column list, the row mapper (a record to its column values, in that order, and
 * where the store reads whole rows back, the row to its record) and the insert. Their writers
 * call these (store/runs.ts, store/catalog.ts, store/grades.ts, store/export-records.ts), and
 * the import merge (store/imports.ts) copies staged rows with the same column lists
 * (`copyColumns`), so a new column is added here, once.
 */
import type { GradeRecord as ApiGradeRecord } from '../types/records';
import type { Db } from './database';
import { statement } from './statements';
import { redactOptional } from '../redact';

/** `INSERT INTO table (columns) VALUES (?, …)`, built once per table (statements are cached by their text). */
const insertSql = (table: string, columns: readonly string[], verb = 'INSERT'): string =>
  `${verb} INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;

/**
 * The column list and SELECT list of an `INSERT INTO main.table … FROM staging.table alias`:
 * each column copied from `alias.column`, unless `from` gives another expression (an id mapped
 * to the workspace's by natural key).
 */
export function copyColumns(columns: readonly string[], alias: string, from: Readonly<Record<string, string>> = {}): string {
  return `(${columns.join(', ')}) SELECT ${columns.map((column) => from[column] ?? `${alias}.${column}`).join(', ')}`;
}

const bool = (value: boolean | null | undefined): number | null => (value === null || value === undefined ? null : value ? 1 : 0);

// ---- runs ----

export type RunStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
/** What a run is for: an evaluation, or the counterfactual and caption runs an attribution pass makes. */
export const RUN_PURPOSES = ['eval', 'counterfactual', 'caption'] as const;
export type RunPurpose = (typeof RUN_PURPOSES)[number];

/** A run as written (every column but the id). */
export interface RunRecord {
  checkpointId: number;
  benchmarkId: number;
  runKey: string;
  config: Record<string, unknown>;
  backend: string;
  source: string;
  samplesPerQuestion: number;
  status: RunStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  purpose: RunPurpose;
  simulated: boolean;
}

export const RUN_COLUMNS = [
  'checkpoint_id',
  'benchmark_id',
  'run_key',
  'config_json',
  'backend',
  'source',
  'samples_per_question',
  'status',
  'created_at',
  'started_at',
  'finished_at',
  'purpose',
  'simulated',
] as const;

const runValues = (run: RunRecord): unknown[] => [
  run.checkpointId,
  run.benchmarkId,
  run.runKey,
  JSON.stringify(run.config),
  run.backend,
  run.source,
  run.samplesPerQuestion,
  run.status,
  run.createdAt,
  run.startedAt,
  run.finishedAt,
  run.purpose,
  run.simulated ? 1 : 0,
];

const INSERT_RUN = insertSql('runs', RUN_COLUMNS);

/** Writes a run; returns its id. */
export function insertRun(db: Db, run: RunRecord): number {
  return Number(statement(db, INSERT_RUN).run(...runValues(run)).lastInsertRowid);
}

export interface StoredRun {
  id: number;
  checkpointId: number;
  benchmarkId: number;
  runKey: string;
  backend: string;
  source: string;
  samplesPerQuestion: number;
  status: RunStatus;
  config: Record<string, unknown>;
}

/** A `runs` row as SQLite returns it (`SELECT *`); the columns StoredRun carries. */
export interface RunRow {
  id: number;
  checkpoint_id: number;
  benchmark_id: number;
  run_key: string;
  backend: string;
  source: string;
  samples_per_question: number;
  status: RunStatus;
  config_json: string;
}

export const toRun = (row: RunRow): StoredRun => ({
  id: row.id,
  checkpointId: row.checkpoint_id,
  benchmarkId: row.benchmark_id,
  runKey: row.run_key,
  backend: row.backend,
  source: row.source,
  samplesPerQuestion: row.samples_per_question,
  status: row.status,
  config: JSON.parse(row.config_json) as Record<string, unknown>,
});

// ---- samples and their image slots ----

export type SampleImageRef = { sha256: string } | { missing: string };

export interface SampleInput {
  benchmarkId: number;
  externalId: string;
  question: string;
  choices?: Record<string, string> | null;
  answer: string;
  answerType?: string | null;
  category?: string | null;
  skills?: string[];
  caption?: string | null;
  metadata?: Record<string, unknown>;
  images?: SampleImageRef[];
}

export const SAMPLE_COLUMNS = ['benchmark_id', 'external_id', 'question', 'choices_json', 'answer', 'answer_type', 'category', 'skills_json', 'caption', 'metadata_json'] as const;
export const SAMPLE_IMAGE_COLUMNS = ['sample_id', 'position', 'image_sha256', 'missing_ref'] as const;

const sampleValues = (sample: SampleInput): unknown[] => [
  sample.benchmarkId,
  sample.externalId,
  sample.question,
  sample.choices ? JSON.stringify(sample.choices) : null,
  sample.answer,
  sample.answerType ?? null,
  sample.category ?? null,
  JSON.stringify(sample.skills ?? []),
  sample.caption ?? null,
  JSON.stringify(sample.metadata ?? {}),
];

const INSERT_SAMPLE = insertSql('samples', SAMPLE_COLUMNS);
const INSERT_SAMPLE_IMAGE = insertSql('sample_images', SAMPLE_IMAGE_COLUMNS);
const INSERT_NEW_SAMPLE = `${INSERT_SAMPLE} ON CONFLICT (benchmark_id, external_id) DO NOTHING`;

/**
 * Writes a sample without image slots unless its benchmark already has one of that id; returns
 * the new id, or undefined when there was one. An import's staging writes most samples new, and
 * its insert finds an earlier one by the same UNIQUE key a lookup before every insert searched
 * (~2 µs per prediction, measured).
 */
export function insertSampleIfNew(db: Db, sample: SampleInput): number | undefined {
  const { changes, lastInsertRowid } = statement(db, INSERT_NEW_SAMPLE).run(...sampleValues(sample));
  return changes === 0 ? undefined : Number(lastInsertRowid);
}

/** Writes a sample and its image slots (in order); returns its id. */
export function insertSample(db: Db, sample: SampleInput): number {
  const sampleId = Number(statement(db, INSERT_SAMPLE).run(...sampleValues(sample)).lastInsertRowid);
  const slot = statement(db, INSERT_SAMPLE_IMAGE);
  (sample.images ?? []).forEach((ref, position) => {
    if ('sha256' in ref) slot.run(sampleId, position, ref.sha256, null);
    else slot.run(sampleId, position, null, ref.missing);
  });
  return sampleId;
}

export interface StoredSample {
  id: number;
  benchmarkId: number;
  externalId: string;
  question: string;
  choices: Record<string, string> | null;
  answer: string;
  answerType: string | null;
  category: string | null;
  skills: string[];
  caption: string | null;
  images: Array<{ sha256: string | null; missing: string | null }>;
}

/** A `samples` row as SQLite returns it (`SELECT *`); the columns StoredSample carries. */
export interface SampleRow {
  id: number;
  benchmark_id: number;
  external_id: string;
  question: string;
  choices_json: string | null;
  answer: string;
  answer_type: string | null;
  category: string | null;
  skills_json: string;
  caption: string | null;
}

/** A sample's own fields, without its caption and image slots (what grading and an import's join read). */
export type SampleFields = Omit<StoredSample, 'caption' | 'images'>;

export function sampleFieldsOf(row: Omit<SampleRow, 'caption'>): SampleFields {
  return {
    id: row.id,
    benchmarkId: row.benchmark_id,
    externalId: row.external_id,
    question: row.question,
    choices: row.choices_json ? (JSON.parse(row.choices_json) as Record<string, string>) : null,
    answer: row.answer,
    answerType: row.answer_type,
    category: row.category,
    skills: JSON.parse(row.skills_json) as string[],
  };
}

/** The sample of a row, with its image slots (read here). */
export function toStoredSample(db: Db, row: SampleRow): StoredSample {
  const images = statement(db, 'SELECT image_sha256 AS sha256, missing_ref AS missing FROM sample_images WHERE sample_id = ? ORDER BY position').all(
    row.id,
  ) as Array<{ sha256: string | null; missing: string | null }>;
  return { ...sampleFieldsOf(row), caption: row.caption, images };
}

// ---- predictions and their texts ----

/** One answer's hot columns and text, as stored: what every writer of predictions provides. */
export interface PredictionRow {
  runId: number;
  sampleId: number;
  sampleIndex: number;
  rawOutput: string;
  thinkStart: number | null;
  thinkEnd: number | null;
  answerPart: string;
  correct: boolean | null;
  score: number | null;
  extracted: string | null;
  formatOk: boolean | null;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number | null;
  finishReason: string | null;
  error: string | null;
  officialCorrect: boolean | null;
  officialExtracted: string | null;
  createdAt: string;
}

/** The hot columns (`predictions`, besides the id). */
export const PREDICTION_COLUMNS = [
  'run_id',
  'sample_id',
  'sample_index',
  'correct',
  'score',
  'extracted',
  'format_ok',
  'think_chars',
  'output_chars',
  'prompt_tokens',
  'completion_tokens',
  'latency_ms',
  'finish_reason',
  'error',
  'official_correct',
  'created_at',
] as const;
/** The bulky text (`prediction_texts`), keyed by the prediction's id. */
export const PREDICTION_TEXT_COLUMNS = ['prediction_id', 'raw_output', 'think_start', 'think_end', 'answer_part', 'official_extracted'] as const;

/** A prediction's values in PREDICTION_COLUMNS' order. */
export const predictionValues = (row: PredictionRow): unknown[] => [
  row.runId,
  row.sampleId,
  row.sampleIndex,
  bool(row.correct),
  row.score,
  row.extracted,
  bool(row.formatOk),
  row.thinkStart !== null && row.thinkEnd !== null ? row.thinkEnd - row.thinkStart : 0,
  row.rawOutput.length,
  row.promptTokens,
  row.completionTokens,
  row.latencyMs,
  row.finishReason,
  // An endpoint may echo the request (and its key) in an error body.
  redactOptional(row.error),
  bool(row.officialCorrect),
  row.createdAt,
];

const predictionTextValues = (predictionId: number, row: PredictionRow): unknown[] => [
  predictionId,
  row.rawOutput,
  row.thinkStart,
  row.thinkEnd,
  row.answerPart,
  row.officialExtracted,
];

const INSERT_PREDICTION = insertSql('predictions', PREDICTION_COLUMNS);
const INSERT_PREDICTION_TEXT = insertSql('prediction_texts', PREDICTION_TEXT_COLUMNS);

/** Writes a prediction row and its text (no grades, no transaction); returns the new id. */
export function insertPredictionRow(db: Db, row: PredictionRow): number {
  const predictionId = Number(statement(db, INSERT_PREDICTION).run(...predictionValues(row)).lastInsertRowid);
  statement(db, INSERT_PREDICTION_TEXT).run(...predictionTextValues(predictionId, row));
  return predictionId;
}

// ---- grades ----

/** One verdict as written to `grades`: the API's grade record, with its prediction and the scorer asked for. */
export interface GradeRecord extends ApiGradeRecord {
  predictionId: number;
  /** The scorer that was asked for ('auto': the benchmark's or sample's own). */
  requestedScorer: string;
}

export const GRADE_COLUMNS = ['prediction_id', 'scorer', 'requested_scorer', 'grader_version', 'correct', 'score', 'extracted', 'reason', 'created_at'] as const;

const gradeValues = (grade: GradeRecord): unknown[] => [
  grade.predictionId,
  grade.scorer,
  grade.requestedScorer,
  grade.graderVersion,
  grade.correct ? 1 : 0,
  grade.score,
  grade.extracted,
  grade.reason,
  grade.createdAt,
];

const INSERT_GRADE = {
  /** A new prediction's verdict: a second one for the same (prediction, requested scorer, version) fails. */
  new: insertSql('grades', GRADE_COLUMNS),
  /** The current verdict (a re-grade): one given before for the same (prediction, requested scorer, version) is replaced, so this is the newest. */
  current: insertSql('grades', GRADE_COLUMNS, 'INSERT OR REPLACE'),
  /** A verdict read back from an export: one already there, or one the table refuses, is skipped. */
  readBack: insertSql('grades', GRADE_COLUMNS, 'INSERT OR IGNORE'),
};

export function insertGrade(db: Db, grade: GradeRecord, kind: keyof typeof INSERT_GRADE = 'new'): void {
  statement(db, INSERT_GRADE[kind]).run(...gradeValues(grade));
}
