import { createHandlers, type Handlers } from './api/handlers';
import type { FileRoots } from './api/file-roots';
import { JobManager } from './jobs/job-manager';
import { SearchIndexer } from './jobs/search-indexer';
import { openWorkspace, type Db } from './store/database';
import { failOrphanedJobs } from './store/jobs';

/** An open workspace with its job manager and API handlers: what a transport serves. */
export interface Workbench {
  db: Db;
  workspacePath: string;
  jobs: JobManager;
  handlers: Handlers;
  close(): void;
}

export interface OpenWorkbenchOptions {
  /** Folders API callers may name (serve's --root); unrestricted when absent. */
  fileRoots?: FileRoots;
  /** The CLI's own calls (main/cli/api.ts); see HandlerContext.trustedCaller. */
  trustedCaller?: boolean;
  /** 'background' for the app and serve: a SearchIndexer indexes what large imports leave (see HandlerContext.searchIndex). */
  searchIndex?: 'background' | 'before-search';
}

export function openWorkbench(workspacePath: string, options: OpenWorkbenchOptions = {}): Workbench {
  const db = openWorkspace(workspacePath);
  failOrphanedJobs(db);
  const jobs = new JobManager(db);
  const indexer = options.searchIndex === 'background' ? new SearchIndexer(db, jobs) : null;
  indexer?.start();
  const handlers = createHandlers({
    db,
    workspacePath,
    jobs,
    ...(options.fileRoots ? { fileRoots: options.fileRoots } : {}),
    ...(options.trustedCaller ? { trustedCaller: true } : {}),
    ...(options.searchIndex ? { searchIndex: options.searchIndex } : {}),
  });
  return {
    db,
    workspacePath,
    jobs,
    handlers,
    close: () => {
      indexer?.close();
      jobs.cancelAll();
      db.close();
    },
  };
}
