import type { SuiteAverage } from '@core/types/analysis';
import { accuracyColour, percent } from '../../format';

/**
 * A checkpoint's macro average over a suite (the seed's way of reporting). Where the checkpoint
 * was not evaluated on every member, the cell says it is partial and over which benchmarks, so
 * it is never mistaken for the seed's full-suite figure.
 */
export function SuiteCell({ average, members }: { average: SuiteAverage | undefined; members: number }) {
  if (!average || average.average === null) return <td className="suite-cell none" title="Not evaluated on this suite's benchmarks" />;
  const covered = average.benchmarks.length;
  const title =
    `Mean of ${covered} of ${members} benchmark accuracies (${average.benchmarks.map((b) => b.benchmark).join(', ')})` +
    (average.complete ? '' : `; not evaluated: ${average.missing.join(', ')}. Partial: not comparable with a full-suite average.`);
  return (
    <td className={`suite-cell${average.complete ? '' : ' partial'}`} style={{ background: average.complete ? accuracyColour(average.average) : undefined }} title={title}>
      <span className="accuracy">{percent(average.average)}</span>
      <div className="sub">
        {average.complete ? `all ${members}` : `partial: ${covered} of ${members}`}
        {average.ci && ` · ${percent(average.ci[0], 0)}–${percent(average.ci[1], 0)}`}
      </div>
    </td>
  );
}
