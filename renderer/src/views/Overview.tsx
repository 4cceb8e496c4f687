import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import type { RunSummary } from '../../../main/core/api/contract';
import { api } from '../api';
import { accuracyColour, percent, STAGE_LABELS } from '../format';
import { useQuery } from '../useQuery';

/** Checkpoints (grouped by curriculum stage, ordered by step) x benchmarks, accuracy per cell. */
export function Overview() {
  const overview = useQuery(() => api.overview({}), []);
  const navigate = useNavigate();
  const { reload } = overview;
  useEffect(
    () =>
      api.subscribe((event) => {
        if ((event.type === 'changed' && event.what === 'runs') || (event.type === 'job' && event.job.status === 'completed')) reload();
      }),
    [reload],
  );

  if (overview.error) return <p className="error">Could not load the runs: {overview.error}</p>;
  if (!overview.data) return <p className="loading">Loading runs…</p>;
  const { checkpoints, benchmarks, runs } = overview.data;
  if (runs.length === 0) {
    return (
      <div className="empty">
        <h2>No runs yet</h2>
        <p>
          Import results with <code>npx vlm-workbench import</code>, or build the demo workspace with <code>npx vlm-workbench demo</code>.
        </p>
      </div>
    );
  }
  const cell = new Map<string, RunSummary>();
  for (const run of runs) cell.set(`${run.checkpointId}:${run.benchmarkId}`, run);
  const shownCheckpoints = checkpoints.filter((c) => benchmarks.some((b) => cell.has(`${c.id}:${b.id}`)));
  const anySimulated = runs.some((run) => run.simulated);

  return (
    <section>
      <h1>Runs</h1>
      {anySimulated && (
        <p className="notice" data-testid="simulated-notice">
          Runs marked <span className="badge simulated">simulated</span> come from the demo&apos;s simulated model, not a real VLM.
        </p>
      )}
      <table className="matrix" data-testid="runs-matrix">
        <thead>
          <tr>
            <th>Checkpoint</th>
            {benchmarks.map((benchmark) => (
              <th key={benchmark.id}>
                {benchmark.name}
                <div className="sub">{benchmark.samples} samples</div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shownCheckpoints.map((checkpoint, index) => {
            const newStage = index === 0 || shownCheckpoints[index - 1]!.stage !== checkpoint.stage;
            return [
              newStage && (
                <tr key={`stage-${checkpoint.stage}-${checkpoint.id}`} className="stage-row">
                  <th colSpan={benchmarks.length + 1}>{STAGE_LABELS[checkpoint.stage] ?? (checkpoint.stage || 'Unstaged')}</th>
                </tr>
              ),
              <tr key={checkpoint.id}>
                <th className="checkpoint">
                  {checkpoint.name}
                  {checkpoint.simulated && <span className="badge simulated">simulated</span>}
                  {checkpoint.step !== null && <div className="sub">step {checkpoint.step}</div>}
                </th>
                {benchmarks.map((benchmark) => {
                  const run = cell.get(`${checkpoint.id}:${benchmark.id}`);
                  if (!run) return <td key={benchmark.id} className="none" />;
                  return (
                    <td
                      key={benchmark.id}
                      className="run-cell"
                      style={{ background: accuracyColour(run.accuracy) }}
                      onClick={() => navigate(`/explore?q=${encodeURIComponent(`run:${run.runId}`)}`)}
                      title={`Open the ${run.n} graded samples of run ${run.runId}`}
                      data-testid={`cell-${run.runId}`}
                    >
                      <div className="accuracy">{percent(run.accuracy)}</div>
                      <div className="sub">
                        {run.ci ? `${percent(run.ci[0], 0)}–${percent(run.ci[1], 0)}` : ''} · n={run.n}
                      </div>
                      {run.officialAccuracy !== null && <div className="sub official">official {percent(run.officialAccuracy)}</div>}
                      {run.errors > 0 && <div className="sub error">{run.errors} errors</div>}
                    </td>
                  );
                })}
              </tr>,
            ];
          })}
        </tbody>
      </table>
    </section>
  );
}
