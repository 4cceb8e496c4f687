/**
 * Runs an export: walks the chosen predictions a page at a time (a failure set's items, or a
 * filter's matches as they were when the export started), builds each record, hands it to the
 * format's writer, and finishes with the manifest. Memory holds one page of records and the
 * set of image hashes written, whatever the export's size.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { JobInfo } from '../api/contract';
import type { JobManager } from '../jobs/job-manager';
import { parseQuery, type ExplorerFilter } from '../query/filter';
import { getImage } from '../store/catalog';
import type { Db } from '../store/database';
import { countMatching, matchingPredictionIdPage } from '../store/explorer';
import { choiceSetsOf, exportPage, exportRuns, maxPredictionId } from '../store/export-records';
import { failureSetIdPage, getFailureSet } from '../store/failure-sets';
import { labelTaxonomy } from '../store/predictions';
import { GRADER_VERSION } from '../grading/version';
import { APP_VERSION } from '../version';
import type { ExportFormat } from './api-contract';
import { buildRecords } from './build-record';
import type { Manifest, ManifestRun } from './manifest';
import { EXPORT_SCHEMA, EXPORT_SCHEMA_VERSION } from './record';
import { createCsvWriter } from './writers/csv';
import { createEasyR1Writer, EASYR1_RECORDS_FILE } from './writers/easyr1';
import { createFolderWriter, jsonlLayout } from './writers/folder';
import { createParquetWriter } from './writers/parquet';
import { checkFileTarget, checkFolderTarget, describeWriteError } from './writers/fs-util';
import type { ExportWriter, WriterContext } from './writers/types';
import { createVlmEvalKitWriter, optionLettersFor } from './writers/vlmevalkit';
import { createZipWriter } from './writers/zip';

export type ExportSource = { setId: number } | { query: string };

export interface ExportOptions {
  source: ExportSource;
  format: ExportFormat;
  outPath: string;
  overwrite?: boolean;
  /** Predictions read per query. */
  pageSize?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  log?: (line: string) => void;
}

export interface ExportResult {
  outPath: string;
  format: ExportFormat;
  records: number;
  images: number;
  manifest: Manifest;
}

/** The file extension of each file format; folder formats have none. */
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = {
  jsonl: '',
  easyr1: '',
  zip: '.zip',
  csv: '.csv',
  parquet: '.parquet',
  vlmevalkit: '.tsv',
};

/** Where an export goes when no path is given: exports/ beside the workspace, named and dated. */
export function defaultExportPath(workspacePath: string, name: string, format: ExportFormat, now = new Date()): string {
  const slug = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'export';
  const stamp = now.toISOString().replace(/[:]/g, '').replace(/\..*$/, '');
  return join(dirname(resolve(workspacePath)), 'exports', `${slug}-${format}-${stamp}${EXPORT_EXTENSIONS[format]}`);
}

/** Refuses a target that exists (unless overwriting), before a job is started for it. */
export function checkExportTarget(outPath: string, format: ExportFormat, overwrite: boolean): void {
  if (format === 'jsonl' || format === 'easyr1') checkFolderTarget(outPath, overwrite);
  else checkFileTarget(outPath, overwrite);
}

interface ResolvedSource {
  total: number;
  pages(pageSize: number): Generator<number[]>;
  set: Manifest['set'];
}

function resolveSource(db: Db, source: ExportSource): ResolvedSource {
  if ('setId' in source) {
    const set = getFailureSet(db, source.setId);
    if (!set) throw new Error(`failure set ${source.setId} does not exist`);
    return {
      total: set.size,
      set: { name: set.name, description: set.description, filter: set.filter, created_at: set.createdAt, refreshed_at: set.refreshedAt },
      *pages(pageSize) {
        for (let after = 0; ; ) {
          const ids = failureSetIdPage(db, source.setId, after, pageSize);
          if (ids.length > 0) yield ids;
          if (ids.length < pageSize) return;
          after = ids[ids.length - 1]!;
        }
      },
    };
  }
  const filter: ExplorerFilter = parseQuery(source.query);
  // A filter export is the filter's matches when it starts: later predictions are not taken in.
  const upTo = maxPredictionId(db);
  return {
    total: countMatching(db, filter),
    set: { name: null, description: '', filter: source.query, created_at: null, refreshed_at: null },
    *pages(pageSize) {
      for (let after = 0; ; ) {
        const ids = matchingPredictionIdPage(db, filter, after, pageSize).filter((id) => id <= upTo);
        if (ids.length > 0) yield ids;
        if (ids.length < pageSize) return;
        after = ids[ids.length - 1]!;
      }
    },
  };
}

function createWriter(db: Db, format: ExportFormat, context: WriterContext, source: ResolvedSource): ExportWriter {
  switch (format) {
    case 'jsonl':
      return createFolderWriter(context, jsonlLayout);
    case 'easyr1':
      return createEasyR1Writer(context);
    case 'zip':
      return createZipWriter(context);
    case 'csv':
      return createCsvWriter(context);
    case 'parquet':
      return createParquetWriter(context);
    case 'vlmevalkit': {
      // VLMEvalKit wants its option columns in the header: a first, light pass finds them.
      const keyLists: string[][] = [];
      const distinct = new Set<string>();
      for (const ids of source.pages(2000)) for (const choices of choiceSetsOf(db, ids)) distinct.add(choices);
      for (const choices of distinct) keyLists.push(Object.keys(JSON.parse(choices) as Record<string, string>));
      return createVlmEvalKitWriter(context, optionLettersFor(keyLists));
    }
  }
}

const RECORDS_FILE: Partial<Record<ExportFormat, string>> = { jsonl: jsonlLayout.recordsFile, zip: jsonlLayout.recordsFile, easyr1: EASYR1_RECORDS_FILE };

export async function exportRecords(db: Db, options: ExportOptions): Promise<ExportResult> {
  const source = resolveSource(db, options.source);
  const pageSize = options.pageSize ?? 250;
  const outPath = resolve(options.outPath);
  mkdirSync(dirname(outPath), { recursive: true });
  const writer = createWriter(
    db,
    options.format,
    {
      outPath,
      overwrite: options.overwrite ?? false,
      imageBytes: (sha256) => {
        const image = getImage(db, sha256);
        if (!image) throw new Error(`image ${sha256} is referenced by a sample but missing from the workspace`);
        return image.bytes;
      },
    },
    source,
  );
  const runIds = new Set<number>();
  const annotators = new Map<string, { source: string; author: string; labels: number }>();
  const graderVersions = new Set<string>();
  let done = 0;
  options.log?.(`exporting ${source.total} record(s) as ${options.format} to ${outPath}`);
  options.onProgress?.(0, source.total);
  try {
    for (const ids of source.pages(pageSize)) {
      options.signal?.throwIfAborted();
      const page = exportPage(db, ids);
      for (const row of page.rows) runIds.add(row.runId);
      for (const record of buildRecords(page)) {
        for (const verdict of record.verdicts) graderVersions.add(verdict.grader_version);
        for (const label of record.labels) {
          const key = `${label.source}\u0000${label.author}`;
          const entry = annotators.get(key) ?? { source: label.source, author: label.author, labels: 0 };
          entry.labels++;
          annotators.set(key, entry);
        }
        await writer.write(record);
        done++;
      }
      options.onProgress?.(done, Math.max(done, source.total));
      // Let other work in this process (the UI's API calls, progress events) run between pages.
      await nextTurn();
    }
    options.signal?.throwIfAborted();
    const manifest = buildManifest(db, options.format, source, done, writer.imageCount, [...runIds], [...annotators.values()], [...graderVersions]);
    await writer.finish(manifest);
    options.log?.(`wrote ${done} record(s) and ${writer.imageCount} image(s)`);
    return { outPath, format: options.format, records: done, images: writer.imageCount, manifest };
  } catch (error) {
    await writer.abort();
    throw describeWriteError(error, outPath);
  }
}

function buildManifest(
  db: Db,
  format: ExportFormat,
  source: ResolvedSource,
  records: number,
  images: number,
  runIds: number[],
  annotators: Manifest['annotators'],
  graderVersions: string[],
): Manifest {
  const runs: ManifestRun[] = exportRuns(db, runIds).map((run) => ({
    run_key: run.runKey,
    checkpoint: {
      name: run.checkpoint,
      base_model: run.baseModel,
      stage: run.stage,
      step: run.step,
      uri: run.uri,
      notes: run.notes,
      simulated: run.checkpointSimulated === 1,
    },
    benchmark: { name: run.benchmark, description: run.benchmarkDescription, simulated: run.benchmarkSimulated === 1 },
    backend: run.backend,
    source: run.source,
    purpose: run.purpose,
    samples_per_question: run.samplesPerQuestion,
    config: JSON.parse(run.configJson) as Record<string, unknown>,
    created_at: run.createdAt,
  }));
  const checkpoints = new Map<string, Manifest['checkpoints'][number]>();
  for (const run of runs) {
    checkpoints.set(run.checkpoint.name, { name: run.checkpoint.name, stage: run.checkpoint.stage, step: run.checkpoint.step, simulated: run.checkpoint.simulated });
  }
  return {
    schema: EXPORT_SCHEMA,
    schema_version: EXPORT_SCHEMA_VERSION,
    tool: 'vlm-workbench',
    tool_version: APP_VERSION,
    format,
    created_at: new Date().toISOString(),
    set: source.set,
    records,
    images,
    records_file: RECORDS_FILE[format] ?? null,
    grader_versions: graderVersions.sort(),
    current_grader_version: GRADER_VERSION,
    checkpoints: [...checkpoints.values()],
    runs,
    label_taxonomy: labelTaxonomy(db),
    annotators: annotators.sort((a, b) => a.source.localeCompare(b.source) || a.author.localeCompare(b.author)),
    simulated: runs.some((run) => run.checkpoint.simulated || run.benchmark.simulated),
  };
}

/**
 * Starts an export as a job (progress events, cancellation). Returns at once with the job;
 * `done` resolves with the finished job, whose message is the result as JSON.
 */
export function startExportJob(
  workbench: { db: Db; jobs: JobManager },
  options: Omit<ExportOptions, 'signal' | 'log'>,
): { job: JobInfo; done: Promise<JobInfo> } {
  const source = options.source;
  const what = 'setId' in source ? `set "${getFailureSet(workbench.db, source.setId)?.name ?? source.setId}"` : `filter "${source.query}"`;
  const { job, done } = workbench.jobs.start('export', `Export ${what} as ${options.format}`, { ...options }, async (context) => {
    await Promise.resolve(); // the caller holds the job before the first progress event
    const result = await exportRecords(workbench.db, {
      ...options,
      signal: context.signal,
      log: (line) => context.log(line),
      onProgress: (doneCount, total) => {
        context.progress(doneCount, total);
        options.onProgress?.(doneCount, total);
      },
    });
    return JSON.stringify({ outPath: result.outPath, format: result.format, records: result.records, images: result.images });
  });
  return { job, done };
}
