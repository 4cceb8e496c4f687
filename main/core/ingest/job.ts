/**
 * The import as a job (what the UI's file picker and drag-and-drop start): progress in bytes
 * read, cancellation, and the summary as the job's message. The workspace changes only when
 * the job completes; a failed or cancelled import leaves it as it was.
 */
import type { JobInfo } from '../api/contract';
import type { JobManager } from '../jobs/job-manager';
import type { Db } from '../store/database';
import { getJob } from '../store/jobs';
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
  let markStarted: (job: JobInfo) => void = () => undefined;
  const started = new Promise<JobInfo>((resolve) => (markStarted = resolve));
  const title = paths.length === 1 ? `Import ${paths[0]}` : `Import ${paths.length} files`;
  const done = workbench.jobs.run('import', title, { paths, options }, async (job) => {
    markStarted(getJob(workbench.db, job.jobId)!);
    const summary = await importFiles(workbench.db, workbench.workspacePath, paths, options, {
      signal: job.signal,
      onProgress: (read, total) => job.progress(read, total),
    });
    for (const warning of summary.warnings) job.log(`warning: ${warning}`);
    workbench.jobs.emit({ type: 'changed', what: 'runs' });
    return JSON.stringify(summary);
  });
  // A job that fails before its work starts still settles `done`; then that is the job to show.
  const job = await Promise.race([started, done]);
  return { job, done };
}
