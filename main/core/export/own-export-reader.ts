/**
 * The reader of our own exports, as `vlm-workbench import` (ingest/import.ts) calls it: exports
 * are recognised by content and read back whole by read-back.ts, with their verdicts and labels,
 * instead of going through the generic JSONL/CSV/Parquet readers, which would keep only outputs
 * and grade again. The importer depends on this reader, never the other way round.
 */
import type { FormatName, ImportSummary, RunReport } from '../ingest/types';
import type { Db } from '../store/database';
import { reportedFigures } from '../store/reported-figures';
import { runSummaries } from '../store/summaries';
import { importWorkbenchExport, isWorkbenchExport, type ReadBackHooks } from './read-back';

export const WORKBENCH_EXPORT_FORMAT = 'workbench-export';

/** Splits the paths of an import into our exports and the rest (`--format workbench-export`: all ours). */
export async function partitionWorkbenchExports(paths: readonly string[], format: FormatName | undefined): Promise<{ exports: string[]; rest: string[] }> {
  if (format === WORKBENCH_EXPORT_FORMAT) return { exports: [...paths], rest: [] };
  if (format !== undefined) return { exports: [], rest: [...paths] };
  const exports: string[] = [];
  const rest: string[] = [];
  for (const path of paths) (await isWorkbenchExport(path) ? exports : rest).push(path);
  return { exports, rest };
}

/** Reads exports back and reports them in the importer's summary shape. */
export async function readBackExports(db: Db, paths: string[], hooks: ReadBackHooks = {}): Promise<ImportSummary> {
  const summary: ImportSummary = { files: [], runs: [], samples: 0, predictions: 0, images: { stored: 0, missing: 0 }, officialVerdicts: 0, metrics: 0, warnings: [], notes: [] };
  const runIds = new Set<number>();
  for (const path of paths) {
    const result = await importWorkbenchExport(db, path, { ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}), ...(hooks.signal ? { signal: hooks.signal } : {}) });
    summary.files.push({
      path,
      format: WORKBENCH_EXPORT_FORMAT,
      kind: 'predictions',
      sha256: '',
      status: 'imported',
      benchmark: null,
      checkpoint: null,
      runIds: result.runIds,
    });
    summary.samples += result.samplesAdded;
    summary.predictions += result.predictionsAdded;
    summary.images.stored += result.imagesAdded;
    summary.warnings.push(...result.warnings);
    // What was read back is a note: nothing went wrong.
    summary.notes!.push(
      `${path}: read back a ${result.format} export${result.setName ? ` of set "${result.setName}"` : ''}: ${result.records} record(s), ` +
        `${result.predictionsAdded} new prediction(s) (${result.predictionsKept} already here), ${result.labelsAdded} label(s)` +
        (result.taxonomyAdded.length > 0 ? `; labels added to the taxonomy: ${result.taxonomyAdded.join(', ')}` : ''),
    );
    for (const id of result.runIds) runIds.add(id);
  }
  summary.runs = runSummaries(db)
    .filter((run) => runIds.has(run.runId))
    .map(
      (run): RunReport => ({
        runId: run.runId,
        checkpoint: run.checkpoint,
        step: run.step,
        benchmark: run.benchmark,
        source: 'workbench export',
        predictions: run.n,
        correct: run.correct,
        accuracy: run.accuracy,
        officialN: run.officialN,
        officialCorrect: run.officialCorrect,
        officialAccuracy: run.officialAccuracy,
        agreement: run.agreement,
        reported: reportedFigures(db, run.runId),
      }),
    );
  summary.officialVerdicts = summary.runs.reduce((sum, run) => sum + run.officialN, 0);
  return summary;
}

/** One summary for an import that read exports and other files in the same command. */
export function mergeImportSummaries(a: ImportSummary, b: ImportSummary): ImportSummary {
  return {
    files: [...a.files, ...b.files],
    runs: [...a.runs, ...b.runs],
    samples: a.samples + b.samples,
    predictions: a.predictions + b.predictions,
    images: { stored: a.images.stored + b.images.stored, missing: a.images.missing + b.images.missing },
    officialVerdicts: a.officialVerdicts + b.officialVerdicts,
    metrics: a.metrics + b.metrics,
    warnings: [...a.warnings, ...b.warnings],
    notes: [...(a.notes ?? []), ...(b.notes ?? [])],
  };
}
