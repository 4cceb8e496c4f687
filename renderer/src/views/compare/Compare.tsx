import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { CheckpointInfo } from '@core/types/records';
import { api } from '../../api';
import { Empty, ErrorState, Loading } from '../../components/States';
import { useChanged } from '../../hooks/useChanged';
import { useQuery } from '../../useQuery';
import { AccuracyBars } from './AccuracyBars';
import { CheckpointPicker } from './CheckpointPicker';
import { LearningDynamicsPanel } from './LearningDynamicsPanel';
import { FlipTables } from './FlipTables';
import { ProgressionChart } from './ProgressionChart';
import { SideBySide } from './SideBySide';
import { defaultPair, pairWith, LineagePicker } from './lineage';

/**
 * Checkpoint comparison: 2–4 checkpoints (?c=id,id), their accuracy per benchmark, the flips
 * between them (from the server), one sample side by side (?sample=…&benchmark=…), and the
 * whole curriculum's progression.
 */
export function Compare() {
  const [params, setParams] = useSearchParams();
  const overview = useQuery(() => api.overview({}), []);
  const sample = params.get('sample') ?? '';
  const benchmarkParam = params.get('benchmark') ?? '';
  const [sampleDraft, setSampleDraft] = useState(sample);
  useEffect(() => setSampleDraft(sample), [sample]);
  useChanged(['runs'], overview.reload);

  if (overview.error) return <ErrorState what="the checkpoints" error={overview.error} retry={overview.reload} />;
  if (!overview.data) return <Loading what="checkpoints" />;
  const { checkpoints, runs, benchmarks } = overview.data;
  const evaluated = checkpoints.filter((c) => runs.some((r) => r.checkpointId === c.id));
  if (evaluated.length < 2) {
    return (
      <Empty title="Nothing to compare yet">
        <p className="muted">Comparison needs runs of at least two checkpoints.</p>
      </Empty>
    );
  }
  const fromUrl = (params.get('c') ?? '')
    .split(',')
    .map(Number)
    .filter((id) => evaluated.some((c) => c.id === id));
  // `c` present (even as '-', nothing chosen) is the researcher's choice; absent, the default pair.
  // From a trace (`from`): its checkpoint beside the one before it that answered the same sample's benchmark.
  const fromTrace = params.get('from');
  const traceBenchmark = benchmarks.find((b) => b.name === benchmarkParam)?.id;
  const chosenIds = params.has('c') ? fromUrl : ((fromTrace ? pairWith(evaluated, runs, fromTrace, traceBenchmark) : null) ?? defaultPair(evaluated, runs));
  const chosen = chosenIds.map((id) => evaluated.find((c) => c.id === id)!) as CheckpointInfo[];
  const chosenBenchmarks = new Set(runs.filter((r) => r.checkpointId === chosen[0]?.id).map((r) => r.benchmarkId));
  const benchmark =
    benchmarkParam || benchmarks.find((b) => chosenBenchmarks.has(b.id))?.name || benchmarks.find((b) => runs.some((r) => r.benchmarkId === b.id))?.name || '';
  // Progression and learning dynamics follow one lineage: the first chosen checkpoint's unless picked.
  const lineages = [...new Set(evaluated.map((c) => c.lineage))];
  const lineage = params.get('lineage') || chosen[0]?.lineage || lineages[0]!;

  const update = (changes: Record<string, string | undefined>): void => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  return (
    <section className="compare" data-testid="compare-view">
      <div className="view-head">
        <h1>Compare checkpoints</h1>
        <span className="muted">Choose 2–4 checkpoints; the first is the reference for flips.</span>
      </div>
      <CheckpointPicker checkpoints={evaluated} chosen={chosenIds} onChange={(ids) => update({ c: ids.join(',') || '-' })} />
      {chosen.length < 2 ? (
        <p className="notice">Choose at least two checkpoints.</p>
      ) : (
        <>
          <div className="chart-grid">
            <section>
              <h2>Accuracy per benchmark</h2>
              <AccuracyBars checkpoints={chosen} runs={runs} />
            </section>
            <section>
              <h2>
                Progression of{' '}
                <LineagePicker lineages={lineages} value={lineage} onChange={(next) => update({ lineage: next })} />
              </h2>
              <ProgressionChart lineage={lineage} chosen={chosen.map((c) => c.name)} />
            </section>
          </div>
          <section>
            <h2>Flips</h2>
            <FlipTables checkpoints={chosen} onSample={(externalId, benchmarkName) => update({ sample: externalId, benchmark: benchmarkName })} />
          </section>
          <section>
            <h2>
              Learning dynamics of {lineage} on {benchmark || 'every benchmark'}
            </h2>
            <LearningDynamicsPanel benchmark={benchmark} lineage={lineage} />
          </section>
          <section>
            <h2>One sample, side by side</h2>
            <form
              className="sample-form"
              onSubmit={(event) => {
                event.preventDefault();
                update({ sample: sampleDraft.trim() || undefined, benchmark });
              }}
            >
              <label>
                Sample id <input value={sampleDraft} onChange={(event) => setSampleDraft(event.target.value)} placeholder="the benchmark's own id" aria-label="Sample id" />
              </label>
              <label>
                of{' '}
                <select value={benchmark} onChange={(event) => update({ benchmark: event.target.value })} aria-label="Benchmark">
                  {benchmarks.map((b) => (
                    <option key={b.id} value={b.name}>
                      {b.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit">Show</button>
              <span className="muted small">or pick one from a flip list above</span>
            </form>
            {sample ? <SideBySide sample={sample} benchmark={benchmark} checkpoints={chosen} /> : <p className="muted">No sample chosen yet.</p>}
          </section>
        </>
      )}
    </section>
  );
}
