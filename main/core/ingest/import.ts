/**
 * `importFiles`: reads result and benchmark files into a workspace, all or nothing.
 *
 * 1. Each file is hashed; a file imported before (same sha256) is skipped, unless `replace`.
 * 2. Its format is sniffed (or given); benchmarks go before the predictions that join them.
 * 3. A reader streams the file as events; the StagingWriter grades them (in a worker thread,
 *    while the next rows are read) and stages them in a private staging file next to the
 *    workspace (bounded memory, batched transactions).
 * 4. The staging file is merged into the workspace in one transaction, then deleted.
 * Any error (a malformed row, a missing column, bad base64, cancellation) stops before step 4:
 * the workspace is unchanged.
 */
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Db } from '../store/database';
import {
  countAnnotationsOfRun,
  deleteImportedFileRecord,
  deleteRuns,
  findImportedFile,
  importedRunsOf,
  mergeStaging,
  recordImportedFile,
  runVerdictCounts,
  stagedRuns,
} from '../store/imports';
import { addReportedFigure, reportedFigures } from '../store/reported-figures';
import { ImportError, UnknownFormatError } from './errors';
import { readEasyR1Generations, readEasyR1Metrics } from './formats/easyr1';
import { figuresOnly, readGeneric, recordlessObject } from './formats/generic';
import { lmmsModelName, readLmmsEval } from './formats/lmms-eval';
import { lmmsResultsFigures } from './lmms-results';
import { readJsonDocument } from './sources/json';
import { readMathV } from './formats/math-v';
import { readMathVista } from './formats/mathvista';
import { readMathVerse } from './formats/mathverse';
import { readMmeEvalTool } from './formats/mme-eval-tool';
import { readMmmu } from './formats/mmmu';
import { readMmmuPro } from './formats/mmmu-pro';
import { readMmmuOutputs } from './formats/mmmu-outputs';
import { readR1v } from './formats/r1v';
import { readSummaryFile } from './formats/summaries';
import { readVlmevalkit } from './formats/vlmevalkit';
import { sniffFormat, type FileRole, type Sniffed } from './sniff';
import { describeFile, type FormatReader, type SourceFile } from './source-file';
import type { FileReport, FormatName, ImportKind, ImportOptions, ImportSummary, RunReport } from './types';
import { StagingWriter } from './writer';
import { BackgroundGrader } from '../grading/background-grader';
import { stepInName } from './names';
import { describeImportWriteError, openStagingOrExplain, removeOrphanedStaging, removeStaging, stagingPathFor } from './staging-files';
import { indexOutputsIfFew } from '../store/search-backlog';
import { WorkspaceSnapshot } from '../store/workspace-snapshot';
import { checkTextEncoding } from './encoding';
import { expandPaths } from './folder-plan';
import { mergeImportSummaries, partitionWorkbenchExports, readBackExports } from '../export/own-export-reader';

const READERS: Record<Exclude<FormatName, 'vlmevalkit-score' | 'mathvista-scores' | 'math-v-result' | 'lmms-eval-results' | 'workbench-export'>, FormatReader> = {
  vlmevalkit: readVlmevalkit,
  'lmms-eval': readLmmsEval,
  'easyr1-metrics': readEasyR1Metrics,
  'easyr1-generations': readEasyR1Generations,
  mathvista: readMathVista,
  'math-v': readMathV,
  r1v: readR1v,
  mmmu: readMmmu,
  'mmmu-pro': readMmmuPro,
  'mmmu-outputs': readMmmuOutputs,
  mathverse: readMathVerse,
  'mme-eval-tool': readMmeEvalTool,
  jsonl: readGeneric('jsonl'),
  json: readGeneric('json'),
  csv: readGeneric('csv'),
  tsv: readGeneric('tsv'),
  parquet: readGeneric('parquet'),
};

const SUMMARY_FORMATS = new Set<FormatName>(['vlmevalkit-score', 'mathvista-scores', 'math-v-result', 'lmms-eval-results']);
const ROLE_ORDER: Record<FileRole, number> = { benchmark: 0, metrics: 1, predictions: 2, reported: 3 };

export interface ImportHooks {
  /** Bytes read so far of all the files' bytes. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

interface PlannedFile {
  file: SourceFile;
  sniffed: Sniffed;
  /** Set when --replace re-imports a file imported before: its old record and runs go. */
  previous?: { fileId: number; runIds: number[] };
  kindOverride?: ImportKind;
  /** Names the folder layout tells (folder-plan.ts). */
  names?: { checkpoint: string; benchmark: string };
  /** Found in a folder the user named (folder-plan.ts): a summary without its run is skipped, not refused. */
  inFolder?: boolean;
}

export async function importFiles(db: Db, workspacePath: string, paths: readonly string[], options: ImportOptions = {}, hooks: ImportHooks = {}): Promise<ImportSummary> {
  if (paths.length === 0) throw new Error('no files given: name at least one file or folder');
  // Our own exports come back whole, verdicts and labels included (main/core/export/read-back.ts).
  const own = await partitionWorkbenchExports(paths, options.format);
  if (own.exports.length > 0) {
    const exported = await readBackExports(db, own.exports, hooks);
    return own.rest.length > 0 ? mergeImportSummaries(exported, await importFiles(db, workspacePath, own.rest, options, hooks)) : exported;
  }
  const namedStep = options.checkpoint === undefined ? null : stepInName(options.checkpoint);
  if (options.step !== undefined && namedStep !== null && namedStep !== options.step) {
    throw new ImportError('--step', null, null, `${options.step} disagrees with --checkpoint ${options.checkpoint} (step ${namedStep}); give one of them`);
  }
  // The grading worker is closed however the import ends (planning errors included).
  const grader = new BackgroundGrader();
  try {
    return await importPaths(db, workspacePath, paths, options, hooks, grader);
  } finally {
    await grader.close();
  }
}

/** Input files of this many bytes or more have the grading worker started before they are hashed. */
const WARM_GRADER_BYTES = 8 << 20;

async function importPaths(db: Db, workspacePath: string, paths: readonly string[], options: ImportOptions, hooks: ImportHooks, grader: BackgroundGrader): Promise<ImportSummary> {
  const reports: FileReport[] = [];
  const planned: PlannedFile[] = [];
  /** Files by content: the path each was first met at. */
  const seen = new Map<string, string>();
  const notes: string[] = [];
  const folderWarnings: string[] = [];
  const named = expandPaths(paths, notes, folderWarnings);
  // A large import's worker loads the graders on the other core while the files are hashed and sniffed.
  if (named.reduce((sum, { path }) => sum + statSync(path).size, 0) >= WARM_GRADER_BYTES) grader.warmUp();
  for (const { path, display, names, inFolder } of named) {
    const file = await describeFile(path, display);
    const twin = seen.get(file.sha256);
    if (twin !== undefined) {
      folderWarnings.push(`${display}: the same bytes as ${twin}, imported once`);
      continue;
    }
    seen.set(file.sha256, display);
    checkTextEncoding(file);
    let sniffed: Sniffed;
    try {
      sniffed = await sniffFormat(file, options.format, options.benchmark);
    } catch (error) {
      // A folder also holds files no tool of ours wrote (a console log, tegrastats): passed over, named.
      if (!(inFolder && error instanceof UnknownFormatError)) throw error;
      folderWarnings.push(`${display}: in no format this tool reads; skipped`);
      continue;
    }
    if (sniffed.note) notes.push(`${display}: ${sniffed.note}`);
    // In a folder, JSON that holds no records is passed over, said by what it holds: a summary of figures
    // beside the per-sample file (`scores.json`), other data beside a run (lmms-eval's flops.json). Named alone, it is refused.
    if (inFolder && sniffed.format === 'json') {
      const figures = figuresOnly(sniffed.document);
      const passedOver = figures ? `${figures}, not per-sample records, in no format this tool reads` : recordlessObject(sniffed.document, file.stem);
      if (passedOver) {
        folderWarnings.push(`${display}: ${passedOver}; skipped`);
        continue;
      }
    }
    const earlier = findImportedFile(db, file.sha256);
    if (earlier && !options.replace) {
      reports.push({
        path: display,
        format: sniffed.format,
        kind: earlier.kind,
        sha256: file.sha256,
        status: 'already imported',
        benchmark: null,
        checkpoint: null,
        runIds: earlier.runIds,
      });
      continue;
    }
    planned.push({ file, sniffed, ...(names ? { names } : {}), ...(inFolder ? { inFolder } : {}), ...(earlier ? { previous: { fileId: earlier.id, runIds: earlier.runIds } } : {}) });
  }
  planned.sort((a, b) => ROLE_ORDER[a.sniffed.role] - ROLE_ORDER[b.sniffed.role]);

  const summary: ImportSummary = { files: reports, runs: [], samples: 0, predictions: 0, images: { stored: 0, missing: 0 }, officialVerdicts: 0, metrics: 0, warnings: [...folderWarnings], notes };
  if (planned.length === 0) return summary;

  const total = planned.reduce((sum, p) => sum + p.file.size, 0);
  let done = 0;
  let lastReport = 0;
  const bytes = {
    add(n: number) {
      done += n;
      const now = Date.now();
      if (hooks.onProgress && now - lastReport >= 100) {
        lastReport = now;
        hooks.onProgress(Math.min(done, total), total);
      }
    },
  };

  removeOrphanedStaging(workspacePath);
  const stagingPath = stagingPathFor(workspacePath);
  const staging = openStagingOrExplain(stagingPath, workspacePath);
  const writer = new StagingWriter(staging, db, new WorkspaceSnapshot(db, workspacePath), options, grader);
  const stagedFiles: Array<{ planned: PlannedFile; runIds: number[]; workspaceRunIds: number[]; benchmark: string | null; checkpoint: string | null; kind: string }> = [];
  const included = new Set<string>();
  try {
    const importOne = async (item: PlannedFile): Promise<void> => {
      const { file, sniffed } = item;
      writer.beginFile(file, sniffed.format);
      // Runs staged from files in this file's folder: a summary belongs to them before any other.
      const near = (): number[] => stagedFiles.filter((staged) => staged.planned.file.dir === file.dir).flatMap((staged) => staged.runIds);
      if (sniffed.format === 'lmms-eval-results') {
        // One results.json describes every task of the launch: each task's figures go to its run.
        const document = sniffed.document ?? (await readJsonDocument(file.path, file.displayPath));
        const model = options.checkpoint ?? lmmsModelName(file.dir);
        const byTask = lmmsResultsFigures(document, file.name);
        // e.g. DocVQA's test split: `anls: []` and a submission file, nothing to compare.
        if (byTask.size === 0) writer.handle({ type: 'warning', message: `${file.name} holds no numeric figure (empty metric lists or submission files only); nothing kept from it` });
        // `<date>_results.json` is one launch's: its figures go to the samples of that launch, not to another's beside it.
        const launch = /^(\d{8}_\d{6})_results\.json$/.exec(file.name)?.[1];
        const besideHere = stagedFiles.filter((staged) => staged.planned.file.dir === file.dir && staged.runIds.length > 0);
        const ofLaunch = launch === undefined ? besideHere : besideHere.filter((staged) => staged.planned.file.name.startsWith(`${launch}_samples_`));
        if (launch !== undefined && besideHere.length > 0 && ofLaunch.length === 0) {
          writer.handle({ type: 'warning', message: `a results.json of launch ${launch}, whose samples are not in its folder (those beside it are of another launch); its figures were not kept` });
          bytes.add(file.size);
          return; // not recorded as imported, as a summary without its run
        }
        const nearby = ofLaunch.flatMap((staged) => staged.runIds);
        const orphans: string[] = [];
        for (const [task, figures] of byTask) {
          const attached = writer.attachToNamedRun(model, task, figures.map((f) => ({ type: 'reported' as const, ...f })), nearby);
          if (attached === -1) orphans.push(task);
        }
        // Named on its own, a results.json whose tasks have no run keeps nothing: refused, as any summary is.
        if (!item.inFolder && orphans.length > 0 && orphans.length === byTask.size) {
          throw new ImportError(file.displayPath, null, null, `a summary of ${model} on ${orphans.join(', ')}, which ha${orphans.length > 1 ? 've' : 's'} no run yet; import its samples_<task>.jsonl first (or its whole folder in one command)`);
        }
        for (const task of orphans) writer.handle({ type: 'warning', message: `${file.name} reports task ${task}, which has no samples imported (import its samples_${task}.jsonl); its figures were not kept` });
        writer.setOutcomeKind('reported', { checkpoint: model });
        bytes.add(file.size);
      } else if (SUMMARY_FORMATS.has(sniffed.format)) {
        const target = await readSummaryFile(file, sniffed.format as 'vlmevalkit-score' | 'mathvista-scores' | 'math-v-result', options, sniffed.document);
        const attached = writer.attachToNamedRun(target.checkpoint, target.benchmark, target.figures.map((f) => ({ type: 'reported' as const, ...f })), near());
        const orphan = `a summary of ${target.checkpoint} on ${target.benchmark}, which has no run yet`;
        if (attached === -1 && !item.inFolder) throw new ImportError(file.displayPath, null, null, `${orphan}; import its per-sample file first (or in the same command)`);
        if (attached === -1) {
          // A folder of results often keeps summaries whose per-sample files it does not (EMMA's results/).
          writer.handle({ type: 'warning', message: `${orphan} (no per-sample file in this folder); skipped` });
          bytes.add(file.size);
          return; // not recorded as imported: once its run is, the summary can be
        }
        for (const note of target.notes ?? []) writer.handle({ type: 'warning', message: note });
        writer.setOutcomeKind('reported', { benchmark: target.benchmark, checkpoint: target.checkpoint });
        bytes.add(file.size);
      } else {
        const reader = READERS[sniffed.format as keyof typeof READERS];
        const fileOptions: ImportOptions = {
          ...options,
          ...(item.kindOverride ? { kind: item.kindOverride } : {}),
          ...(item.names ? { checkpoint: options.checkpoint ?? item.names.checkpoint, benchmark: options.benchmark ?? item.names.benchmark } : {}),
        };
        let count = 0;
        for await (const event of reader(file, {
          options: fileOptions,
          bytes,
          ...(sniffed.document !== undefined ? { document: sniffed.document } : {}),
          hasBenchmark: (name) => writer.hasBenchmark(name),
          benchmarkNames: () => writer.benchmarkNames(),
        })) {
          if (event.type === 'include') {
            await includeFile(event.path, event.format, event.kind);
            continue;
          }
          const staging = writer.handle(event);
          if (staging) await staging;
          if ((++count & 1023) === 0 && hooks.signal?.aborted) throw hooks.signal.reason ?? new Error('import cancelled');
        }
      }
      await writer.drain();
      const outcome = writer.endFile();
      stagedFiles.push({ planned: item, runIds: outcome.runIds, workspaceRunIds: outcome.workspaceRunIds, benchmark: outcome.benchmark, checkpoint: outcome.checkpoint, kind: outcome.kind });
    };

    const includeFile = async (path: string, format: FormatName, kind: ImportKind | undefined): Promise<void> => {
      // Shown relative to the working folder when inside it, else as the absolute path (not ../../…).
      const shown = relative(process.cwd(), path);
      const file = await describeFile(path, shown && !shown.startsWith('..') ? shown : path);
      if (included.has(file.sha256) || seen.has(file.sha256) || findImportedFile(db, file.sha256)) return;
      included.add(file.sha256);
      const paused = writer.pauseFile();
      checkTextEncoding(file);
      const sniffed = await sniffFormat(file, format);
      await importOne({ file, sniffed, ...(kind ? { kindOverride: kind } : {}) });
      writer.resumeFile();
      summary.warnings.push(`${paused.displayPath}: imported ${file.displayPath} first, which it joins by id`);
    };

    for (const item of planned) {
      if (hooks.signal?.aborted) throw hooks.signal.reason ?? new Error('import cancelled');
      await importOne(item);
    }
    writer.finishWarnings();
    // Only summaries whose runs are nowhere (lmms-eval's results.json beside gzipped samples): an import that keeps nothing is refused, with why.
    if (stagedFiles.every((staged) => staged.kind === 'reported' && staged.runIds.length === 0 && staged.workspaceRunIds.length === 0)) {
      throw new ImportError(paths.join(', '), null, null, `nothing to import (${[...folderWarnings, ...writer.warnings].join('; ') || 'no per-sample results'})`);
    }
    for (const staged of stagedFiles) {
      recordImportedFile(staging, {
        sha256: staged.planned.file.sha256,
        format: staged.planned.sniffed.format,
        kind: staged.kind,
        path: staged.planned.file.displayPath,
        byteLength: staged.planned.file.size,
        summary: { benchmark: staged.benchmark, checkpoint: staged.checkpoint },
        runIds: staged.runIds,
      });
    }
    writer.flush();
  } catch (error) {
    // After a failed write SQLite may have rolled back already: clean-up errors must not hide the cause.
    for (const cleanUp of [() => writer.abort(), () => staging.close()]) {
      try {
        cleanUp();
      } catch {
        // the original error says what went wrong
      }
    }
    removeStaging(stagingPath);
    throw describeImportWriteError(error, workspacePath);
  } finally {
    await writer.close();
  }

  // Runs replaced by --replace: the earlier imports of the same checkpoint and benchmark.
  const stats = stagedRuns(staging);
  staging.close();
  try {
    const replaced = new Set<number>();
    for (const staged of stagedFiles) for (const id of staged.planned.previous?.runIds ?? []) replaced.add(id);
    if (options.replace) {
      for (const run of stats) for (const earlier of importedRunsOf(db, run.checkpoint, run.benchmark)) replaced.add(earlier.id);
    }
    for (const runId of replaced) {
      const labels = countAnnotationsOfRun(db, runId);
      if (labels > 0) throw new Error(`--replace would delete run ${runId} and its ${labels} label(s); remove the labels first, or import without --replace`);
    }
    const merged = mergeStaging(db, stagingPath, () => {
      for (const staged of stagedFiles) if (staged.planned.previous) deleteImportedFileRecord(db, staged.planned.previous.fileId);
      deleteRuns(db, [...replaced]);
      for (const figure of writer.workspaceFigures) addReportedFigure(db, figure);
    });
    if (replaced.size > 0) summary.warnings.push(`replaced run(s) ${[...replaced].join(', ')}`);
    summary.samples = merged.samplesAdded;
    summary.images.stored = merged.imagesAdded;
    summary.predictions = merged.predictionsAdded;
    summary.runs = stats.map((run): RunReport => {
      const runId = merged.runIds.get(run.runKey)!;
      const counts = runVerdictCounts(db, runId);
      return {
        runId,
        checkpoint: run.checkpoint,
        step: run.step,
        benchmark: run.benchmark,
        source: run.source,
        predictions: counts.predictions,
        correct: counts.correct,
        accuracy: counts.predictions > 0 ? counts.correct / counts.predictions : null,
        officialN: counts.officialN,
        officialCorrect: counts.officialCorrect,
        officialAccuracy: counts.officialN > 0 ? counts.officialCorrect / counts.officialN : null,
        agreement: counts.officialN > 0 ? counts.agreeing / counts.officialN : null,
        reported: reportedFigures(db, runId),
      };
    });
    const runIdOfStaged = new Map(stats.map((run) => [run.stagedId, merged.runIds.get(run.runKey)!]));
    for (const staged of stagedFiles) {
      reports.push({
        path: staged.planned.file.displayPath,
        format: staged.planned.sniffed.format,
        kind: staged.kind,
        sha256: staged.planned.file.sha256,
        status: staged.planned.previous ? 'replaced' : 'imported',
        benchmark: staged.benchmark,
        checkpoint: staged.checkpoint,
        runIds: [...staged.runIds.map((id) => runIdOfStaged.get(id)).filter((id): id is number => id !== undefined), ...staged.workspaceRunIds],
      });
    }
  } catch (error) {
    throw describeImportWriteError(error, workspacePath);
  } finally {
    removeStaging(stagingPath);
  }
  summary.images.missing = writer.missingImages;
  summary.metrics = writer.metrics;
  summary.officialVerdicts = summary.runs.reduce((sum, run) => sum + run.officialN, 0);
  summary.warnings.push(...writer.warnings);
  const unindexed = indexOutputsIfFew(db); // a large import's outputs: indexed by a pass of their own
  if (unindexed > 0) summary.unindexedOutputs = unindexed;
  hooks.onProgress?.(total, total);
  return summary;
}
