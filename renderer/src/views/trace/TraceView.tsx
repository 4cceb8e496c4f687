import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api';
import { ErrorState, Loading } from '../../components/States';
import { useChanged } from '../../hooks/useChanged';
import { useHotkeys } from '../../hooks/useHotkeys';
import { useQuery } from '../../useQuery';
import { parseSort } from '../explorer/sort';
import { Trace } from './Trace';

/**
 * One prediction on its own route (/prediction/:id). Opened from the explorer it keeps the list
 * it came from (?q=…&pos=…&sort=…): j/k or the arrow keys move through that filtered list.
 */
export function TraceView() {
  const { predictionId } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const id = Number(predictionId);
  const detail = useQuery(() => api.getPrediction({ predictionId: id }), [id]);
  useChanged(['annotations'], detail.reload);
  const query = params.get('q');
  const position = Number(params.get('pos') ?? '-1');
  const sort = parseSort(params.get('sort'));
  const [edge, setEdge] = useState<string>();

  const move = useCallback(
    async (delta: number) => {
      if (query === null || position < 0) return;
      const target = position + delta;
      if (target < 0) {
        setEdge('This is the first sample of the list.');
        return;
      }
      const page = await api.explore({ query, offset: target, limit: 1, ...(sort ? { sort } : {}) });
      const next = page.rows[0];
      if (!next) {
        setEdge('This is the last sample of the list.');
        return;
      }
      setEdge(undefined);
      const search = new URLSearchParams(params);
      search.set('pos', String(target));
      navigate(`/prediction/${next.predictionId}?${search.toString()}`);
    },
    [query, position, sort?.field, sort?.direction, params, navigate], // eslint-disable-line react-hooks/exhaustive-deps
  );

  const back = query !== null ? `/explore?${new URLSearchParams({ q: query, ...(params.get('sort') ? { sort: params.get('sort')! } : {}) })}` : '/explore';
  useHotkeys({
    j: () => void move(1),
    k: () => void move(-1),
    ArrowDown: () => void move(1),
    ArrowUp: () => void move(-1),
    ArrowRight: () => void move(1),
    ArrowLeft: () => void move(-1),
    Escape: () => navigate(back),
  });

  if (!Number.isInteger(id) || id <= 0) return <ErrorState error={`"${predictionId}" is not a prediction id`} />;
  if (detail.error) return <ErrorState what={`prediction ${id}`} error={detail.error} retry={detail.reload} />;
  if (!detail.data) return <Loading what="the trace" />;
  const p = detail.data;
  const header = (
    <nav className="crumbs">
      <Link to={back} data-testid="back-to-list">
        ← Samples
      </Link>
      <span className="crumb-title">
        {p.benchmark} · <b>{p.externalId}</b> · {p.checkpoint}
        {p.simulated && <span className="badge simulated">simulated</span>}
      </span>
      {position >= 0 && (
        <span className="muted" data-testid="list-position">
          #{position + 1} in “{query || 'all predictions'}” · j / k to move
        </span>
      )}
      {edge && <span className="muted">{edge}</span>}
      <span className="spacer" />
      <Link to={`/compare?sample=${encodeURIComponent(p.externalId)}&benchmark=${encodeURIComponent(p.benchmark)}&from=${encodeURIComponent(p.checkpoint)}`} className="muted" data-testid="compare-here">
        Compare checkpoints here →
      </Link>
    </nav>
  );
  return <Trace p={p} header={header} onAnnotated={detail.reload} />;
}
