/** The failure-set and export methods of the WorkbenchApi; api/handlers.ts spreads them into its table. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { ApiParsedInput } from '../api/contract';
import { BadRequestError, NotFoundError } from '../api/errors';
import type { JobManager } from '../jobs/job-manager';
import { parseQuery } from '../query/filter';
import { completeOutputIndexFor } from '../store/search-backlog';
import type { Db } from '../store/database';
import type { FileRoots } from '../api/file-roots';
import {
  createFailureSet,
  deleteFailureSet,
  failureSetDetail,
  FailureSetConflictError,
  getFailureSet,
  listFailureSets,
  refreshFailureSet,
  updateFailureSet,
} from '../store/failure-sets';
import type { ExportMethod, ExportOutputs } from './api-contract';

const isEmptyFolder = (path: string): boolean => statSync(path).isDirectory() && readdirSync(path).length === 0;

type ExportHandlers = { [M in ExportMethod]: (input: ApiParsedInput<M>) => ExportOutputs[M] | Promise<ExportOutputs[M]> };

/** A name clash is the caller's mistake: report it as a bad request. */
function asBadRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof FailureSetConflictError) throw new BadRequestError(error.message);
    throw error;
  }
}

export function createExportHandlers({
  db,
  workspacePath,
  jobs,
  fileRoots,
  trustedCaller = false,
}: {
  db: Db;
  workspacePath: string;
  jobs: JobManager;
  fileRoots?: FileRoots | undefined;
  /** The CLI's own calls: its user may overwrite any file (api/handlers.ts HandlerContext). */
  trustedCaller?: boolean;
}): ExportHandlers {
  const changed = (): void => jobs.emit({ type: 'changed', what: 'annotations' });
  const requireSet = (id: number) => {
    const set = getFailureSet(db, id);
    if (!set) throw new NotFoundError(`failure set ${id} does not exist`);
    return set;
  };
  return {
    createFailureSet: (input) => {
      const filter = input.query !== undefined ? { query: input.query, parsed: parseQuery(input.query) } : null;
      if (filter) completeOutputIndexFor(db, filter.parsed);
      const set = asBadRequest(() =>
        createFailureSet(db, { name: input.name, description: input.description, filter, predictionIds: input.predictionIds ?? [] }),
      );
      changed();
      return set;
    },
    listFailureSets: () => listFailureSets(db),
    getFailureSet: ({ id }) => {
      const detail = failureSetDetail(db, id);
      if (!detail) throw new NotFoundError(`failure set ${id} does not exist`);
      return detail;
    },
    updateFailureSet: (input) => {
      requireSet(input.id);
      if (input.query !== undefined) parseQuery(input.query); // refused now, not at the next refresh
      const set = asBadRequest(() =>
        updateFailureSet(db, input.id, {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.query !== undefined ? { filter: input.query } : {}),
          add: input.add,
          remove: input.remove,
        }),
      );
      changed();
      return set;
    },
    refreshFailureSet: ({ id, dryRun }) => {
      const set = requireSet(id);
      if (set.filter.trim() === '') throw new BadRequestError(`failure set "${set.name}" was picked by hand; it has no filter to run again`);
      const parsed = parseQuery(set.filter);
      completeOutputIndexFor(db, parsed);
      const result = refreshFailureSet(db, id, parsed, dryRun);
      if (!dryRun) changed();
      return { ...result, dryRun };
    },
    deleteFailureSet: ({ id }) => {
      const deleted = deleteFailureSet(db, id);
      if (deleted) changed();
      return { deleted };
    },
    startExport: async (input) => {
      // The writers (parquet, zip, csv) load with the first export, not with every failure-set call.
      const [{ checkExportTarget, defaultExportPath, startExportJob }, { isWorkbenchExport }] = await Promise.all([import('./export'), import('./read-back')]);
      if (input.outPath !== undefined && !isAbsolute(input.outPath)) {
        // The core's working folder means nothing to the UI: a path it picks is absolute.
        throw new BadRequestError(`outPath must be absolute, got "${input.outPath}"`);
      }
      let name: string;
      if (input.setId !== undefined) name = requireSet(input.setId).name;
      else {
        completeOutputIndexFor(db, parseQuery(input.query ?? ''));
        name = 'filter';
      }
      const outPath = input.outPath ?? defaultExportPath(workspacePath, name, input.format);
      fileRoots?.require(outPath, 'outPath');
      try {
        checkExportTarget(outPath, input.format, input.overwrite);
      } catch (error) {
        throw new BadRequestError(error instanceof Error ? error.message : String(error));
      }
      // The renderer is untrusted: through the API, overwriting replaces an earlier export, never another file.
      if (!trustedCaller && input.overwrite && existsSync(outPath) && !(await isWorkbenchExport(outPath)) && !isEmptyFolder(outPath)) {
        throw new BadRequestError(`${outPath} exists and is not a VLM Workbench export; overwrite only replaces an earlier export`);
      }
      const source = input.setId !== undefined ? { setId: input.setId } : { query: input.query ?? '' };
      const started = startExportJob({ db, jobs }, { source, format: input.format, outPath, overwrite: input.overwrite });
      // The export runs on in the background; its progress and end reach the UI as job events.
      void started.done;
      return { job: started.job, outPath };
    },
  };
}
