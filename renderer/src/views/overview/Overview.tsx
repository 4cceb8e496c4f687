import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { CheckpointInfo, RunSummary } from '@core/types/records';
import { api } from '../../api';
import { Empty, ErrorState, Loading } from '../../components/States';
import { filterName, stageLabel } from '../../format';
import { useChanged } from '../../hooks/useChanged';
import { useStoredState } from '../../hooks/useStoredState';
import { useQuery } from '../../useQuery';
import { BenchmarkPicker } from './BenchmarkPicker';
import { groupBenchmarks, SUITE_LABELS, suiteOfBenchmark } from './benchmark-columns';
import { CheckpointHead } from './CheckpointHead';
import { RunCell } from './RunCell';
import { SuiteCell } from './SuiteCell';

const SUITES = ['main', 'extended'] as const;

/**
 * Checkpoints × benchmarks, accuracy per cell. Rows are grouped by lineage (one training line)
 * in the workspace's checkpoint order, which the researcher changes by dragging rows (or ▲▼);
 * deltas compare a checkpoint with the one before it in its own lineage only. Suite averages
 * come first, then the benchmarks grouped by suite; the checkpoint column and the header stay
 * in view when the matrix scrolls, and benchmarks can be hidden.
 */
export function Overview() {
  const overview = useQuery(() => api.overview({}), []);
  const suites = useQuery(() => Promise.all(SUITES.map((suite) => api.suiteAverages({ suite, replicates: 500 }))), []);
  const navigate = useNavigate();
  const [hidden, setHidden] = useStoredState<string[]>('overview.hiddenBenchmarks', []);
  const [dragging, setDragging] = useState<CheckpointInfo | null>(null);
  const [problem, setProblem] = useState<string>();
  useChanged(['runs'], () => {
    overview.reload();
    suites.reload();
  });

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
  const evaluatedBenchmarks = benchmarks.filter((b) => shownCheckpoints.some((c) => cell.has(`${c.id}:${b.id}`)));
  const groups = groupBenchmarks(evaluatedBenchmarks, suiteOfBenchmark(suites.data ?? []));
  const columns = groups.flatMap((group) =>
    group.benchmarks.filter((b) => !hidden.includes(b.name)).map((benchmark, index) => ({ benchmark, suite: group.suite, firstOfGroup: index === 0 })),
  );
  const suiteColumns = (suites.data ?? []).filter((suite) => suite.checkpoints.length > 0);
  const anySimulated = runs.some((run) => run.simulated);
  const open = (query: string): void => void navigate(`/explore?q=${encodeURIComponent(query)}`);

  // Lineages in the order of their first checkpoint; each keeps the workspace order inside.
  const lineages: Array<{ lineage: string; members: CheckpointInfo[] }> = [];
  for (const checkpoint of shownCheckpoints) {
    const group = lineages.find((l) => l.lineage === checkpoint.lineage);
    if (group) group.members.push(checkpoint);
    else lineages.push({ lineage: checkpoint.lineage, members: [checkpoint] });
  }
  const act = (work: Promise<unknown>): void =>
    void work.then(
      () => {
        setProblem(undefined);
        overview.reload();
      },
      (error: unknown) => setProblem(error instanceof Error ? error.message : String(error)),
    );
  const reorder = (members: CheckpointInfo[], moved: CheckpointInfo, to: number): void => {
    const names = members.map((c) => c.name).filter((name) => name !== moved.name);
    names.splice(Math.max(0, Math.min(to, names.length)), 0, moved.name);
    act(api.setCheckpointOrder({ names }));
  };
  const width = suiteColumns.length + columns.length + 1;

  return (
    <section className="overview">
      <div className="view-head">
        <h1>Runs</h1>
        <span className="muted">
          {shownCheckpoints.length} checkpoints in {lineages.length} lineage{lineages.length === 1 ? '' : 's'} × {evaluatedBenchmarks.length} benchmark
          {evaluatedBenchmarks.length === 1 ? '' : 's'}. Click a cell to open its samples; drag a checkpoint to reorder its lineage.
        </span>
        <span className="spacer" />
        <BenchmarkPicker groups={groups} hidden={hidden} onChange={setHidden} />
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
      {problem && <p className="notice error">{problem}</p>}
      {suites.error && (
        <p className="notice error" data-testid="suites-error">
          The suite averages could not be computed ({suites.error}), so the benchmarks are not grouped by suite.{' '}
          <button type="button" className="link-button" onClick={suites.reload}>
            Try again
          </button>
        </p>
      )}
      <div className="matrix-wrap" data-testid="matrix-scroller">
        <table className="matrix" data-testid="runs-matrix">
          <thead>
            <tr>
              <th className="corner">Checkpoint</th>
              {suiteColumns.map((suite) => (
                <th key={suite.suite} className="suite-head" data-testid={`suite-head-${suite.suite}`}>
                  <div className="suite-tag">average</div>
                  {SUITE_LABELS[suite.suite]}
                  {/* How many of the suite's benchmarks this workspace holds: an average over 1 of 10 is said so here too. */}
                  <div className="sub">
                    {columns.filter((column) => column.suite === suite.suite).length} of {suite.members.length} benchmarks here
                  </div>
                </th>
              ))}
              {columns.map(({ benchmark, suite, firstOfGroup }) => (
                <th key={benchmark.id} className={firstOfGroup ? 'group-start' : undefined} data-testid="benchmark-head">
                  <div className="suite-tag">{firstOfGroup ? SUITE_LABELS[suite] : ' '}</div>
                  <span title={benchmark.name}>{benchmark.name}</span>
                  <div className="sub">{benchmark.samples} samples</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lineages.map(({ lineage, members }) => [
              <tr key={`lineage-${lineage}`} className="lineage-row" data-testid="lineage-row">
                <th className="lineage-head">
                  {lineage}
                  {members.length > 1 ? <span className="muted small"> · {members.length} checkpoints</span> : <span className="muted small"> · unrelated to the others</span>}
                </th>
                <td colSpan={width - 1} />
              </tr>,
              ...members.flatMap((checkpoint, index) => {
                const newStage = checkpoint.stage !== '' && (index === 0 || members[index - 1]!.stage !== checkpoint.stage);
                // The delta's reference: the last checkpoint before it, in its own lineage, evaluated on the benchmark.
                const previousRun = (benchmarkId: number): RunSummary | undefined =>
                  members
                    .slice(0, index)
                    .reverse()
                    .map((c) => cell.get(`${c.id}:${benchmarkId}`))
                    .find((run) => run !== undefined);
                return [
                  newStage && (
                    <tr key={`stage-${checkpoint.id}`} className="stage-row">
                      <th>{stageLabel(checkpoint.stage)}</th>
                      <td colSpan={width - 1} />
                    </tr>
                  ),
                  <tr
                    key={checkpoint.id}
                    draggable
                    className={dragging?.id === checkpoint.id ? 'dragging' : undefined}
                    data-testid={`checkpoint-row-${checkpoint.name}`}
                    onDragStart={(event) => {
                      event.dataTransfer.effectAllowed = 'move';
                      event.dataTransfer.setData('text/plain', checkpoint.name);
                      setDragging(checkpoint);
                    }}
                    onDragEnd={() => setDragging(null)}
                    onDragOver={(event) => {
                      if (dragging && dragging.lineage === checkpoint.lineage) event.preventDefault();
                    }}
                    onDrop={(event) => {
                      event.preventDefault();
                      if (dragging && dragging.lineage === checkpoint.lineage && dragging.id !== checkpoint.id) reorder(members, dragging, index);
                      setDragging(null);
                    }}
                  >
                    <CheckpointHead
                      checkpoint={checkpoint}
                      onOpen={() => open(`checkpoint:${filterName(checkpoint.name)}`)}
                      canMoveUp={index > 0}
                      canMoveDown={index < members.length - 1}
                      onMove={(direction) => reorder(members, checkpoint, index + direction)}
                      onLineage={(next) => act(api.setCheckpointLineage({ names: [checkpoint.name], lineage: next }))}
                    />
                    {suiteColumns.map((suite) => (
                      <SuiteCell key={suite.suite} average={suite.checkpoints.find((c) => c.checkpoint === checkpoint.name)} members={suite.members.length} />
                    ))}
                    {columns.map(({ benchmark, firstOfGroup }) => {
                      const run = cell.get(`${checkpoint.id}:${benchmark.id}`);
                      if (!run) return <td key={benchmark.id} className={`none${firstOfGroup ? ' group-start' : ''}`} title="Not evaluated" />;
                      return <RunCell key={benchmark.id} run={run} previous={previousRun(benchmark.id)} onOpen={open} />;
                    })}
                  </tr>,
                ];
              }),
            ])}
          </tbody>
        </table>
      </div>
    </section>
  );
}
