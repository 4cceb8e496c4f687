import os from 'node:os';
import type { ApiMethod, ApiOutputs, ApiParsedInput } from './contract';
import { parseQuery } from '../query/filter';
import type { Db } from '../store/database';
import { explorerPage } from '../store/explorer';
import { listJobs } from '../store/jobs';
import { addAnnotation, labelTaxonomy, predictionDetail } from '../store/predictions';
import { listBenchmarks, listCheckpoints, runSummaries } from '../store/summaries';
import type { JobManager } from '../jobs/job-manager';
import { NotFoundError } from './errors';
import { APP_VERSION } from '../version';

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
  };
}
