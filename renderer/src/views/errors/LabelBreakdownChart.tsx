import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LabelDefinition } from '@core/types/records';
import { middleEllipsis, seriesColour } from '../../format';

export interface BreakdownGroup {
  /** Axis label (a checkpoint or a benchmark). */
  name: string;
  /** Filter for this group's predictions (e.g. `run:3`, `benchmark:X`). */
  query: string;
  /** Failures in the group, and how many carry each label (by label key). */
  failures: number;
  counts: Record<string, number>;
}

/**
 * Labelled failures per group, stacked by label, with the unlabelled rest shown too; a bar
 * opens its samples. A table under the chart gives the exact numbers.
 */
export function LabelBreakdownChart({
  groups,
  labels,
  sourceName,
  testId,
}: {
  groups: BreakdownGroup[];
  labels: LabelDefinition[];
  /** Whose labels are counted ("people (manual)"): "not labelled" means not labelled by them. */
  sourceName: string;
  testId: string;
}) {
  const navigate = useNavigate();
  const [withUnlabelled, setWithUnlabelled] = useState(false);
  const data = groups.map((group) => {
    const labelled = labels.reduce((sum, label) => sum + (group.counts[label.key] ?? 0), 0);
    return { name: group.name, query: group.query, ...group.counts, unlabelled: Math.max(0, group.failures - labelled) };
  });
  const open = (query: string, label: string): void => void navigate(`/explore?q=${encodeURIComponent(`${query} label:${label}`)}`);
  const notLabelled = `not labelled by ${sourceName}`;
  const used = labels.filter((label) => groups.some((group) => (group.counts[label.key] ?? 0) > 0));
  return (
    <div className="chart" data-testid={testId}>
      <label className="chart-option small muted">
        <input type="checkbox" checked={withUnlabelled} onChange={(event) => setWithUnlabelled(event.target.checked)} /> show failures {notLabelled}
      </label>
      {!withUnlabelled && used.length === 0 && <p className="muted small chart-note">No failure here carries a label yet.</p>}
      <ResponsiveContainer width="100%" height={340}>
        {/* Room on the left for the first slanted name; the legend above the bars, clear of the names below. */}
        <BarChart data={data} margin={{ top: 10, right: 20, bottom: 5, left: 40 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          {/* Real checkpoint names are long: slanted, cut in the middle to 22 characters (the full name is in the tooltip), never overlapping. */}
          <XAxis
            dataKey="name"
            stroke="var(--muted)"
            interval={0}
            height={90}
            tick={(props: { x?: number | string; y?: number | string; payload?: { value: string } }) => {
              const value = props.payload?.value ?? '';
              return (
                <text x={Number(props.x)} y={Number(props.y) + 4} textAnchor="end" fontSize={11} fill="var(--muted)" transform={`rotate(-35 ${Number(props.x)} ${Number(props.y) + 4})`}>
                  <title>{value}</title>
                  {middleEllipsis(value, 22)}
                </text>
              );
            }}
          />
          <YAxis allowDecimals={false} stroke="var(--muted)" tick={{ fontSize: 12 }} />
          <Tooltip contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }} cursor={{ fill: 'var(--panel-2)' }} />
          <Legend itemSorter={null} verticalAlign="top" wrapperStyle={{ paddingBottom: 8 }} />
          {labels.map((label, index) => (
            <Bar
              key={label.key}
              dataKey={label.key}
              name={label.name}
              stackId="labels"
              maxBarSize={70}
              fill={seriesColour(index)}
              isAnimationActive={false}
              cursor="pointer"
              onClick={(entry: { payload?: { query?: string } }) => entry.payload?.query && open(entry.payload.query, label.key)}
            />
          ))}
          {withUnlabelled && (
          <Bar dataKey="unlabelled" name={notLabelled} stackId="labels" maxBarSize={70} fill="var(--border)" isAnimationActive={false} />
          )}
        </BarChart>
      </ResponsiveContainer>
      <table className="breakdown-table">
        <thead>
          <tr>
            <th />
            <th>failures</th>
            {used.map((label) => (
              <th key={label.key}>{label.name}</th>
            ))}
            <th>{notLabelled}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((row, index) => (
            <tr key={row.name}>
              <th>{row.name}</th>
              <td>{groups[index]!.failures}</td>
              {used.map((label) => (
                <td key={label.key}>
                  {(groups[index]!.counts[label.key] ?? 0) > 0 ? (
                    <button type="button" className="link-button" onClick={() => open(row.query, label.key)} data-testid={`breakdown-${label.key}`}>
                      {groups[index]!.counts[label.key]}
                    </button>
                  ) : (
                    <span className="muted">0</span>
                  )}
                </td>
              ))}
              <td>{row.unlabelled}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
