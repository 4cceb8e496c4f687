/**
 * The import as a job (what the UI's file picker and drag-and-drop start): progress in bytes
 * read, cancellation, and the summary as the job's message. The workspace changes only when
 * the job completes; a failed or cancelled import leaves it as it was.
 */
import type { JobInfo } from '../api/contract';
import type { JobManager } from '../jobs/job-manager';
import type { Db } from '../store/database';
import { importFiles } from './import';
import type { ImportOptions } from './types';

export interface StartedImport {
  /** The job as it starts (status running). */
  job: JobInfo;
  /** The finished job. */
  done: Promise<JobInfo>;
}

export async function startImportJob(
  workbench: { db: Db; workspacePath: string; jobs: JobManager },
  paths: string[],
  options: ImportOptions,
): Promise<StartedImport> {
  const title = paths.length === 1 ? `Import ${paths[0]}` : `Import ${paths.length} files`;
  return workbench.jobs.start('import', title, { paths, options }, async (job) => {
    const summary = await importFiles(workbench.db, workbench.workspacePath, paths, options, {
      signal: job.signal,
      onProgress: (read, total) => job.progress(read, total),
    });
    for (const note of summary.notes ?? []) job.log(`note: ${note}`);
    for (const warning of summary.warnings) job.log(`warning: ${warning}`);
    workbench.jobs.emit({ type: 'changed', what: 'runs' });
    return JSON.stringify(summary);
  });
}
