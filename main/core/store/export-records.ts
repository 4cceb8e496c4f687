/**
 * Store side of exports (main/core/export/): reading predictions with everything an exported
 * record carries, a page of ids at a time, and writing records read back from an export into a
 * workspace (runs by run_key, predictions with all their verdicts, labels with their authors).
 */
import type { Db } from './database';
import { discardAttempt, findAttempt, findRunByKey } from './runs';
import { nowIso, statement } from './statements';
import { insertGrade, insertPredictionRow, insertRun, RUN_PURPOSES, type GradeRecord, type PredictionRow } from './tables';

export interface ExportRowSql {
  id: number;
  runId: number;
  runKey: string;
  sampleId: number;
  sampleIndex: number;
  correct: number | null;
  score: number | null;
  extracted: string | null;
  formatOk: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  latencyMs: number | null;
  finishReason: string | null;
  error: string | null;
  officialCorrect: number | null;
  createdAt: string;
  rawOutput: string | null;
  thinkStart: number | null;
  thinkEnd: number | null;
  answerPart: string | null;
  officialExtracted: string | null;
  externalId: string;
  question: string;
  choicesJson: string | null;
  answer: string;
  answerType: string | null;
  category: string | null;
  skillsJson: string;
  caption: string | null;
  metadataJson: string;
  benchmark: string;
  checkpoint: string;
  stage: string;
  step: number | null;
}

export interface ExportImageRow {
  sampleId: number;
  position: number;
  sha256: string | null;
  missing: string | null;
  mime: string | null;
  width: number | null;
  height: number | null;
}

export interface ExportGradeRow {
  predictionId: number;
  scorer: string;
  requestedScorer: string;
  graderVersion: string;
  correct: number;
  score: number;
  extracted: string | null;
  reason: string;
  createdAt: string;
}

export interface ExportAnnotationRow {
  predictionId: number;
  label: string;
  note: string;
  source: string;
  author: string;
  createdAt: string;
}

export interface ExportPage {
  rows: ExportRowSql[];
  images: ExportImageRow[];
  grades: ExportGradeRow[];
  annotations: ExportAnnotationRow[];
}

/**
 * Everything exported about these predictions, in four queries whatever the page size (ids are
 * passed as one JSON array). Rows come back in id order.
 */
export function exportPage(db: Db, predictionIds: number[]): ExportPage {
  const ids = JSON.stringify(predictionIds);
  const rows = statement(
    db,
    `SELECT p.id, p.run_id AS runId, r.run_key AS runKey, p.sample_id AS sampleId, p.sample_index AS sampleIndex, p.correct, p.score,
       p.extracted, p.format_ok AS formatOk, p.prompt_tokens AS promptTokens, p.completion_tokens AS completionTokens,
       p.latency_ms AS latencyMs, p.finish_reason AS finishReason, p.error, p.official_correct AS officialCorrect, p.created_at AS createdAt,
       t.raw_output AS rawOutput, t.think_start AS thinkStart, t.think_end AS thinkEnd, t.answer_part AS answerPart,
       t.official_extracted AS officialExtracted,
       s.external_id AS externalId, s.question, s.choices_json AS choicesJson, s.answer, s.answer_type AS answerType, s.category,
       s.skills_json AS skillsJson, s.caption, s.metadata_json AS metadataJson,
       b.name AS benchmark, c.name AS checkpoint, c.stage, c.step
     FROM predictions p
     LEFT JOIN prediction_texts t ON t.prediction_id = p.id
     JOIN runs r ON r.id = p.run_id
     JOIN samples s ON s.id = p.sample_id
     JOIN benchmarks b ON b.id = r.benchmark_id
     JOIN checkpoints c ON c.id = r.checkpoint_id
     WHERE p.id IN (SELECT value FROM json_each(?))
     ORDER BY p.id`,
  ).all(ids) as ExportRowSql[];
  const images = statement(
    db,
    `SELECT si.sample_id AS sampleId, si.position, si.image_sha256 AS sha256, si.missing_ref AS missing, i.mime, i.width, i.height
     FROM sample_images si LEFT JOIN images i ON i.sha256 = si.image_sha256
     WHERE si.sample_id IN (SELECT sample_id FROM predictions WHERE id IN (SELECT value FROM json_each(?)))
     ORDER BY si.sample_id, si.position`,
  ).all(ids) as ExportImageRow[];
  const grades = statement(
    db,
    `SELECT prediction_id AS predictionId, scorer, requested_scorer AS requestedScorer, grader_version AS graderVersion, correct, score, extracted, reason, created_at AS createdAt
     FROM grades WHERE prediction_id IN (SELECT value FROM json_each(?)) ORDER BY prediction_id, id DESC`,
  ).all(ids) as ExportGradeRow[];
  const annotations = statement(
    db,
    `SELECT prediction_id AS predictionId, label, note, source, author, created_at AS createdAt
     FROM annotations WHERE prediction_id IN (SELECT value FROM json_each(?)) ORDER BY prediction_id, id`,
  ).all(ids) as ExportAnnotationRow[];
  return { rows, images, grades, annotations };
}

export interface ExportRunRow {
  runKey: string;
  backend: string;
  source: string;
  purpose: string;
  samplesPerQuestion: number;
  configJson: string;
  createdAt: string;
  checkpoint: string;
  baseModel: string;
  stage: string;
  step: number | null;
  uri: string;
  notes: string;
  checkpointSimulated: number;
  benchmark: string;
  benchmarkDescription: string;
  benchmarkSimulated: number;
}

/** The runs (with checkpoint and benchmark) an export's records came from, for its manifest. */
export function exportRuns(db: Db, runIds: number[]): ExportRunRow[] {
  return statement(
    db,
    `SELECT r.run_key AS runKey, r.backend, r.source, r.purpose, r.samples_per_question AS samplesPerQuestion, r.config_json AS configJson,
       r.created_at AS createdAt, c.name AS checkpoint, c.base_model AS baseModel, c.stage, c.step, c.uri, c.notes,
       c.simulated AS checkpointSimulated, b.name AS benchmark, b.description AS benchmarkDescription, b.simulated AS benchmarkSimulated
     FROM runs r JOIN checkpoints c ON c.id = r.checkpoint_id JOIN benchmarks b ON b.id = r.benchmark_id
     WHERE r.id IN (SELECT value FROM json_each(?)) ORDER BY c.stage, c.step, c.name, b.name, r.id`,
  ).all(JSON.stringify(runIds)) as ExportRunRow[];
}

// ---- read-back: writing exported records into a workspace ----

/**
 * Adds the labels of an exported taxonomy that the workspace lacks (existing labels are left as
 * they are). A hotkey already taken goes to the next free key, since hotkeys are unique.
 */
export function mergeLabelTaxonomy(db: Db, labels: Array<{ key: string; name: string; hotkey: string; description: string }>): string[] {
  const added: string[] = [];
  const taken = new Set((statement(db, 'SELECT hotkey FROM label_taxonomy').all() as Array<{ hotkey: string }>).map((row) => row.hotkey));
  const candidates = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', ...'abcdefghijklmnopqrstuvwxyz'];
  for (const label of labels) {
    if (statement(db, 'SELECT 1 FROM label_taxonomy WHERE key = ?').get(label.key)) continue;
    const hotkey = !taken.has(label.hotkey) ? label.hotkey : (candidates.find((key) => !taken.has(key)) ?? `${label.key}`);
    taken.add(hotkey);
    statement(
      db,
      'INSERT INTO label_taxonomy (key, name, hotkey, description, position) VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM label_taxonomy))',
    ).run(label.key, label.name, hotkey, label.description);
    added.push(label.key);
  }
  return added;
}

export function labelExists(db: Db, key: string): boolean {
  return statement(db, 'SELECT 1 FROM label_taxonomy WHERE key = ?').get(key) !== undefined;
}

export interface ImportedPredictionInput extends PredictionRow {
  /** Newest first, as exported; the newest is the prediction's current verdict. */
  verdicts: Array<Omit<GradeRecord, 'predictionId'>>;
}

/**
 * Writes a prediction as it was exported: its verdicts are restored as given (not graded again),
 * with their grader versions and times. A finished prediction already there for the same run,
 * sample and index is kept (reading the same export twice adds nothing); a failed one is replaced.
 */
export function insertImportedPrediction(db: Db, input: ImportedPredictionInput): { id: number; created: boolean } {
  const existing = findAttempt(db, input.runId, input.sampleId, input.sampleIndex);
  if (existing && (existing.error === null || input.error !== null)) return { id: existing.id, created: false };
  if (existing) discardAttempt(db, existing.id);
  const id = insertPredictionRow(db, input);
  // Oldest first, so grade ids keep the order in which the verdicts were given.
  for (const verdict of [...input.verdicts].reverse()) insertGrade(db, { ...verdict, predictionId: id }, 'readBack');
  return { id, created: true };
}

/** Adds a label read back from an export unless the same one (label, note, source, author, time) is there. */
export function insertImportedAnnotation(
  db: Db,
  input: { predictionId: number; label: string; note: string; source: string; author: string; createdAt: string },
): boolean {
  const same = statement(
    db,
    'SELECT 1 FROM annotations WHERE prediction_id = ? AND label = ? AND note = ? AND source = ? AND author = ? AND created_at = ?',
  ).get(input.predictionId, input.label, input.note, input.source, input.author, input.createdAt);
  if (same) return false;
  statement(db, 'INSERT INTO annotations (prediction_id, label, note, source, author, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    input.predictionId,
    input.label,
    input.note,
    input.source,
    input.author,
    input.createdAt,
  );
  return true;
}

/** A run as the manifest describes it, found by run_key or created (finished, since its answers come with it). */
export function findOrCreateExportedRun(
  db: Db,
  input: { checkpointId: number; benchmarkId: number; runKey: string; config: Record<string, unknown>; backend: string; source: string; purpose: string; samplesPerQuestion: number; createdAt: string },
): number {
  const existing = findRunByKey(db, input.runKey);
  if (existing) return existing.id;
  const now = nowIso();
  return insertRun(db, {
    checkpointId: input.checkpointId,
    benchmarkId: input.benchmarkId,
    runKey: input.runKey,
    config: input.config,
    backend: input.backend,
    source: input.source,
    samplesPerQuestion: input.samplesPerQuestion,
    status: 'completed',
    createdAt: input.createdAt,
    startedAt: now,
    finishedAt: now,
    purpose: RUN_PURPOSES.find((purpose) => purpose === input.purpose) ?? 'eval',
    simulated: false,
  });
}

/** The distinct option sets (choices JSON) of these predictions' samples: VLMEvalKit needs its option columns up front. */
export function choiceSetsOf(db: Db, predictionIds: number[]): string[] {
  return (
    statement(
      db,
      `SELECT DISTINCT s.choices_json AS choices FROM predictions p JOIN samples s ON s.id = p.sample_id
       WHERE p.id IN (SELECT value FROM json_each(?)) AND s.choices_json IS NOT NULL`,
    ).all(JSON.stringify(predictionIds)) as Array<{ choices: string }>
  ).map((row) => row.choices);
}

export function maxPredictionId(db: Db): number {
  return (statement(db, 'SELECT COALESCE(MAX(id), 0) AS n FROM predictions').get() as { n: number }).n;
}

export function imageExists(db: Db, sha256: string): boolean {
  return statement(db, 'SELECT 1 FROM images WHERE sha256 = ?').get(sha256) !== undefined;
}

export function tableCounts(db: Db): { samples: number; images: number } {
  return statement(db, 'SELECT (SELECT COUNT(*) FROM samples) AS samples, (SELECT COUNT(*) FROM images) AS images').get() as { samples: number; images: number };
}
