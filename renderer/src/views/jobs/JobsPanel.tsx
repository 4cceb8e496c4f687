import { useEffect, useState } from 'react';
import type { JobInfo } from '@core/types/records';
import { api } from '../../api';
import { Empty, ErrorState, Loading } from '../../components/States';
import { onWorkbenchEvent } from '../../events';
import { useQuery } from '../../useQuery';
import { EvaluationForm } from './EvaluationForm';
import { ImportForm } from './ImportForm';
import { JobItem } from './JobItem';

/** Running and finished jobs (evaluations, imports, exports): live progress, ETA, cancel and logs. */
export function JobsPanel() {
  const listed = useQuery(() => api.listJobs({ limit: 100 }), []);
  const [live, setLive] = useState<Map<number, JobInfo>>(new Map());
  useEffect(
    () =>
      onWorkbenchEvent((event) => {
        if (event.type === 'job') setLive((previous) => new Map(previous).set(event.job.id, event.job));
      }),
    [],
  );
  const byId = new Map<number, JobInfo>();
  for (const job of listed.data ?? []) byId.set(job.id, job);
  for (const job of live.values()) byId.set(job.id, job);
  const jobs = [...byId.values()].sort((a, b) => b.id - a.id);
  const running = jobs.filter((job) => job.status === 'running' || job.status === 'queued');
  const finished = jobs.filter((job) => !(job.status === 'running' || job.status === 'queued'));

  return (
    <section className="jobs-panel">
      <div className="view-head">
        <h1>Jobs</h1>
        <span className="muted">Evaluations, imports and exports run as jobs; they keep going when you leave this page.</span>
      </div>
      <EvaluationForm />
      <ImportForm />
      {listed.error ? (
        <ErrorState what="the jobs" error={listed.error} retry={listed.reload} />
      ) : !listed.data ? (
        <Loading what="jobs" />
      ) : jobs.length === 0 ? (
        <Empty title="No jobs yet">
          <p className="muted">
            Start an evaluation above (or with <code>npx vlm-workbench eval</code>) or import results; they show up here with their progress.
          </p>
        </Empty>
      ) : (
        <>
          <h2>Running</h2>
          {running.length === 0 ? <p className="muted">Nothing is running.</p> : <ul className="job-list">{running.map((job) => <JobItem key={job.id} job={job} />)}</ul>}
          <h2>Finished</h2>
          {finished.length === 0 ? <p className="muted">Nothing has finished yet.</p> : <ul className="job-list">{finished.map((job) => <JobItem key={job.id} job={job} />)}</ul>}
        </>
      )}
    </section>
  );
}
