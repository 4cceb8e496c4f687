import { api } from '../../api';
import { ErrorState, Loading } from '../../components/States';
import { useChanged } from '../../hooks/useChanged';
import { useQuery } from '../../useQuery';

/** A job's last log lines, refreshed while it runs. */
export function JobLog({ jobId }: { jobId: number }) {
  const log = useQuery(() => api.jobLog({ jobId, limit: 500 }), [jobId]);
  useChanged(['jobs'], log.reload);
  if (log.error) return <ErrorState what="the log" error={log.error} retry={log.reload} />;
  if (!log.data) return <Loading what="the log" />;
  if (log.data.length === 0) return <p className="muted small">This job wrote no log lines.</p>;
  return (
    <pre className="job-log" data-testid="job-log">
      {log.data.map((entry) => `${entry.at.slice(11, 19)}  ${entry.line}`).join('\n')}
    </pre>
  );
}
