import { useEffect, useState } from 'react';
import type { JobInfo } from '@core/types/records';
import { onWorkbenchEvent } from '../events';

/** Follows one job (started here) through the core's job events; undefined until one is started. */
export function useJob(started: JobInfo | undefined): JobInfo | undefined {
  const [latest, setLatest] = useState<JobInfo | undefined>(started);
  useEffect(() => {
    setLatest(started);
    if (!started) return;
    return onWorkbenchEvent((event) => {
      if (event.type === 'job' && event.job.id === started.id) setLatest(event.job);
    });
  }, [started]);
  return latest;
}

export const jobFinished = (job: JobInfo | undefined): boolean =>
  job !== undefined && job.status !== 'running' && job.status !== 'queued';

/** An API failure's message, for showing beside the form that caused it. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
