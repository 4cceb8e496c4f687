import { useEffect, useState } from 'react';
import type { JobInfo } from '@core/types/records';
import { api } from '../api';
import { onWorkbenchEvent } from '../events';

/** How often a running job's state is read again, in case an event was missed. */
const RECONCILE_INTERVAL_MS = 1500;

const isFinished = (job: JobInfo): boolean => job.status !== 'running' && job.status !== 'queued';

/**
 * Follows one job (started here) through the core's job events; undefined until one is started.
 *
 * Events alone are not enough: a short job can finish before the event stream is connected (over
 * HTTP it connects asynchronously), and then its completion event is never seen. So the hook also
 * reads the job's stored state once it has subscribed, and again every little while until the job
 * has finished. The newest of the two wins; a finished state is never replaced by an older one.
 */
export function useJob(started: JobInfo | undefined): JobInfo | undefined {
  const [latest, setLatest] = useState<JobInfo | undefined>(started);
  useEffect(() => {
    setLatest(started);
    if (!started) return;
    let active = true;
    const accept = (job: JobInfo) => {
      if (!active || job.id !== started.id) return;
      setLatest((current) => (current && isFinished(current) && !isFinished(job) ? current : job));
    };
    const unsubscribe = onWorkbenchEvent((event) => {
      if (event.type === 'job') accept(event.job);
    });
    const reconcile = async () => {
      try {
        const jobs = await api.listJobs({ limit: 50 });
        const stored = jobs.find((job) => job.id === started.id);
        if (stored) accept(stored);
        if (stored && isFinished(stored)) clearInterval(timer);
      } catch {
        // The next tick or the next event tries again.
      }
    };
    const timer = setInterval(() => void reconcile(), RECONCILE_INTERVAL_MS);
    void reconcile();
    return () => {
      active = false;
      clearInterval(timer);
      unsubscribe();
    };
  }, [started]);
  // Until the effect above has run for a newly started job, `latest` is still the previous one.
  return latest?.id === started?.id ? latest : started;
}

export const jobFinished = (job: JobInfo | undefined): boolean => job !== undefined && isFinished(job);

/** An API failure's message, for showing beside the form that caused it. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
