import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ATTRIBUTION_SOURCES, type AttributionSourceKind } from '@core/types/analysis';
import { api } from '../../api';
import { ErrorState, Loading } from '../../components/States';
import { filterName, formatCount } from '../../format';
import { useChanged } from '../../hooks/useChanged';
import { labelAuthor, useTaxonomy } from '../../hooks/useTaxonomy';
import { useQuery } from '../../useQuery';
import { AttributionPanel } from './AttributionPanel';
import { LabelBreakdownChart } from './LabelBreakdownChart';
import { queueQuery } from './ReviewQueue';
import { TaxonomyEditor } from './TaxonomyEditor';
import { useLabelBreakdown } from './useLabelBreakdown';

const SOURCE_NAMES: Record<AttributionSourceKind, string> = { manual: 'people (manual)', judge: 'an LLM judge', counterfactual: 'the caption counterfactual' };

/** Error analysis: the review queue's entry, the label breakdown per checkpoint and benchmark, and the taxonomy. */
export function ErrorAnalysis() {
  const overview = useQuery(() => api.overview({}), []);
  const taxonomy = useTaxonomy();
  const [picked, setSource] = useState<AttributionSourceKind | null>(null);
  const breakdown = useLabelBreakdown(overview.data, taxonomy.data, picked);
  const { source, labelsOf } = breakdown;
  const [scope, setScope] = useState('');
  const [author, setAuthor] = useState(labelAuthor.get());
  const queue = useQuery(() => api.explore({ query: queueQuery(scope), limit: 1 }), [scope]);
  useChanged(['annotations'], queue.reload);

  return (
    <section className="errors" data-testid="error-analysis">
      <div className="view-head">
        <h1>Error analysis</h1>
        <span className="muted">Label failures, then see where each kind of failure lives.</span>
      </div>

      <div className="queue-card">
        <div>
          <div className="big" data-testid="unlabelled-count">
            {queue.data ? formatCount(queue.data.total) : '…'}
          </div>
          <div className="muted small" title="failures with no label from people, an LLM judge or the caption counterfactual">
            failures no one has labelled yet
          </div>
        </div>
        <label>
          in{' '}
          <select value={scope} onChange={(event) => setScope(event.target.value)} aria-label="Scope of the review queue">
            <option value="">every checkpoint</option>
            {overview.data?.checkpoints.map((checkpoint) => (
              <option key={checkpoint.id} value={`checkpoint:${filterName(checkpoint.name)}`}>
                {checkpoint.name}
              </option>
            ))}
          </select>
        </label>
        <Link to={`/review${scope ? `?scope=${encodeURIComponent(scope)}` : ''}`} className="button-link" data-testid="start-review">
          Start reviewing →
        </Link>
        <span className="spacer" />
        <label className="small">
          Label as{' '}
          <input
            value={author}
            placeholder="your name"
            title="Empty: the user name of the machine running the core"
            onChange={(event) => {
              setAuthor(event.target.value);
              labelAuthor.set(event.target.value);
            }}
            aria-label="Your name for new labels"
          />
        </label>
      </div>

      <div className="section-head">
        <h2>Labels per checkpoint</h2>
        <label className="small">
          Labels from{' '}
          <select value={source} onChange={(event) => setSource(event.target.value as AttributionSourceKind)} aria-label="Source of the labels">
            {ATTRIBUTION_SOURCES.map((kind) => (
              <option key={kind} value={kind}>
                {SOURCE_NAMES[kind]} ({formatCount(labelsOf(kind))})
              </option>
            ))}
          </select>
        </label>
      </div>
      {breakdown.error || taxonomy.error || overview.error ? (
        <ErrorState what="the label breakdown" error={breakdown.error ?? taxonomy.error ?? overview.error ?? ''} retry={breakdown.reload} />
      ) : !breakdown.data || !taxonomy.data ? (
        <Loading what="the label breakdown" />
      ) : (
        <>
          <LabelBreakdownChart groups={breakdown.data.byCheckpoint} labels={taxonomy.data} sourceName={SOURCE_NAMES[source]} testId="breakdown-by-checkpoint" />
          <h2>Labels per benchmark</h2>
          <LabelBreakdownChart groups={breakdown.data.byBenchmark} labels={taxonomy.data} sourceName={SOURCE_NAMES[source]} testId="breakdown-by-benchmark" />
        </>
      )}

      {overview.data && <AttributionPanel checkpoints={overview.data.checkpoints} />}

      <h2>Taxonomy</h2>
      <p className="muted small">
        The labels of this workspace and their keys in the trace view and the review queue. A label already used can be renamed but not removed.
      </p>
      <TaxonomyEditor />
    </section>
  );
}
