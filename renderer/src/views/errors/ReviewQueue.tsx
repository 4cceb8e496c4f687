import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { AnnotationRecord } from '@core/types/records';
import { api } from '../../api';
import { Empty, ErrorState, Loading } from '../../components/States';
import { useHotkeys } from '../../hooks/useHotkeys';
import { useQuery } from '../../useQuery';
import { Trace } from '../trace/Trace';
import { formatCount } from '../../format';

/** The queue's own filter: failures nobody has labelled yet, within the chosen scope. */
export const queueQuery = (scope: string): string => `${scope} correct:false labelled:false`.trim();

/**
 * Unlabelled failures one at a time. A label key (1–9) labels the one shown and the queue moves on
 * by itself (the labelled one leaves the list); j skips ahead, k goes back.
 */
export function ReviewQueue() {
  const [params, setParams] = useSearchParams();
  const scope = params.get('scope') ?? '';
  const [draft, setDraft] = useState(scope);
  const [skip, setSkip] = useState(0);
  const [done, setDone] = useState<AnnotationRecord[]>([]);
  useEffect(() => {
    setDraft(scope);
    setSkip(0);
  }, [scope]);
  const query = queueQuery(scope);
  const head = useQuery(() => api.explore({ query, offset: skip, limit: 1 }), [query, skip]);
  const current = head.data?.rows[0];
  const detail = useQuery(
    () => (current ? api.getPrediction({ predictionId: current.predictionId }) : Promise.resolve(undefined)),
    [current?.predictionId],
  );
  const left = head.data?.total ?? 0;

  useHotkeys({
    j: () => setSkip((s) => (s + 1 < left ? s + 1 : s)),
    k: () => setSkip((s) => Math.max(0, s - 1)),
  });

  const scopeForm = (
    <form
      className="filter-bar"
      onSubmit={(event) => {
        event.preventDefault();
        setParams(draft.trim() ? { scope: draft.trim() } : {});
      }}
    >
      <input
        aria-label="Queue scope"
        data-testid="queue-scope"
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') event.currentTarget.blur();
        }}
        placeholder="Scope of the queue, e.g. checkpoint:stage3 benchmark:MathVista (failures without a label are added)"
        spellCheck={false}
      />
      <button type="submit">Set scope</button>
    </form>
  );

  const status = (
    <div className="queue-status">
      <span data-testid="queue-left">
        {head.data ? `${formatCount(left)} unlabelled failure${left === 1 ? '' : 's'} left` : 'counting…'}
      </span>
      {skip > 0 && <span className="muted"> · {skip} skipped</span>}
      {done.length > 0 && (
        <span className="muted" data-testid="queue-done">
          {' '}
          · {done.length} labelled in this session (last: {done.at(-1)!.label})
        </span>
      )}
      <span className="muted"> · a label's key labels and moves on, j skips, k goes back</span>
    </div>
  );

  let body;
  if (head.error) body = <ErrorState what="the queue" error={head.error} retry={head.reload} />;
  else if (!head.data) body = <Loading what="the queue" />;
  else if (!current) {
    body = (
      <Empty title={skip > 0 ? 'You skipped the rest of the queue.' : 'Nothing left to review here.'}>
        <p className="muted">
          {skip > 0 ? (
            <button type="button" className="link-button" onClick={() => setSkip(0)}>
              Back to the first skipped failure
            </button>
          ) : (
            <>
              Every failure in <code>{query}</code> carries a label. See the breakdown under <Link to="/errors">Errors</Link>.
            </>
          )}
        </p>
      </Empty>
    );
  } else if (detail.error) body = <ErrorState what="the trace" error={detail.error} retry={detail.reload} />;
  else if (!detail.data) body = <Loading what="the trace" />;
  else {
    const p = detail.data;
    body = (
      <Trace
        p={p}
        header={
          <nav className="crumbs">
            <span className="crumb-title">
              {p.benchmark} · <b>{p.externalId}</b> · {p.checkpoint}
              {p.simulated && <span className="badge simulated">simulated</span>}
            </span>
            <span className="spacer" />
            <Link to={`/prediction/${p.predictionId}`} className="muted">
              Open on its own page
            </Link>
          </nav>
        }
        onAnnotated={(added) => {
          if (added) {
            setDone((list) => [...list, added]);
            head.reload();
          } else detail.reload();
        }}
      />
    );
  }

  return (
    <section className="review-queue" data-testid="review-queue">
      <div className="view-head">
        <h1>Review queue</h1>
        <span className="muted">Failures without a label, oldest first.</span>
      </div>
      {scopeForm}
      {status}
      {body}
    </section>
  );
}
