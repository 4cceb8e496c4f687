import { useNavigate } from 'react-router-dom';
import type { CheckpointComparison, FlipStats } from '@core/types/analysis';
import { filterValue, percent, signedPoints } from '../../format';

type Cell = 'aRightBWrong' | 'aWrongBRight' | 'bothWrong' | 'bothRight';

const CELLS: Array<{ cell: Cell; title: string; className: string }> = [
  { cell: 'aRightBWrong', title: 'right → wrong', className: 'broken' },
  { cell: 'aWrongBRight', title: 'wrong → right', className: 'fixed' },
  { cell: 'bothWrong', title: 'both wrong', className: '' },
  { cell: 'bothRight', title: 'both right', className: '' },
];

/** The explorer query of one cell: B's predictions whose sample A answered right (wrong), by B's verdict. */
function cellQuery(runsOfB: number[], a: string, cell: Cell): string {
  const aRight = cell === 'aRightBWrong' || cell === 'bothRight';
  const bRight = cell === 'aWrongBRight' || cell === 'bothRight';
  return `${runsOfB.map((run) => `run:${run}`).join(' ')} vs:${filterValue(`${a}:${aRight ? 'right' : 'wrong'}`)} correct:${bRight}`;
}

const pValue = (p: number): string => (p < 0.001 ? '< 0.001' : p.toFixed(3));

/**
 * How checkpoint B's verdicts moved against A's, per benchmark and pooled: the four cells of the
 * paired table (each count opens its samples in the explorer), the accuracy change with its
 * paired bootstrap interval, and McNemar's exact p on the discordant pairs.
 */
export function FlipTable({ comparison, onSample }: { comparison: CheckpointComparison; onSample: (externalId: string, benchmark: string) => void }) {
  const navigate = useNavigate();
  const a = comparison.a.checkpoint;
  const rows: Array<{ benchmark: string; stats: FlipStats; runs: number[]; examples?: Array<{ externalId: string; cell: Cell }> }> = comparison.benchmarks.map((b) => ({
    benchmark: b.benchmark,
    stats: b,
    runs: [b.runB],
    examples: b.ids
      ? [...b.ids.aRightBWrong.slice(0, 3).map((p) => ({ externalId: p.externalId, cell: 'aRightBWrong' as Cell })), ...b.ids.aWrongBRight.slice(0, 3).map((p) => ({ externalId: p.externalId, cell: 'aWrongBRight' as Cell }))]
      : undefined,
  }));
  if (comparison.benchmarks.length > 1) rows.push({ benchmark: 'all benchmarks', stats: comparison.overall, runs: comparison.benchmarks.map((b) => b.runB) });

  return (
    <div className="flip-block" data-testid="flip-table">
      <h3>
        {a} → {comparison.b.checkpoint}
      </h3>
      {rows.length === 0 ? (
        <p className="muted">These two checkpoints share no benchmark: there is nothing to pair.</p>
      ) : (
        // A narrow window scrolls the table, not the page.
        <div className="flip-table-scroll">
          <table className="flip-table">
            <thead>
              <tr>
                <th>Benchmark</th>
                <th>paired n</th>
                <th>accuracy</th>
                <th>change (95% CI)</th>
                {CELLS.map((cell) => (
                  <th key={cell.cell} className={cell.className}>
                    {cell.title}
                  </th>
                ))}
                <th title="Exact McNemar test on the discordant pairs">McNemar p</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.benchmark}>
                  <th>
                    {row.benchmark}
                    {row.examples && row.examples.length > 0 && (
                      <div className="flip-examples">
                        <span className="muted small">side by side: </span>
                        {row.examples.map((example) => (
                          <button
                            key={`${example.cell}-${example.externalId}`}
                            type="button"
                            className={`link-button small ${example.cell === 'aRightBWrong' ? 'broken' : 'fixed'}`}
                            onClick={() => onSample(example.externalId, row.benchmark)}
                            title={example.cell === 'aRightBWrong' ? 'right → wrong' : 'wrong → right'}
                          >
                            {example.externalId}
                          </button>
                        ))}
                      </div>
                    )}
                  </th>
                  <td className="count">{row.stats.n}</td>
                  <td className="num">
                    {percent(row.stats.aAccuracy)} → {percent(row.stats.bAccuracy)}
                  </td>
                  <td className={`num ${row.stats.diff !== null && row.stats.diff > 0 ? 'fixed' : row.stats.diff !== null && row.stats.diff < 0 ? 'broken' : ''}`}>
                    {row.stats.diff === null ? '—' : signedPoints(row.stats.diff)}
                    {row.stats.diffCi && (
                      <span className="muted small">
                        {' '}
                        [{(row.stats.diffCi[0] * 100).toFixed(1)}, {(row.stats.diffCi[1] * 100).toFixed(1)}]
                      </span>
                    )}
                  </td>
                  {CELLS.map((cell) => (
                    <td key={cell.cell} className={`count ${cell.className}`}>
                      <button
                        type="button"
                        disabled={row.stats[cell.cell] === 0}
                        onClick={() => void navigate(`/explore?q=${encodeURIComponent(cellQuery(row.runs, a, cell.cell))}`)}
                        title={`Open the ${row.stats[cell.cell]} samples (${cell.title}) in the explorer`}
                        data-testid={`flip-${cell.cell}`}
                      >
                        {row.stats[cell.cell]}
                      </button>
                    </td>
                  ))}
                  <td className="num">{pValue(row.stats.mcnemarP)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {comparison.unpaired.length > 0 && <p className="muted small">Only one of the two was evaluated on: {comparison.unpaired.join(', ')}.</p>}
      <OfficialNote comparison={comparison} />
    </div>
  );
}

/** The accuracies above are ours: where a run's official figure differs, the official change is said beside them. */
function OfficialNote({ comparison }: { comparison: CheckpointComparison }) {
  const differing = comparison.benchmarks.filter((row) => row.official?.differs);
  if (differing.length === 0) return null;
  return (
    <p className="official-note small" data-testid="compare-official-note">
      These accuracies are ours. The official figures differ for{' '}
      {differing.map((row, i) => {
        const { a, b } = row.official!;
        const change = a !== null && b !== null ? `, ${signedPoints(b - a)}` : '';
        return (
          <span key={row.benchmark}>
            {i > 0 ? '; ' : ''}
            {row.benchmark} (official {percent(a)} → {percent(b)}
            {change})
          </span>
        );
      })}
      . The runs overview says why.
    </p>
  );
}
