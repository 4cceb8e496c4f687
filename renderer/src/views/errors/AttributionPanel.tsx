import { useEffect, useState } from 'react';
import type { AttributionSourceKind } from '@core/types/analysis';
import type { CheckpointInfo, JobInfo } from '@core/types/records';
import { api } from '../../api';
import { Empty, ErrorState, Loading } from '../../components/States';
import { errorText, jobFinished, useJob } from '../../hooks/useJob';
import { stageLabel } from '../../format';
import { useQuery } from '../../useQuery';
import { AttributionShares } from './AttributionShares';

/**
 * Perception or reasoning? Starts a caption-counterfactual pass (the question asked again with
 * the dataset's caption in place of the image) and shows the attributed shares per checkpoint and stage.
 */
export function AttributionPanel({ checkpoints }: { checkpoints: CheckpointInfo[] }) {
  const [checkpoint, setCheckpoint] = useState('');
  const [source, setSource] = useState<AttributionSourceKind | ''>('');
  const [started, setStarted] = useState<JobInfo>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const job = useJob(started);
  const summary = useQuery(() => api.attributionSummary(source ? { source } : {}), [source]);
  const [endpoint, setEndpoint] = useState('');
  const [model, setModel] = useState('');
  const done = jobFinished(job);
  // Keyed by the job too: a short pass can already be finished when it is first seen.
  useEffect(() => {
    if (done) summary.reload();
  }, [done, job?.id, summary.reload]);

  const chosen = checkpoint || checkpoints[0]?.name || '';
  const simulated = checkpoints.find((c) => c.name === chosen)?.simulated ?? false;
  // A real checkpoint is asked again where it is served; a simulated one answers in process.
  const server = simulated ? undefined : { endpoint: endpoint.trim(), model: model.trim() };
  const serverMissing = server !== undefined && (server.endpoint === '' || server.model === '');
  const start = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.startAttribution({ checkpoint: chosen, method: 'counterfactual', captionSource: 'dataset', ...(server ? { server } : {}) });
      const jobs = await api.listJobs({ limit: 50 });
      const job = jobs.find((j) => j.id === result.jobId);
      setStarted(job);
      if (!job) summary.reload();
    } catch (reason) {
      setError(errorText(reason));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="workflow-card" data-testid="attribution-panel">
      <h2>Perception or reasoning?</h2>
      <p className="muted small">
        The caption counterfactual asks each failed question again with the dataset&apos;s caption instead of the image: a failure fixed by the caption is
        attributed to perception.{' '}
        {simulated ? 'Simulated checkpoints need no server.' : 'The checkpoint is asked again where it is served: give its OpenAI-compatible endpoint and model.'}
      </p>
      <div className="import-options">
        <label>
          checkpoint{' '}
          <select value={chosen} onChange={(e) => setCheckpoint(e.target.value)} aria-label="Checkpoint to attribute">
            {checkpoints.map((c) => (
              <option key={c.id} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {!simulated && (
          <>
            <label>
              served at{' '}
              <input value={endpoint} onChange={(e) => setEndpoint(e.target.value)} placeholder="http://gpu-box:8000/v1" aria-label="Endpoint serving the checkpoint" data-testid="attribution-endpoint" />
            </label>
            <label>
              model <input value={model} onChange={(e) => setModel(e.target.value)} placeholder="served model name" aria-label="Served model name" data-testid="attribution-model" />
            </label>
          </>
        )}
        <button
          type="button"
          className="primary"
          onClick={() => void start()}
          disabled={busy || !chosen || serverMissing || (job !== undefined && !done)}
          title={serverMissing ? 'Give the endpoint and model that serve this checkpoint' : undefined}
          data-testid="start-attribution"
        >
          {busy ? 'Starting…' : 'Run caption counterfactual'}
        </button>
        {job && (
          <span className="small" role="status" data-testid="attribution-status">
            {job.status} {job.total > 0 && `${job.done} / ${job.total}`}
            {job.status === 'failed' && <span className="error"> {job.message}</span>}
          </span>
        )}
        <span className="spacer" />
        <label>
          labels from{' '}
          <select value={source} onChange={(e) => setSource(e.target.value as AttributionSourceKind | '')} aria-label="Attribution source">
            <option value="">every source</option>
            <option value="counterfactual">caption counterfactual</option>
            <option value="judge">LLM judge</option>
            <option value="manual">people (manual)</option>
          </select>
        </label>
      </div>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      {summary.error ? (
        <ErrorState what="the attribution" error={summary.error} retry={summary.reload} />
      ) : !summary.data ? (
        <Loading what="the attribution" />
      ) : summary.data.checkpoints.length === 0 ? (
        <Empty title="No failures attributed yet">
          <p className="muted">Run the caption counterfactual above, or label failures by hand.</p>
        </Empty>
      ) : (
        <>
          <h3>Per checkpoint</h3>
          <AttributionShares
            testId="attribution-by-checkpoint"
            scopeTitle="Checkpoint"
            rows={summary.data.checkpoints.map((row) => ({ ...row, key: `${row.checkpoint}|${row.source}`, scope: row.checkpoint }))}
          />
          <h3>Per stage</h3>
          <AttributionShares
            testId="attribution-by-stage"
            scopeTitle="Stage"
            rows={summary.data.stages.map((row) => ({ ...row, key: `${row.stage}|${row.source}`, scope: stageLabel(row.stage) }))}
          />
        </>
      )}
    </div>
  );
}
