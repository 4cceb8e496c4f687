/**
 * The flat (one column per field) shape of a record, shared by the CSV and Parquet exports.
 * Nested parts that spreadsheets and data frames cannot hold as columns (choices, metadata,
 * verdicts, labels, image details) are JSON text columns, so the record can be rebuilt exactly.
 */
import { storedImages, type ExportRecord, type RecordImage, type RecordLabel, type RecordVerdict } from '../record';

export type FlatType = 'string' | 'int' | 'float' | 'bool' | 'json' | 'list';

/** Column name, type, and whether it may be null. */
export const FLAT_COLUMNS = [
  ['record_id', 'string', false],
  ['benchmark', 'string', false],
  ['sample_id', 'string', false],
  ['question', 'string', false],
  ['choices', 'json', true],
  ['answer', 'string', false],
  ['answer_type', 'string', true],
  ['category', 'string', true],
  ['skills', 'list', false],
  ['caption', 'string', true],
  ['metadata', 'json', false],
  ['checkpoint', 'string', false],
  ['stage', 'string', false],
  ['step', 'int', true],
  ['run_key', 'string', false],
  ['sample_index', 'int', false],
  ['output', 'string', false],
  ['think_start', 'int', true],
  ['think_end', 'int', true],
  ['answer_part', 'string', false],
  ['extracted', 'string', true],
  ['correct', 'bool', true],
  ['score', 'float', true],
  ['format_ok', 'bool', true],
  ['finish_reason', 'string', true],
  ['error', 'string', true],
  ['prompt_tokens', 'int', true],
  ['completion_tokens', 'int', true],
  ['latency_ms', 'float', true],
  ['created_at', 'string', false],
  ['official_correct', 'bool', true],
  ['official_extracted', 'string', true],
  /** Label keys, every source together (for filtering in a sheet or a data frame). */
  ['labels', 'list', false],
  ['labels_json', 'json', false],
  ['verdicts_json', 'json', false],
  /** Every image of the sample with its sha256, type and size, or the reference that was missing. */
  ['images_json', 'json', false],
  ['source_prediction_id', 'int', false],
] as const satisfies ReadonlyArray<readonly [string, FlatType, boolean]>;

export type FlatColumn = (typeof FLAT_COLUMNS)[number][0];
export type FlatRow = Record<FlatColumn, unknown>;

export function toFlatRow(record: ExportRecord): FlatRow {
  return {
    record_id: record.record_id,
    benchmark: record.benchmark,
    sample_id: record.sample.id,
    question: record.sample.question,
    choices: record.sample.choices,
    answer: record.sample.answer,
    answer_type: record.sample.answer_type,
    category: record.sample.category,
    skills: record.sample.skills,
    caption: record.sample.caption,
    metadata: record.sample.metadata,
    checkpoint: record.checkpoint,
    stage: record.stage,
    step: record.step,
    run_key: record.run_key,
    sample_index: record.sample_index,
    output: record.output,
    think_start: record.think_span?.[0] ?? null,
    think_end: record.think_span?.[1] ?? null,
    answer_part: record.answer_part,
    extracted: record.extracted,
    correct: record.correct,
    score: record.score,
    format_ok: record.format_ok,
    finish_reason: record.finish_reason,
    error: record.error,
    prompt_tokens: record.prompt_tokens,
    completion_tokens: record.completion_tokens,
    latency_ms: record.latency_ms,
    created_at: record.created_at,
    official_correct: record.official?.correct ?? null,
    official_extracted: record.official?.extracted ?? null,
    labels: [...new Set(record.labels.map((label) => label.label))],
    labels_json: record.labels,
    verdicts_json: record.verdicts,
    images_json: record.sample.images,
    source_prediction_id: record.source_prediction_id,
  };
}

/** Rebuilds a record from a flat row whose values already have their types (JSON parsed). */
export function fromFlatRow(row: FlatRow): ExportRecord {
  const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
  const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
  const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
  const flag = (value: unknown): boolean | null => (value === null || value === undefined ? null : Boolean(value));
  const thinkStart = num(row.think_start);
  const thinkEnd = num(row.think_end);
  const officialCorrect = flag(row.official_correct);
  const officialExtracted = textOrNull(row.official_extracted);
  return {
    record_id: text(row.record_id),
    benchmark: text(row.benchmark),
    sample: {
      id: text(row.sample_id),
      question: text(row.question),
      choices: (row.choices as Record<string, string> | null) ?? null,
      answer: text(row.answer),
      answer_type: textOrNull(row.answer_type),
      category: textOrNull(row.category),
      skills: ((row.skills as unknown[] | null) ?? []).map(String),
      caption: textOrNull(row.caption),
      metadata: (row.metadata as Record<string, unknown> | null) ?? {},
      images: (row.images_json as RecordImage[] | null) ?? [],
    },
    checkpoint: text(row.checkpoint),
    stage: text(row.stage),
    step: num(row.step),
    run_key: text(row.run_key),
    sample_index: num(row.sample_index) ?? 0,
    output: text(row.output),
    think_span: thinkStart !== null && thinkEnd !== null ? [thinkStart, thinkEnd] : null,
    answer_part: text(row.answer_part),
    extracted: textOrNull(row.extracted),
    correct: flag(row.correct),
    score: num(row.score),
    format_ok: flag(row.format_ok),
    finish_reason: textOrNull(row.finish_reason),
    error: textOrNull(row.error),
    prompt_tokens: num(row.prompt_tokens),
    completion_tokens: num(row.completion_tokens),
    latency_ms: num(row.latency_ms),
    created_at: text(row.created_at),
    verdicts: (row.verdicts_json as RecordVerdict[] | null) ?? [],
    official: officialCorrect !== null || officialExtracted !== null ? { correct: officialCorrect, extracted: officialExtracted } : null,
    labels: (row.labels_json as RecordLabel[] | null) ?? [],
    source_prediction_id: num(row.source_prediction_id) ?? 0,
  };
}

/** Image paths of a record, for the human-readable `images` column of a sheet. */
export function imagePathsOf(record: ExportRecord): string[] {
  return storedImages(record).map((image) => image.path);
}
