/** The importer's API methods (spread into api/handlers.ts). */
import { isAbsolute } from 'node:path';
import type { ApiParsedInput } from '../api/contract';
import { BadRequestError } from '../api/errors';
import type { JobManager } from '../jobs/job-manager';
import type { Db } from '../store/database';
import type { FileRoots } from '../api/file-roots';
import type { ImportMethod, ImportOutputs } from './api-contract';
import { parseMapSpecs } from './fields';
import { startImportJob } from './job';
import type { ImportOptions } from './types';

type ImportHandlers = { [M in ImportMethod]: (input: ApiParsedInput<M>) => ImportOutputs[M] | Promise<ImportOutputs[M]> };

export function createImportHandlers({ db, workspacePath, jobs, fileRoots }: { db: Db; workspacePath: string; jobs: JobManager; fileRoots?: FileRoots | undefined }): ImportHandlers {
  return {
    importFiles: async (input) => {
      // The core's working folder means nothing to the UI: paths come from a picker, absolute.
      const relative = input.paths.find((path) => !isAbsolute(path));
      if (relative !== undefined) throw new BadRequestError(`paths must be absolute, got "${relative}"`);
      if (input.images !== undefined && !isAbsolute(input.images)) throw new BadRequestError(`images must be an absolute folder, got "${input.images}"`);
      for (const path of input.paths) fileRoots?.require(path, 'paths');
      if (input.images !== undefined) fileRoots?.require(input.images, 'images');
      let options: ImportOptions;
      try {
        options = {
          ...(input.format ? { format: input.format } : {}),
          ...(input.kind ? { kind: input.kind } : {}),
          ...(input.benchmark ? { benchmark: input.benchmark } : {}),
          ...(input.checkpoint ? { checkpoint: input.checkpoint } : {}),
          ...(input.step !== undefined ? { step: input.step } : {}),
          ...(input.lineage ? { lineage: input.lineage } : {}),
          ...(input.map && input.map.length > 0 ? { map: parseMapSpecs(input.map) } : {}),
          ...(input.images ? { images: input.images } : {}),
          ...(input.replace ? { replace: true } : {}),
        };
      } catch (error) {
        throw new BadRequestError(error instanceof Error ? error.message : String(error));
      }
      const started = await startImportJob({ db, workspacePath, jobs }, input.paths, options);
      // The import runs on in the background; its progress and end reach the UI as job events.
      void started.done;
      return started.job;
    },
  };
}
