import os from 'node:os';
import type { ApiMethod, ApiOutputs, ApiParsedInput } from './contract';
import { parseQuery } from '../query/filter';
import type { Db } from '../store/database';
import { explorerPage } from '../store/explorer';
import { getJob, jobLog, listJobs } from '../store/jobs';
import { evaluationRequestFromApi } from '../eval/api-request';
import { startEvaluation } from '../eval/start-evaluation';
import { deleteAnnotation, deleteLabel, deleteSavedFilter, listSavedFilters, saveFilter, saveLabel, TaxonomyConflictError } from '../store/ui';
import { addAnnotation, labelTaxonomy, predictionDetail } from '../store/predictions';
import { listBenchmarks, listCheckpoints, runSummaries } from '../store/summaries';
import type { JobManager } from '../jobs/job-manager';
import { BadRequestError, NotFoundError } from './errors';
import { APP_VERSION } from '../version';
import { regradeRuns } from '../regrade';
import { getRun } from '../store/runs';
import { createAnalysisHandlers } from '../analysis/handlers';
import { createExportHandlers } from '../export/api-handlers';
import { createImportHandlers } from '../ingest/api-handlers';
import { createCheckpointHandlers } from '../checkpoints/handlers';

export type Handlers = { [M in ApiMethod]: (input: ApiParsedInput<M>) => ApiOutputs[M] | Promise<ApiOutputs[M]> };

export interface HandlerContext {
  db: Db;
  workspacePath: string;
  jobs: JobManager;
}

/** The single implementation of the WorkbenchApi; both transports call into these functions. */
export function createHandlers({ db, workspacePath, jobs }: HandlerContext): Handlers {
  return {
    health: () => ({ ok: true, version: APP_VERSION, workspace: workspacePath }),
    overview: () => ({ checkpoints: listCheckpoints(db), benchmarks: listBenchmarks(db), runs: runSummaries(db) }),
    listRuns: () => runSummaries(db),
    explore: (input) => {
      const page = explorerPage(db, {
        filter: parseQuery(input.query),
        ...(input.sort ? { sort: input.sort } : {}),
        offset: input.offset,
        limit: input.limit,
      });
      return { ...page, offset: input.offset, limit: input.limit };
    },
    getPrediction: ({ predictionId }) => {
      const detail = predictionDetail(db, predictionId);
      if (!detail) throw new NotFoundError(`prediction ${predictionId} does not exist`);
      return detail;
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
    startEvaluation: (input) => {
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
        const outcome = await regradeRuns(db, { runIds, scorer, signal: job.signal, onProgress: (n, total) => job.progress(n, total) });
        jobs.emit({ type: 'changed', what: 'runs' });
        return JSON.stringify(outcome);
      }).job;
    },
    ...createAnalysisHandlers({ db, jobs }),
    ...createImportHandlers({ db, workspacePath, jobs }),
    ...createExportHandlers({ db, workspacePath, jobs }),
    ...createCheckpointHandlers(db, () => jobs.emit({ type: 'changed', what: 'runs' })),
  };
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
