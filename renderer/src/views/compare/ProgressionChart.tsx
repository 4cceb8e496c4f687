import { CartesianGrid, ErrorBar, Legend, Line, LineChart, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../../api';
import { uniqueShortLabels } from '../../checkpoint-labels';
import { ErrorState, Loading } from '../../components/States';
import { middleEllipsis, percent, seriesColour, stageLabel } from '../../format';
import { useChanged } from '../../hooks/useChanged';
import { useQuery } from '../../useQuery';

/**
 * Accuracy along one lineage: one point per checkpoint of that lineage (in the workspace order),
 * one line per benchmark with its 95% intervals as error bars on a 0-100% axis, stages shaded;
 * the tooltip gives each point's interval and n. The
 * chosen checkpoints are bold on the axis. Lines never join checkpoints of different lineages.
 */
export function ProgressionChart({ lineage, chosen }: { lineage: string; chosen: string[] }) {
  const progression = useQuery(() => api.stageProgression({ lineage }), [lineage]);
  useChanged(['runs'], progression.reload);
  if (progression.error) return <ErrorState what="the progression" error={progression.error} retry={progression.reload} />;
  if (!progression.data) return <Loading what="the progression" />;
  const { checkpoints } = progression.data;
  const benchmarks = progression.data.benchmarks.filter((series) => series.points.length > 0);
  const labels = uniqueShortLabels(checkpoints.map((c) => ({ ...c, name: c.checkpoint })));
  const data = checkpoints.map((checkpoint) => {
    const row: Record<string, string | number | number[] | null> = { x: labels.get(checkpoint.checkpoint)!, name: checkpoint.checkpoint, stage: checkpoint.stage };
    for (const series of benchmarks) {
      const point = series.points.find((p) => p.checkpoint === checkpoint.checkpoint);
      row[series.benchmark] = point?.accuracy != null ? point.accuracy * 100 : null;
      row[`${series.benchmark}:detail`] = point?.ci ? `95% CI ${percent(point.ci[0])}–${percent(point.ci[1])}, n=${point.n}` : null;
      // The 95% interval as error bars (distances below and above the point), so a step's noise shows.
      row[`${series.benchmark}:ci`] = point?.ci && point.accuracy != null ? [(point.accuracy - point.ci[0]) * 100, (point.ci[1] - point.accuracy) * 100] : null;
    }
    return row;
  });
  if (data.length < 2) return <p className="muted">Progression needs runs of at least two checkpoints of this lineage ({lineage}).</p>;
  const bands: Array<{ stage: string; from: string; to: string }> = [];
  for (const row of data) {
    const last = bands.at(-1);
    if (last && last.stage === row.stage) last.to = String(row.x);
    else bands.push({ stage: String(row.stage), from: String(row.x), to: String(row.x) });
  }
  const chosenNames = new Set(data.filter((row) => chosen.includes(String(row.name))).map((row) => String(row.x)));
  return (
    <div className="chart" data-testid="progression-chart" data-lineage={lineage} data-checkpoints={checkpoints.map((c) => c.checkpoint).join('|')}>
      <ResponsiveContainer width="100%" height={280}>
        <LineChart data={data} margin={{ top: 20, right: 20, bottom: 5, left: 0 }}>
          {bands.map((band, index) => (
            <ReferenceArea
              key={band.stage + band.from}
              x1={band.from}
              x2={band.to}
              fill={index % 2 ? 'var(--accent)' : 'var(--muted)'}
              fillOpacity={0.06}
              label={band.from === band.to ? undefined : { value: stageLabel(band.stage).split(' · ')[0], position: 'insideTop', fontSize: 11, fill: 'var(--muted)' }}
            />
          ))}
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="x"
            stroke="var(--muted)"
            interval={0}
            tick={(props: { x?: number | string; y?: number | string; index?: number; payload?: { value: string } }) => {
              // The first and last labels sit at the plot's edges: anchored inward so they are not cut off.
              const anchor = props.index === 0 ? 'start' : props.index === data.length - 1 ? 'end' : 'middle';
              const on = chosenNames.has(props.payload?.value ?? '');
              return (
                <text x={Number(props.x)} y={Number(props.y) + 12} textAnchor={anchor} fontSize={11} fontWeight={on ? 700 : 400} fill={on ? 'var(--text)' : 'var(--muted)'}>
                  <title>{props.payload?.value}</title>
                  {/* A long name is cut in the middle so every checkpoint keeps a label; the tooltip has it whole. */}
                  {middleEllipsis(props.payload?.value ?? '', 24)}
                </text>
              );
            }}
          />
          {/* From 0 to 100: a zoomed axis makes a step within the noise look like a fall. */}
          <YAxis unit="%" stroke="var(--muted)" tick={{ fontSize: 12 }} domain={[0, 100]} />
          <Tooltip
            formatter={(value, name, item) => {
              const detail = (item?.payload as Record<string, unknown> | undefined)?.[`${String(name)}:detail`];
              return [`${typeof value === 'number' ? percent(value / 100) : String(value)}${detail ? ` (${String(detail)})` : ''}`, name];
            }}
            labelFormatter={(_, payload) => String(payload?.[0]?.payload?.name ?? '')}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
          />
          <Legend itemSorter={null} />
          {benchmarks.map((series, index) => (
            <Line key={series.benchmark} dataKey={series.benchmark} stroke={seriesColour(index)} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false}>
              <ErrorBar dataKey={`${series.benchmark}:ci`} width={4} strokeWidth={1} stroke={seriesColour(index)} direction="y" />
            </Line>
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
