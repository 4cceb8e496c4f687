import { useNavigate } from 'react-router-dom';
import type { RunSummary } from '@core/types/records';
import { api } from '../../api';
import { Empty, ErrorState, Loading } from '../../components/States';
import { stageLabel } from '../../format';
import { useChanged } from '../../hooks/useChanged';
import { useQuery } from '../../useQuery';
import { RunCell } from './RunCell';

/** Checkpoints (grouped by curriculum stage, ordered by step) × benchmarks, accuracy per cell. */
export function Overview() {
  const overview = useQuery(() => api.overview({}), []);
  const navigate = useNavigate();
  useChanged(['runs'], overview.reload);

  if (overview.error) return <ErrorState what="the runs" error={overview.error} retry={overview.reload} />;
  if (!overview.data) return <Loading what="runs" />;
  const { checkpoints, benchmarks, runs } = overview.data;
  if (runs.length === 0) {
    return (
      <Empty title="No runs yet">
        <p>
          Import results with <code>npx vlm-workbench import</code>, or build the demo workspace with <code>npx vlm-workbench demo</code>.
        </p>
      </Empty>
    );
  }
  const cell = new Map<string, RunSummary>();
  for (const run of runs) cell.set(`${run.checkpointId}:${run.benchmarkId}`, run);
  const shownCheckpoints = checkpoints.filter((c) => benchmarks.some((b) => cell.has(`${c.id}:${b.id}`)));
  const shownBenchmarks = benchmarks.filter((b) => shownCheckpoints.some((c) => cell.has(`${c.id}:${b.id}`)));
  const anySimulated = runs.some((run) => run.simulated);
  const open = (query: string): void => void navigate(`/explore?q=${encodeURIComponent(query)}`);

  return (
    <section className="overview">
      <div className="view-head">
        <h1>Runs</h1>
        <span className="muted">
          {shownCheckpoints.length} checkpoints × {shownBenchmarks.length} benchmark{shownBenchmarks.length === 1 ? '' : 's'}. Click a cell to open
          its samples.
        </span>
        <span className="spacer" />
        <span className="legend" aria-label="Colour scale">
          <span className="muted small">0%</span>
          <span className="legend-scale" />
          <span className="muted small">100%</span>
        </span>
      </div>
      {anySimulated && (
        <p className="notice" data-testid="simulated-notice">
          Runs marked <span className="badge simulated">simulated</span> come from the demo&apos;s simulated model, not a real VLM.
        </p>
      )}
      <div className="matrix-wrap">
        <table className="matrix" data-testid="runs-matrix">
          <thead>
            <tr>
              <th>Checkpoint</th>
              {shownBenchmarks.map((benchmark) => (
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
              const previous = shownCheckpoints[index - 1];
              return [
                newStage && (
                  <tr key={`stage-${checkpoint.stage}-${checkpoint.id}`} className="stage-row">
                    <th colSpan={shownBenchmarks.length + 1}>{stageLabel(checkpoint.stage)}</th>
                  </tr>
                ),
                <tr key={checkpoint.id}>
                  <th className="checkpoint">
                    <button type="button" className="link-button plain" onClick={() => open(`checkpoint:${checkpoint.name}`)} title="Open all its samples">
                      {checkpoint.name}
                    </button>
                    {checkpoint.simulated && <span className="badge simulated">simulated</span>}
                    <div className="sub">
                      {checkpoint.step !== null && `step ${checkpoint.step}`}
                      {checkpoint.baseModel && ` · ${checkpoint.baseModel}`}
                    </div>
                  </th>
                  {shownBenchmarks.map((benchmark) => {
                    const run = cell.get(`${checkpoint.id}:${benchmark.id}`);
                    if (!run) return <td key={benchmark.id} className="none" title="Not evaluated" />;
                    return (
                      <RunCell key={benchmark.id} run={run} previous={previous ? cell.get(`${previous.id}:${benchmark.id}`) : undefined} onOpen={open} />
                    );
                  })}
                </tr>,
              ];
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
