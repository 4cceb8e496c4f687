import { api } from '../../api';
import { Empty, ErrorState, Loading } from '../../components/States';
import { useQuery } from '../../useQuery';
import { formatCount } from '../../format';

/**
 * Learning dynamics over the curriculum on one benchmark: when samples were learned for good,
 * how often learned samples were forgotten again, and how many were never learned.
 */
export function LearningDynamicsPanel({ benchmark, lineage }: { benchmark: string; lineage: string }) {
  const dynamics = useQuery(() => api.learningDynamics({ ...(benchmark ? { benchmark } : {}), lineage, limit: 0 }), [benchmark, lineage]);
  if (dynamics.error) return <ErrorState what="the learning dynamics" error={dynamics.error} retry={dynamics.reload} />;
  if (!dynamics.data) return <Loading what="the learning dynamics" />;
  const { totals, learnedAt, checkpoints } = dynamics.data;
  // In curriculum order, as the learned-at table.
  const order = new Map(checkpoints.map((c, index) => [c.checkpoint, index]));
  const forgettingByTransition = [...dynamics.data.forgettingByTransition].sort((a, b) => (order.get(a.from) ?? 0) - (order.get(b.from) ?? 0));
  // One checkpoint learns nothing and forgets nothing: "always correct" would only be "correct".
  if (totals.samples === 0 || checkpoints.length < 2) {
    return (
      <Empty title="No learning dynamics yet">
        <p className="muted">
          They need the same samples evaluated on several checkpoints of one lineage
          {checkpoints.length === 1 ? ` (this lineage has one: ${checkpoints[0]!.checkpoint})` : ''}.
        </p>
      </Empty>
    );
  }
  const stats: Array<[string, number, string]> = [
    ['samples', totals.samples, 'samples'],
    ['always correct', totals['always-correct'], 'always-correct'],
    ['learned', totals.learned, 'learned'],
    ['forgotten', totals.forgotten, 'forgotten'],
    ['never learned', totals['never-learned'], 'never-learned'],
    ['forgetting events', totals.forgettingEvents, 'forgetting-events'],
  ];
  const most = Math.max(1, ...learnedAt.map((row) => row.count));
  return (
    <div data-testid="learning-dynamics">
      <p className="muted small" data-testid="dynamics-series">
        In order: {checkpoints.map((c) => c.checkpoint).join(' → ')}
      </p>
      <div className="job-summary">
        {stats.map(([label, value, id]) => (
          <span key={id}>
            <strong className="num" data-testid={`dynamics-${id}`}>
              {formatCount(value)}
            </strong>{' '}
            <span className="muted small">{label}</span>
          </span>
        ))}
      </div>
      <div className="chart-grid">
        <table className="share-table" data-testid="learned-at">
          <thead>
            <tr>
              <th>Learned for good at</th>
              <th className="num">Samples</th>
            </tr>
          </thead>
          <tbody>
            {learnedAt.map((row, index) => (
              <tr key={row.checkpoint}>
                <td>
                  {row.checkpoint}
                  {/* Stable from the first checkpoint on: right from the start (the "always correct" count), learned by no stage. */}
                  {index === 0 && <span className="muted small"> (right from the start)</span>}
                </td>
                <td className="num">
                  <span className="share-bar" style={{ width: `${Math.round((row.count / most) * 80)}px` }} aria-hidden="true" />
                  {formatCount(row.count)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="share-table" data-testid="forgetting">
          <thead>
            <tr>
              <th>Forgotten between</th>
              <th className="num">Samples</th>
            </tr>
          </thead>
          <tbody>
            {forgettingByTransition.map((row) => (
              <tr key={`${row.from}→${row.to}`}>
                <td>
                  {row.from} → {row.to}
                </td>
                <td className="num">{formatCount(row.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
