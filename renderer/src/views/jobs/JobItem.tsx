import { progressText } from './progress-units';
import { useState } from 'react';
import type { JobInfo } from '@core/types/records';
import { api } from '../../api';
import { duration, fullTime, when } from '../../format';
import { JobLog } from './JobLog';
import { JobMessage } from './JobMessage';
import { LiveAnswer } from './LiveAnswer';

/** One job: what it is, progress with rate and ETA, how it ended, cancel, and its log. */
export function JobItem({ job }: { job: JobInfo }) {
  const [showLog, setShowLog] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const live = job.status === 'running' || job.status === 'queued';
  const share = job.total > 0 ? job.done / job.total : 0;
  const text = progressText(job.kind, job.done, job.total, job.rate);
  return (
    <li className={`job-item ${job.status}`} data-testid="job-item">
      <div className="job-head">
        <span className={`job-status ${job.status}`}>{job.status}</span>
        <span className="job-title">{job.title}</span>
        <span className="muted small">{job.kind}</span>
        <span className="spacer" />
        <span className="muted small" title={fullTime(job.createdAt)}>
          started {when(job.startedAt ?? job.createdAt)}
          {job.finishedAt && ` · finished ${when(job.finishedAt)}`}
        </span>
      </div>
      <div className="job-progress">
        <progress max={job.total || 1} value={job.done} aria-label={`${job.title} progress`} />
        <span className="num small">
          {text.amount} ({Math.round(share * 100)}%)
        </span>
        {text.rate !== null && (
          <span className="muted small" data-testid="job-rate">
            {text.rate}
          </span>
        )}
        {live && job.etaSeconds !== null && <span className="muted small">ETA {duration(job.etaSeconds)}</span>}
        {job.errors > 0 && <span className="error small">{job.errors} errors</span>}
      </div>
      {live && job.kind === 'eval' && <LiveAnswer jobId={job.id} />}
      {job.message && <JobMessage message={job.message} failed={job.status === 'failed'} />}
      <div className="job-actions">
        {live && (
          <button
            type="button"
            disabled={cancelling}
            onClick={() => {
              setCancelling(true);
              void api.cancelJob({ jobId: job.id }).finally(() => setCancelling(false));
            }}
          >
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
        <button type="button" className="link-button" aria-expanded={showLog} onClick={() => setShowLog((on) => !on)}>
          {showLog ? 'Hide log' : 'Show log'}
        </button>
      </div>
      {showLog && <JobLog jobId={job.id} />}
    </li>
  );
}
