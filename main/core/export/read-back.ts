/**
 * Reading our own exports back into a workspace (`vlm-workbench import` routes them here, see
 * ingest/import.ts): samples with their images, runs by run_key, one prediction per record with
 * every verdict as exported (not graded again), and every label with its source and author.
 *
 * All or nothing, like every import: the export is first read whole into a private staging file
 * beside the workspace (each record parsed, each image's bytes checked against its sha256, only
 * for images the workspace lacks), without holding the workspace's write lock; then everything is
 * written in ONE transaction. A bad record, a cancellation or a `kill -9` before the commit leaves
 * the workspace unchanged (the staging file of a killed process is removed by the next import).
 * Reading the same export twice adds nothing: samples, runs, predictions and labels are matched
 * by their natural keys.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { putImage, upsertBenchmark, upsertCheckpoint, upsertSample } from '../store/catalog';
import { beginTransaction, commitTransaction, type Db } from '../store/database';
import {
  findOrCreateExportedRun,
  imageExists,
  insertImportedAnnotation,
  insertImportedPrediction,
  labelExists,
  mergeLabelTaxonomy,
  tableCounts,
} from '../store/export-records';
import { findImportedFile, recordImportedFile } from '../store/imports';
import { isImageStaged, openReadBackStaging, stagedImageBytes, stagedRecordJson, stageImageBytes, stageRecordJson } from '../store/read-back-staging';
import { removeOrphanedStaging, removeStaging, stagingPathFor } from '../ingest/staging-files';
import type { ExportFormat } from './api-contract';
import type { Manifest, ManifestRun } from './manifest';
import { EXPORTED_SUBSET } from '../types/records';
import { storedImages, type ExportRecord } from './record';
import { openFolderExport } from './readers/folder';
import type { ExportReader } from './readers/types';
import { isExportCsvHeader, WB_RECORD_COLUMN } from './export-headers';

/** Records staged per staging-file transaction (the staging file has no journal; this is only for speed). */
const BATCH = 500;

async function firstLine(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(16384);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  } finally {
    await handle.close();
  }
}

async function startsWith(path: string, magic: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(magic.length);
    const { bytesRead } = await handle.read(buffer, 0, magic.length, 0);
    return bytesRead === magic.length && buffer.toString('latin1') === magic;
  } finally {
    await handle.close();
  }
}

/**
 * Opens a file or folder if it is one of our exports; null when it is something else (which the
 * importer's other formats may read). Decided by content (a manifest, our metadata key, our
 * columns), never by the name alone.
 */
export async function openExport(path: string): Promise<ExportReader | null> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) return null;
  if (statSync(absolute).isDirectory()) return openFolderExport(absolute);
  const extension = extname(absolute).toLowerCase();
  // Each kind's reader (zip, Parquet, CSV libraries) is loaded only where it is needed (a CSV or
  // TSV only once its header says it is ours): every import asks this of every file, and loading
  // them all cost each import's start ~0.1 s.
  if (extension === '.zip' || (await startsWith(absolute, 'PK\u0003\u0004'))) return (await import('./readers/zip')).openZipExport(absolute);
  if (extension === '.parquet' || (await startsWith(absolute, 'PAR1'))) return (await import('./readers/parquet')).openParquetExport(absolute);
  if (extension === '.csv') {
    const header = (await firstLine(absolute)).split(',').map((cell) => cell.replace(/^"|"$/g, ''));
    return isExportCsvHeader(header) ? (await import('./readers/csv')).openCsvExport(absolute) : null;
  }
  if (extension === '.tsv') {
    const header = (await firstLine(absolute)).split('\t').map((cell) => cell.replace(/^"|"$/g, ''));
    return header.includes(WB_RECORD_COLUMN) ? (await import('./readers/vlmevalkit')).openVlmEvalKitExport(absolute) : null;
  }
  return null;
}

export async function isWorkbenchExport(path: string): Promise<boolean> {
  const reader = await openExport(path).catch(() => null);
  await reader?.close();
  return reader !== null;
}

export interface ReadBackSummary {
  path: string;
  format: ExportFormat;
  setName: string | null;
  records: number;
  predictionsAdded: number;
  /** Predictions the workspace already had (same run, sample and index): kept as they were. */
  predictionsKept: number;
  samplesAdded: number;
  imagesAdded: number;
  labelsAdded: number;
  /** Labels the workspace's taxonomy lacked, added from the export's. */
  taxonomyAdded: string[];
  runIds: number[];
  warnings: string[];
}

export interface ReadBackHooks {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The run a record belongs to, from the manifest, or (a CSV without its manifest) from the record. */
function runOf(manifest: Manifest | null, record: ExportRecord): ManifestRun {
  const run = manifest?.runs.find((candidate) => candidate.run_key === record.run_key);
  if (run) return run;
  return {
    run_key: record.run_key,
    checkpoint: { name: record.checkpoint, base_model: '', stage: record.stage, step: record.step, uri: '', notes: '', simulated: false },
    benchmark: { name: record.benchmark, description: '', simulated: false },
    backend: 'import:workbench-export',
    source: '',
    purpose: 'eval',
    samples_per_question: 1,
    config: {},
    created_at: record.created_at,
  };
}

export async function importWorkbenchExport(db: Db, path: string, hooks: ReadBackHooks = {}): Promise<ReadBackSummary> {
  const reader = await openExport(path);
  if (!reader) throw new Error(`${path}: not a VLM Workbench export (no manifest, metadata or columns of ours)`);
  try {
    return await readInto(db, reader, hooks);
  } finally {
    await reader.close();
  }
}

async function readInto(db: Db, reader: ExportReader, hooks: ReadBackHooks): Promise<ReadBackSummary> {
  const manifest = reader.manifest;
  const warnings: string[] = [];
  if (!manifest) warnings.push(`${reader.path}: its manifest was not beside it; runs get default settings and the label taxonomy is not restored`);
  const total = manifest?.records ?? 0;
  const runIds = new Map<string, number>();
  const summary: ReadBackSummary = {
    path: reader.path,
    format: reader.format,
    setName: manifest?.set.name ?? null,
    records: 0,
    predictionsAdded: 0,
    predictionsKept: 0,
    samplesAdded: 0,
    imagesAdded: 0,
    labelsAdded: 0,
    taxonomyAdded: [],
    runIds: [],
    warnings,
  };

  // Phase 1: read, parse and check the whole export into a private staging file (no write lock held).
  const workspacePath = db.name;
  removeOrphanedStaging(workspacePath);
  const stagingPath = stagingPathFor(workspacePath);
  let staging: Db | undefined;
  try {
    staging = openReadBackStaging(stagingPath);
    let records = 0;
    beginTransaction(staging);
    for await (const item of reader.records()) {
      hooks.signal?.throwIfAborted();
      for (const image of storedImages(item.record)) {
        if (isImageStaged(staging, image.sha256) || imageExists(db, image.sha256)) continue;
        const data = await item.imageBytes(image);
        // The export is untrusted input: an image must be exactly the one its record names.
        if (sha256Of(data) !== image.sha256) throw new Error(`${item.where}: the bytes of image ${image.path} do not match its sha256`);
        stageImageBytes(staging, image.sha256, data);
      }
      stageRecordJson(staging, JSON.stringify(item.record));
      if (++records % BATCH === 0) {
        commitTransaction(staging);
        beginTransaction(staging);
        hooks.onProgress?.(records, Math.max(total, records));
      }
    }
    commitTransaction(staging);
    hooks.signal?.throwIfAborted();
    const provenance = await importedFileHash(reader);

    // Phase 2: everything into the workspace in one transaction.
    const staged = staging;
    const bytesOf = (sha256: string): Buffer | undefined => stagedImageBytes(staged, sha256);
    db.transaction(() => {
      const before = tableCounts(db);
      if (manifest) summary.taxonomyAdded.push(...mergeLabelTaxonomy(db, manifest.label_taxonomy));
      for (const json of stagedRecordJson(staged)) {
        writeRecord(db, manifest, JSON.parse(json) as ExportRecord, bytesOf, runIds, summary);
      }
      const after = tableCounts(db);
      summary.samplesAdded = after.samples - before.samples;
      summary.imagesAdded = after.images - before.images;
      summary.runIds = [...runIds.values()];
      noteImportedFile(db, reader, summary, provenance);
    }).immediate();
  } finally {
    staging?.close();
    removeStaging(stagingPath);
  }
  hooks.onProgress?.(summary.records, Math.max(total, summary.records));
  if (manifest && manifest.records !== summary.records) {
    warnings.push(`${reader.path}: the manifest says ${manifest.records} record(s), ${summary.records} were read`);
  }
  return summary;
}

/** Writes one record (its run, sample, images, prediction with verdicts, labels); inside the caller's transaction. */
function writeRecord(
  db: Db,
  manifest: Manifest | null,
  record: ExportRecord,
  bytesOf: (sha256: string) => Buffer | undefined,
  runIds: Map<string, number>,
  summary: ReadBackSummary,
): void {
  const run = runOf(manifest, record);
  let runId = runIds.get(run.run_key);
  if (runId === undefined) {
    const benchmarkId = upsertBenchmark(db, { name: run.benchmark.name, description: run.benchmark.description, simulated: run.benchmark.simulated });
    const checkpointId = upsertCheckpoint(db, {
      name: run.checkpoint.name,
      baseModel: run.checkpoint.base_model,
      stage: run.checkpoint.stage,
      step: run.checkpoint.step,
      uri: run.checkpoint.uri,
      notes: run.checkpoint.notes,
      simulated: run.checkpoint.simulated,
    });
    runId = findOrCreateExportedRun(db, {
      checkpointId,
      benchmarkId,
      runKey: run.run_key,
      // A run this read-back creates holds only what the export chose: said wherever its figures are.
      config: { ...run.config, [EXPORTED_SUBSET]: { set: manifest?.set.name ?? null, filter: manifest?.set.filter ?? null } },
      backend: run.backend,
      source: run.source,
      purpose: run.purpose,
      samplesPerQuestion: run.samples_per_question,
      createdAt: run.created_at,
    });
    runIds.set(run.run_key, runId);
  }
  const benchmarkId = upsertBenchmark(db, { name: record.benchmark });
  for (const image of storedImages(record)) {
    const data = bytesOf(image.sha256);
    if (data) putImage(db, { bytes: data, mime: image.mime, width: image.width, height: image.height });
  }
  const sampleId = upsertSample(db, {
    benchmarkId,
    externalId: record.sample.id,
    question: record.sample.question,
    choices: record.sample.choices,
    answer: record.sample.answer,
    answerType: record.sample.answer_type,
    category: record.sample.category,
    skills: record.sample.skills,
    caption: record.sample.caption,
    metadata: record.sample.metadata,
    images: record.sample.images.map((image) => ('sha256' in image ? { sha256: image.sha256 } : { missing: image.missing })),
  });
  const prediction = insertImportedPrediction(db, {
    runId,
    sampleId,
    sampleIndex: record.sample_index,
    rawOutput: record.output,
    thinkStart: record.think_span?.[0] ?? null,
    thinkEnd: record.think_span?.[1] ?? null,
    answerPart: record.answer_part,
    correct: record.correct,
    score: record.score,
    extracted: record.extracted,
    formatOk: record.format_ok,
    promptTokens: record.prompt_tokens,
    completionTokens: record.completion_tokens,
    latencyMs: record.latency_ms,
    finishReason: record.finish_reason,
    error: record.error,
    officialCorrect: record.official?.correct ?? null,
    officialExtracted: record.official?.extracted ?? null,
    createdAt: record.created_at,
    verdicts: record.verdicts.map((verdict) => ({
      scorer: verdict.scorer,
      // Exports written before re-grading existed carry no requested scorer: theirs was 'auto'.
      requestedScorer: verdict.requested_scorer ?? 'auto',
      graderVersion: verdict.grader_version,
      correct: verdict.correct,
      score: verdict.score,
      extracted: verdict.extracted,
      reason: verdict.reason,
      createdAt: verdict.created_at,
    })),
  });
  if (prediction.created) summary.predictionsAdded++;
  else summary.predictionsKept++;
  for (const label of record.labels) {
    if (!labelExists(db, label.label)) {
      summary.taxonomyAdded.push(...mergeLabelTaxonomy(db, [{ key: label.label, name: label.label, hotkey: '1', description: 'added when an export was read back' }]));
    }
    if (insertImportedAnnotation(db, { predictionId: prediction.id, label: label.label, note: label.note, source: label.source, author: label.author, createdAt: label.created_at })) {
      summary.labelsAdded++;
    }
  }
  summary.records++;
}

/** The export's main file (records file or the file itself): its sha256 and size, for provenance. */
async function importedFileHash(reader: ExportReader): Promise<{ sha256: string; byteLength: number }> {
  const main = statSync(reader.path).isDirectory() ? join(reader.path, reader.manifest?.records_file ?? 'records.jsonl') : reader.path;
  const hash = createHash('sha256');
  const handle = await open(main, 'r');
  try {
    for await (const chunk of handle.createReadStream({ highWaterMark: 1 << 22 })) hash.update(chunk as Buffer);
  } finally {
    await handle.close().catch(() => undefined);
  }
  return { sha256: hash.digest('hex'), byteLength: statSync(main).size };
}

/** Notes the export in imported_files (provenance), keyed by the sha256 of its records or file; inside the caller's transaction. */
function noteImportedFile(db: Db, reader: ExportReader, summary: ReadBackSummary, file: { sha256: string; byteLength: number }): void {
  if (findImportedFile(db, file.sha256)) return;
  recordImportedFile(db, {
    sha256: file.sha256,
    format: 'workbench-export',
    kind: 'predictions',
    path: reader.path,
    byteLength: file.byteLength,
    summary: { exportFormat: reader.format, set: summary.setName, records: summary.records },
    runIds: summary.runIds,
  });
}
