/**
 * Checks and staging of single cells, shared by every reader through the staging writer: text
 * length, the gold answer, an image given as base64, bytes or a path, and a graded prediction.
 */
import { putImage, type SampleImageRef } from '../store/catalog';
import type { Db } from '../store/database';
import { ImportError } from './errors';
import { decodeBase64Image, readImageFile, resolveImagePath, sniffImage } from './images';
import type { SourceFile } from './source-file';
import type { ImageSource, SampleRecord } from './types';
import type { SampleInput } from '../store/tables';
import { predictionRowOf } from '../store/runs';
import { stagePrediction } from '../store/staged-predictions';
import type { TraceAndVerdict } from '../verdict';
import type { QueuedPrediction } from './grading-queue';

/** What staging a graded prediction needs besides its verdict and output. */
export interface PredictionPlace {
  runId: number;
  sampleId: number;
  sampleIndex: number;
  officialCorrect: boolean | null;
  officialExtracted: string | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
  latencyMs?: number | null;
  at: string;
  externalId: string;
  displayPath: string;
}

/** Stages a graded prediction; a second one for the same sample and index stops the import, naming it. */
export function stageGradedPrediction(staging: Db, { job, row }: QueuedPrediction<PredictionPlace>, verdict: TraceAndVerdict, createdAt: string): void {
  try {
    // Staged runs are new, so no earlier attempt is looked for: a repeat fails on the UNIQUE key.
    // Fields named one by one: spreading the place and the verdict cost a second per 100,000 predictions.
    const input = {
      runId: row.runId,
      sampleId: row.sampleId,
      sampleIndex: row.sampleIndex,
      rawOutput: job.output,
      thinkStart: verdict.thinkStart,
      thinkEnd: verdict.thinkEnd,
      answerPart: verdict.answerPart,
      formatOk: verdict.formatOk,
      verdict: verdict.verdict,
      promptTokens: row.promptTokens ?? null,
      completionTokens: row.completionTokens ?? null,
      latencyMs: row.latencyMs ?? null,
      officialCorrect: row.officialCorrect,
      officialExtracted: row.officialExtracted,
    };
    stagePrediction(staging, predictionRowOf(input, createdAt), verdict.verdict);
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new ImportError(row.displayPath, row.at, 'id', `a second prediction for sample "${row.externalId}" (index ${row.sampleIndex})`);
    }
    throw error;
  }
}

/**
 * The longest text a cell may hold (a model output, a question, a gold answer): 4M characters,
 * about a million tokens, far beyond any generation. A longer one is a broken file (or a hostile
 * one) and would only make grading, indexing and the trace view crawl: the import stops instead.
 */
export const MAX_TEXT_CHARS = 4_000_000;

export function checkLength(file: SourceFile, at: string, field: string, text: string): void {
  if (text.length > MAX_TEXT_CHARS) {
    throw new ImportError(file.displayPath, at, field, `${text.length.toLocaleString('en-US')} characters; a cell may hold at most ${MAX_TEXT_CHARS.toLocaleString('en-US')}`);
  }
}

/** A sample record as the store writes it, with its staged image slots. */
export function sampleInput(benchmarkId: number, record: SampleRecord, images: SampleImageRef[]): SampleInput {
  return {
    benchmarkId,
    externalId: record.externalId,
    question: record.question,
    choices: record.choices,
    answer: record.answer,
    answerType: record.answerType,
    category: record.category,
    skills: record.skills ?? [],
    metadata: record.metadata,
    images,
  };
}

/** The sample's own cells within MAX_TEXT_CHARS. */
export function checkSampleLengths(file: SourceFile, at: string, record: SampleRecord): void {
  checkLength(file, at, 'id', record.externalId);
  checkLength(file, at, 'question', record.question);
  checkLength(file, at, 'answer', record.answer);
}

/**
 * A sample without a gold answer could only ever be graded wrong, and would silently pull every
 * accuracy down: the import stops at the first such row instead.
 */
export function requireGoldAnswer(file: string, at: string, answer: string, joining?: { benchmark: string; externalId: string }): void {
  if (answer.trim() !== '') return;
  // Predictions for a benchmark already in the workspace that name an id it lacks: most likely ids of another numbering.
  const why = joining
    ? `no sample "${joining.externalId}" in benchmark ${joining.benchmark}, and no gold answer in the file to add one; if the file's ids are not this benchmark's, map the field that holds them (--map id=FIELD)`
    : 'no gold answer (empty or missing); every sample needs one to be graded (map another field with --map answer=FIELD)';
  throw new ImportError(file, at, joining ? 'id' : 'answer', why);
}

/**
 * Stores an image cell in the staging file and returns its reference; a path that cannot be read
 * (or lies outside the allowed folders) is recorded as missing, as the sample still imports.
 */
export function stageImageSource(
  staging: Db,
  source: Exclude<ImageSource, { kind: 'row' }>,
  place: { file: SourceFile; at: string; position: number; imagesDir?: string },
): SampleImageRef {
  const { file, at, position } = place;
  const field = 'image';
  switch (source.kind) {
    case 'base64': {
      try {
        const { bytes, info } = decodeBase64Image(source.text);
        return { sha256: putImage(staging, { bytes, ...info }) };
      } catch (error) {
        throw new ImportError(file.displayPath, at, position > 0 ? `${field}[${position}]` : field, (error as Error).message);
      }
    }
    case 'bytes': {
      const info = sniffImage(source.bytes);
      if (!info) throw new ImportError(file.displayPath, at, field, 'bytes that are not an image (PNG, JPEG, GIF, WebP, BMP or TIFF)');
      return { sha256: putImage(staging, { bytes: source.bytes, ...info }) };
    }
    case 'path': {
      const resolved = resolveImagePath(source.path, file.dir, place.imagesDir);
      const read = resolved ? readImageFile(resolved) : null;
      if (!read) return { missing: source.path };
      if (!read.info) throw new ImportError(file.displayPath, at, field, `${source.path} is not an image (PNG, JPEG, GIF, WebP, BMP or TIFF)`);
      return { sha256: putImage(staging, { bytes: read.bytes, ...read.info }) };
    }
  }
}
