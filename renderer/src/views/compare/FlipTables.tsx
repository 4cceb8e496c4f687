import type { CheckpointInfo } from '@core/types/records';
import { api } from '../../api';
import { ErrorState, Loading } from '../../components/States';
import { useChanged } from '../../hooks/useChanged';
import { useQuery } from '../../useQuery';
import { FlipTable } from './FlipTable';

/** Flips of every chosen checkpoint against the first one, computed by the core (paired, in SQL). */
export function FlipTables({ checkpoints, onSample }: { checkpoints: CheckpointInfo[]; onSample: (externalId: string, benchmark: string) => void }) {
  const [reference, ...others] = checkpoints;
  const names = checkpoints.map((c) => c.name).join('|');
  const comparisons = useQuery(
    () => Promise.all(others.map((other) => api.compareCheckpoints({ a: reference!.name, b: other.name, includeIds: true, idsLimit: 3 }))),
    [names],
  );
  useChanged(['runs'], comparisons.reload);
  if (!reference || others.length === 0) return null;
  if (comparisons.error) return <ErrorState what="the flips" error={comparisons.error} retry={comparisons.reload} />;
  if (!comparisons.data) return <Loading what="the flips" />;
  return (
    <div className="flip-tables">
      {comparisons.data.map((comparison) => (
        <FlipTable key={comparison.b.checkpoint} comparison={comparison} onSample={onSample} />
      ))}
    </div>
  );
}
