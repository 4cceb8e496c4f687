import { useEffect, useState } from 'react';
import { NavLink } from 'react-router-dom';
import type { JobInfo } from '@core/types/records';
import { api } from '../api';
import { onWorkbenchEvent } from '../events';

/** Running jobs (e.g. the demo being built on first start) in the top bar; a click opens the jobs panel. */
export function JobsIndicator() {
  const [running, setRunning] = useState<Map<number, JobInfo>>(new Map());
  useEffect(() => {
    void api
      .listJobs({ limit: 20 })
      .then((jobs) => setRunning(new Map(jobs.filter((j) => j.status === 'running').map((j) => [j.id, j]))))
      .catch(() => undefined);
    return onWorkbenchEvent((event) => {
      if (event.type !== 'job') return;
      setRunning((previous) => {
        const next = new Map(previous);
        if (event.job.status === 'running') next.set(event.job.id, event.job);
        else next.delete(event.job.id);
        return next;
      });
    });
  }, []);
  if (running.size === 0) return null;
  return (
    <NavLink to="/jobs" className="jobs" role="status">
      {[...running.values()].map((job) => (
        <span key={job.id} className="job">
          {job.title}: {job.done}/{job.total}
          <progress max={job.total || 1} value={job.done} />
        </span>
      ))}
    </NavLink>
  );
}
