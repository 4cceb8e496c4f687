import { Bar, BarChart, CartesianGrid, ErrorBar, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CheckpointInfo, RunSummary } from '@core/types/records';
import { uniqueShortLabels } from '../../checkpoint-labels';
import { middleEllipsis, percent, seriesColour } from '../../format';

/** Per-benchmark accuracy of the chosen checkpoints, with 95% intervals as error bars. */

/** A benchmark's name on the axis, at most this long (the tooltip has it whole). */
const LABEL_CHARS = 24;

/** Cut in the middle: prompt variants differ at the end (`TextVQA_VAL…VAL_[0]`, `…VAL_[1]`). */
const shortLabel = (name: string): string => middleEllipsis(name, LABEL_CHARS);
export function AccuracyBars({ checkpoints, runs }: { checkpoints: CheckpointInfo[]; runs: RunSummary[] }) {
  const benchmarks = [...new Set(runs.filter((r) => checkpoints.some((c) => c.id === r.checkpointId)).map((r) => r.benchmark))];
  const labels = uniqueShortLabels(checkpoints);
  const checkpointShort = (checkpoint: CheckpointInfo): string => labels.get(checkpoint.name)!;
  const data = benchmarks.map((benchmark) => {
    const row: Record<string, string | number | [number, number] | null> = { benchmark };
    for (const checkpoint of checkpoints) {
      const run = runs.find((r) => r.checkpointId === checkpoint.id && r.benchmark === benchmark);
      const key = checkpointShort(checkpoint);
      row[key] = run?.accuracy !== null && run?.accuracy !== undefined ? run.accuracy * 100 : null;
      row[`${key}:ci`] = run?.ci && run.accuracy !== null ? [(run.accuracy - run.ci[0]) * 100, (run.ci[1] - run.accuracy) * 100] : null;
    }
    return row;
  });
  if (data.length === 0) return <p className="muted">These checkpoints have no runs.</p>;
  const crowded = data.length > 6;
  return (
    <div className="chart" data-testid="accuracy-bars">
      <ResponsiveContainer width="100%" height={crowded ? 320 : 260}>
        <BarChart data={data} margin={{ top: 10, right: 20, bottom: 5, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          {/* Every group named: recharts otherwise drops labels that would touch; many benchmarks slant theirs. */}
          <XAxis
            dataKey="benchmark"
            stroke="var(--muted)"
            tick={{ fontSize: crowded ? 11 : 12 }}
            interval={0}
            tickFormatter={shortLabel}
            {...(crowded ? { angle: -25, textAnchor: 'end', height: 80 } : {})}
          />
          <YAxis domain={[0, 100]} unit="%" stroke="var(--muted)" tick={{ fontSize: 12 }} />
          <Tooltip
            formatter={(value) => (typeof value === 'number' ? percent(value / 100) : String(value))}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
          />
          <Legend itemSorter={null} />
          {checkpoints.map((checkpoint, index) => {
            const key = checkpointShort(checkpoint);
            return (
              <Bar key={checkpoint.id} dataKey={key} name={checkpoint.name} fill={seriesColour(index)} maxBarSize={90} isAnimationActive={false}>
                <ErrorBar dataKey={`${key}:ci`} width={4} strokeWidth={1.5} stroke="var(--text)" direction="y" />
              </Bar>
            );
          })}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
