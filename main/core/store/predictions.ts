import type { AnnotationRecord, GradeRecord, LabelDefinition, PredictionDetail } from '../types/records';
import type { Db } from './database';
import { EXPLORER_COLUMNS, toExplorerRow, type ExplorerRowSql } from './explorer';
import { CURRENT_LABEL } from './explorer/filter-sql';
import { nowIso, statement } from './statements';

interface DetailRowSql extends ExplorerRowSql {
  choicesJson: string | null;
  answerType: string | null;
  rawOutput: string;
  thinkStart: number | null;
  thinkEnd: number | null;
  answerPart: string;
  officialExtracted: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  sampleIndex: number;
  stage: string;
  step: number | null;
  simulated: number;
}

export function predictionDetail(db: Db, predictionId: number): PredictionDetail | undefined {
  const row = statement(
    db,
    `SELECT ${EXPLORER_COLUMNS}, s.question, s.choices_json AS choicesJson, s.answer_type AS answerType,
       t.raw_output AS rawOutput, t.think_start AS thinkStart, t.think_end AS thinkEnd, t.answer_part AS answerPart,
       t.official_extracted AS officialExtracted, p.prompt_tokens AS promptTokens, p.completion_tokens AS completionTokens,
       p.sample_index AS sampleIndex, c.stage, c.step, MAX(c.simulated, b.simulated) AS simulated
     FROM predictions p
     JOIN prediction_texts t ON t.prediction_id = p.id
     JOIN runs r ON r.id = p.run_id
     JOIN samples s ON s.id = p.sample_id
     JOIN benchmarks b ON b.id = r.benchmark_id
     JOIN checkpoints c ON c.id = r.checkpoint_id
     WHERE p.id = ?`,
  ).get(predictionId) as DetailRowSql | undefined;
  if (!row) return undefined;
  const images = statement(db, 'SELECT image_sha256 AS sha256, missing_ref AS missing FROM sample_images WHERE sample_id = ? ORDER BY position').all(
    row.sampleId,
  ) as Array<{ sha256: string | null; missing: string | null }>;
  const grades = (
    statement(
      db,
      `SELECT scorer, grader_version AS graderVersion, correct, score, extracted, reason, created_at AS createdAt
       FROM grades WHERE prediction_id = ? ORDER BY id DESC`,
    ).all(predictionId) as Array<Omit<GradeRecord, 'correct'> & { correct: number }>
  ).map((grade) => ({ ...grade, correct: grade.correct === 1 }));
  const think =
    row.thinkStart !== null && row.thinkEnd !== null ? row.rawOutput.slice(row.thinkStart, row.thinkEnd) : null;
  const { choicesJson, thinkStart: _start, thinkEnd: _end, simulated, ...rest } = row;
  return {
    ...toExplorerRow(rest),
    choices: choicesJson ? (JSON.parse(choicesJson) as Record<string, string>) : null,
    answerType: row.answerType,
    images,
    rawOutput: row.rawOutput,
    think,
    answerPart: row.answerPart,
    officialExtracted: row.officialExtracted,
    promptTokens: row.promptTokens,
    completionTokens: row.completionTokens,
    sampleIndex: row.sampleIndex,
    stage: row.stage,
    step: row.step,
    simulated: simulated === 1,
    grades,
    annotations: annotationsOf(db, predictionId),
  };
}

/** An annotation's columns, with whether it is one of its prediction's current labels (the `label:` filter's rule). */
const ANNOTATION_COLUMNS = `a.id, a.prediction_id AS predictionId, a.label, a.note, a.source, a.author, a.created_at AS createdAt, (${CURRENT_LABEL}) AS current`;

/** An annotation as SQLite gives it: `current` 0 or 1. */
type AnnotationRow = Omit<AnnotationRecord, 'current'> & { current: number };

const toAnnotation = (row: AnnotationRow): AnnotationRecord => ({ ...row, current: row.current === 1 });

export function annotationsOf(db: Db, predictionId: number): AnnotationRecord[] {
  const rows = statement(db, `SELECT ${ANNOTATION_COLUMNS} FROM annotations a WHERE a.prediction_id = ? ORDER BY a.id`).all(predictionId) as AnnotationRow[];
  return rows.map(toAnnotation);
}

export function labelTaxonomy(db: Db): LabelDefinition[] {
  return statement(db, 'SELECT key, name, hotkey, description FROM label_taxonomy ORDER BY position').all() as LabelDefinition[];
}

export interface AnnotationInput {
  predictionId: number;
  label: string;
  note: string;
  source: string;
  author: string;
}

export class UnknownReferenceError extends Error {
  override name = 'UnknownReferenceError';
}

export function addAnnotation(db: Db, input: AnnotationInput): AnnotationRecord {
  if (!statement(db, 'SELECT 1 FROM predictions WHERE id = ?').get(input.predictionId)) {
    throw new UnknownReferenceError(`prediction ${input.predictionId} does not exist`);
  }
  if (!statement(db, 'SELECT 1 FROM label_taxonomy WHERE key = ?').get(input.label)) {
    const known = labelTaxonomy(db).map((label) => label.key);
    throw new UnknownReferenceError(`label "${input.label}" is not in this workspace's taxonomy (${known.join(', ')})`);
  }
  const result = statement(
    db,
    'INSERT INTO annotations (prediction_id, label, note, source, author, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(input.predictionId, input.label, input.note, input.source, input.author, nowIso());
  return toAnnotation(statement(db, `SELECT ${ANNOTATION_COLUMNS} FROM annotations a WHERE a.id = ?`).get(result.lastInsertRowid) as AnnotationRow);
}
