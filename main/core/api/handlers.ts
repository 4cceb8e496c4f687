import os from 'node:os';
import type { ApiMethod, ApiOutputs, ApiParsedInput } from './contract';
import { parseQuery } from '../query/filter';
import type { Db } from '../store/database';
import { explorerPage, unmatchedTerms } from '../store/explorer';
import { completeOutputIndexFor, unindexedOutputs } from '../store/search-backlog';
import { getJob, jobLog, listJobs } from '../store/jobs';
import { deleteAnnotation, deleteLabel, deleteSavedFilter, listSavedFilters, saveFilter, saveLabel, TaxonomyConflictError } from '../store/ui';
import { addAnnotation, labelTaxonomy, predictionDetail } from '../store/predictions';
import { listBenchmarks, listCheckpoints, runSummaries, runSummary } from '../store/summaries';
import type { JobManager } from '../jobs/job-manager';
import { BadRequestError, NotFoundError } from './errors';
import type { FileRoots } from './file-roots';
import { APP_VERSION } from '../version';
import { getRun } from '../store/runs';
import type { createAnalysisHandlers } from '../analysis/handlers';
import type { createExportHandlers } from '../export/api-handlers';
import type { createImportHandlers } from '../ingest/api-handlers';
import { ANALYSIS_METHODS, API_METHOD_NAMES, EXPORT_METHODS, IMPORT_METHODS } from './methods';
import { createCheckpointHandlers } from '../checkpoints/handlers';
import { liveAnswerOf } from './live-answer';

export type Handlers = { [M in ApiMethod]: (input: ApiParsedInput<M>) => ApiOutputs[M] | Promise<ApiOutputs[M]> };

export interface HandlerContext {
  db: Db;
  workspacePath: string;
  jobs: JobManager;
  /** Where API callers may read and write files; unrestricted when absent (the CLI's own calls). */
  fileRoots?: FileRoots;
  /**
   * The command line's own calls (main/cli/api.ts): its user names files directly, so an export's
   * overwrite may replace any file. Unset for the transports, whose renderer is untrusted.
   */
  trustedCaller?: boolean;
  /**
   * Where outputs a large import left unindexed are indexed (store/search-backlog.ts): by a
   * background pass (the app, serve), so `explore` answers at once and says how many it could not
   * search yet; or before the search itself (the command line, whose answer is final).
   */
  searchIndex?: 'background' | 'before-search';
}

/** The single implementation of the WorkbenchApi; both transports call into these functions. */
export function createHandlers({ db, workspacePath, jobs, fileRoots, trustedCaller, searchIndex = 'before-search' }: HandlerContext): Handlers {
  const base = {
    health: () => ({ ok: true, version: APP_VERSION, workspace: workspacePath }),
    overview: () => ({ checkpoints: listCheckpoints(db), benchmarks: listBenchmarks(db), runs: runSummaries(db) }),
    listRuns: () => runSummaries(db),
    explore: (input) => {
      const filter = parseQuery(input.query);
      if (searchIndex === 'before-search') completeOutputIndexFor(db, filter);
      const page = explorerPage(db, { filter, ...(input.sort ? { sort: input.sort } : {}), offset: input.offset, limit: input.limit });
      const hints = page.total === 0 ? unmatchedTerms(db, filter) : [];
      const unindexed = filter.text.length > 0 ? unindexedOutputs(db) : 0;
      return { ...page, offset: input.offset, limit: input.limit, ...(hints.length > 0 ? { hints } : {}), ...(unindexed > 0 ? { unindexedOutputs: unindexed } : {}) };
    },
    getPrediction: ({ predictionId }) => {
      const detail = predictionDetail(db, predictionId);
      if (!detail) throw new NotFoundError(`prediction ${predictionId} does not exist`);
      const run = runSummary(db, detail.runId);
      return { ...detail, runProvenance: run?.provenance ?? null, runAccuracy: run?.accuracy ?? null };
    },
    labelTaxonomy: () => labelTaxonomy(db),
    addAnnotation: (input) => {
      const record = addAnnotation(db, {
        predictionId: input.predictionId,
        label: input.label,
        note: input.note,
        source: 'manual',
        author: input.author ?? os.userInfo().username,
      });
      jobs.emit({ type: 'changed', what: 'annotations' });
      return record;
    },
    listJobs: ({ limit }) => listJobs(db, limit),
    cancelJob: ({ jobId }) => {
      const job = jobs.cancel(jobId);
      if (!job) throw new NotFoundError(`job ${jobId} does not exist`);
      return job;
    },
    listSavedFilters: () => listSavedFilters(db),
    saveFilter: ({ name, query }) => {
      parseQuery(query); // a filter that does not parse is refused now, not when it is next opened
      return saveFilter(db, name, query);
    },
    deleteSavedFilter: ({ id }) => ({ deleted: deleteSavedFilter(db, id) }),
    saveLabel: (label) => {
      const taxonomy = asBadRequest(() => saveLabel(db, label));
      jobs.emit({ type: 'changed', what: 'annotations' });
      return taxonomy;
    },
    deleteLabel: ({ key }) => {
      const taxonomy = asBadRequest(() => deleteLabel(db, key));
      jobs.emit({ type: 'changed', what: 'annotations' });
      return taxonomy;
    },
    deleteAnnotation: ({ annotationId }) => {
      const deleted = deleteAnnotation(db, annotationId);
      if (deleted) jobs.emit({ type: 'changed', what: 'annotations' });
      return { deleted };
    },
    jobLog: ({ jobId, limit }) => jobLog(db, jobId, limit),
    liveAnswer: ({ jobId }) => liveAnswerOf(db, jobs, jobId),
    startEvaluation: async (input) => {
      if (input.backend.kind === 'slurm') {
        const { startSlurmEvaluationFromApi } = await import('./slurm-start');
        return startSlurmEvaluationFromApi({ db, jobs, workspacePath }, input);
      }
      const [{ startEvaluation }, { evaluationRequestFromApi }] = await Promise.all([import('../eval/start-evaluation'), import('./evaluation-request')]);
      let started: ReturnType<typeof startEvaluation>;
      try {
        started = startEvaluation({ db, jobs }, evaluationRequestFromApi(input));
      } catch (error) {
        // Unknown benchmark, bad endpoint URL: the form's mistake, reported before any job starts.
        throw new BadRequestError(error instanceof Error ? error.message : String(error));
      }
      // The job runs on in the background; its progress reaches the UI as job events.
      void started.done;
      return { runId: started.runId, jobId: started.jobId, resumed: !started.created, job: getJob(db, started.jobId)! };
    },
    startRegrade: ({ runIds, scorer }) => {
      for (const runId of runIds) if (!getRun(db, runId)) throw new NotFoundError(`run ${runId} does not exist`);
      return jobs.start('regrade', `Re-grade ${runIds.length} run(s) with ${scorer}`, { runIds, scorer }, async (job) => {
        const { regradeRuns } = await import('../regrade');
        const outcome = await regradeRuns(db, { runIds, scorer, signal: job.signal, onProgress: (n, total) => job.progress(n, total) });
        jobs.emit({ type: 'changed', what: 'runs' });
        return JSON.stringify(outcome);
      }).job;
    },
    ...createCheckpointHandlers(db, () => jobs.emit({ type: 'changed', what: 'runs' })),
  } satisfies Partial<Handlers>;
  // The analysis, import and export methods: each feature's module loads on the first call of one
  // of its own methods (a `sets` command never loads the analysis' model clients).
  const files = fileRoots ? { fileRoots } : {};
  const more = {
    ...lazyHandlers<AnalysisHandlers>(ANALYSIS_METHODS, async () => (await import('../analysis/handlers')).createAnalysisHandlers({ db, jobs })),
    ...lazyHandlers<ImportHandlers>(IMPORT_METHODS, async () => (await import('../ingest/api-handlers')).createImportHandlers({ db, workspacePath, jobs, ...files })),
    ...lazyHandlers<ExportHandlers>(EXPORT_METHODS, async () =>
      (await import('../export/api-handlers')).createExportHandlers({ db, workspacePath, jobs, ...files, ...(trustedCaller ? { trustedCaller } : {}) }),
    ),
  };
  const unanswered = API_METHOD_NAMES.filter((method) => !(method in base) && !(method in more));
  if (unanswered.length > 0) throw new Error(`no handler for ${unanswered.join(', ')}`);
  return { ...base, ...more };
}

type AnalysisHandlers = ReturnType<typeof createAnalysisHandlers>;
type ImportHandlers = ReturnType<typeof createImportHandlers>;
type ExportHandlers = ReturnType<typeof createExportHandlers>;

// Which feature answers which method comes from methods.ts, so no feature loads to find out; the
// types check that each list holds its feature's methods, and createHandlers that none is missing.
ANALYSIS_METHODS satisfies ReadonlyArray<keyof AnalysisHandlers>;
IMPORT_METHODS satisfies ReadonlyArray<keyof ImportHandlers>;
EXPORT_METHODS satisfies ReadonlyArray<keyof ExportHandlers>;
type Unlisted = Exclude<keyof AnalysisHandlers | keyof ImportHandlers | keyof ExportHandlers, (typeof ANALYSIS_METHODS | typeof IMPORT_METHODS | typeof EXPORT_METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : never = true;
void everyMethodListed;

/**
 * Handlers whose modules (and the packages behind them: the grader, openai, parquet, xlsx, zod's
 * contracts) load on the first call of any of them, not when the workbench opens: `serve` and the
 * desktop app answer at once, and the first such call pays the load once.
 */
function lazyHandlers<T extends object>(methods: readonly string[], load: () => Promise<T>): T {
  let loaded: Promise<T> | undefined;
  const table: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of methods) {
    table[method] = async (input) => {
      loaded ??= load();
      const handler = ((await loaded) as Record<string, (input: unknown) => unknown>)[method];
      if (!handler) throw new NotFoundError(`no handler for ${method}`);
      return handler(input);
    };
  }
  return table as T;
}

/** A taxonomy conflict (a taken hotkey, a label in use) is the caller's mistake: report it as such. */
function asBadRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof TaxonomyConflictError) throw new BadRequestError(error.message);
    throw error;
  }
}
