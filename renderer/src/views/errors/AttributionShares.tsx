import type { AttributionShareRow, Share } from '@core/types/analysis';
import { formatCount, percent } from '../../format';

type Row = AttributionShareRow & { key: string; scope: string };

function ShareCell({ share, testId, kind }: { share: Share; testId?: string; kind: 'perception' | 'reasoning' }) {
  if (share.share === null) return <td className="num muted">–</td>;
  return (
    <td className="num" data-testid={testId} title={`${share.count} of ${share.n} labelled failures`}>
      <span className={`share-bar ${kind}`} style={{ width: `${Math.round(share.share * 60)}px` }} aria-hidden="true" />
      {percent(share.share)}
      {share.ci && <span className="muted small"> [{percent(share.ci[0], 0)}–{percent(share.ci[1], 0)}]</span>}
    </td>
  );
}

/** Share of failures attributed to perception and to reasoning, one row per scope and label source, with Wilson 95% intervals. */
export function AttributionShares({ rows, testId, scopeTitle }: { rows: Row[]; testId: string; scopeTitle: string }) {
  return (
    <table className="share-table" data-testid={testId}>
      <thead>
        <tr>
          <th>{scopeTitle}</th>
          <th>Source</th>
          <th className="num">Failures</th>
          <th className="num">Labelled</th>
          <th className="num">Perception (95% CI)</th>
          <th className="num">Reasoning (95% CI)</th>
          <th className="num">Errors</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <td>{row.scope}</td>
            <td className="small">{row.source}</td>
            <td className="num">{formatCount(row.failures)}</td>
            <td className="num">{formatCount(row.labelled)}</td>
            <ShareCell share={row.perception} kind="perception" testId="perception-share" />
            <ShareCell share={row.reasoning} kind="reasoning" />
            <td className="num">{formatCount(row.errors)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
