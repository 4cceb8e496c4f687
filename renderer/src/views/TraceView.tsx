import { useCallback, useEffect } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { ExplorerSortField } from '../../../main/core/api/contract';
import { api } from '../api';
import { Verdict } from '../components/Verdict';
import { useQuery } from '../useQuery';

/**
 * One prediction: image, question, gold, the model's output (think part collapsible) and the
 * verdict with the grader's reason. Model output is shown as plain text: it never executes.
 * j/k (or the arrow keys) move through the explorer list it was opened from.
 */
export function TraceView() {
  const { predictionId } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const id = Number(predictionId);
  const detail = useQuery(() => api.getPrediction({ predictionId: id }), [id]);
  const query = params.get('q');
  const position = Number(params.get('pos') ?? '-1');
  const sortParam = params.get('sort');

  const move = useCallback(
    async (delta: number) => {
      if (query === null || position < 0) return;
      const target = position + delta;
      if (target < 0) return;
      const [field, direction] = sortParam?.split(':') ?? [];
      const page = await api.explore({
        query,
        offset: target,
        limit: 1,
        ...(field ? { sort: { field: field as ExplorerSortField, direction: direction === 'desc' ? 'desc' : 'asc' } } : {}),
      });
      const next = page.rows[0];
      if (!next) return;
      const search = new URLSearchParams(params);
      search.set('pos', String(target));
      navigate(`/prediction/${next.predictionId}?${search.toString()}`);
    },
    [query, position, sortParam, params, navigate],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      if (event.key === 'j' || event.key === 'ArrowDown' || event.key === 'ArrowRight') void move(1);
      if (event.key === 'k' || event.key === 'ArrowUp' || event.key === 'ArrowLeft') void move(-1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move]);

  if (detail.error) return <p className="error">Could not load prediction {predictionId}: {detail.error}</p>;
  if (!detail.data) return <p className="loading">Loading…</p>;
  const p = detail.data;
  const latest = p.grades[0];
  return (
    <article className="trace" data-testid="trace-view">
      <nav className="crumbs">
        <Link to={query !== null ? `/explore?q=${encodeURIComponent(query)}` : '/explore'}>← Samples</Link>
        <span>
          {p.benchmark} · {p.externalId} · {p.checkpoint}
          {p.simulated && <span className="badge simulated">simulated</span>}
        </span>
        {position >= 0 && <span className="muted">j / k to move</span>}
      </nav>
      <div className="trace-grid">
        <div className="trace-left">
          {p.images.map((image, index) =>
            image.sha256 ? (
              <a key={index} href={api.imageUrl(image.sha256)} target="_blank" rel="noreferrer">
                <img className="sample-image" src={api.imageUrl(image.sha256)} alt={`image ${index + 1} of ${p.externalId}`} />
              </a>
            ) : (
              <div key={index} className="missing-image">image missing: {image.missing}</div>
            ),
          )}
          <h3>Question</h3>
          <p className="question" data-testid="question">{p.question}</p>
          {p.choices && (
            <ol className="choices">
              {Object.entries(p.choices).map(([letter, text]) => (
                <li key={letter} className={letter === p.gold ? 'gold' : undefined}>
                  <b>{letter}.</b> {text}
                </li>
              ))}
            </ol>
          )}
          <dl className="facts">
            <dt>Gold</dt>
            <dd data-testid="gold">{p.gold}</dd>
            <dt>Extracted</dt>
            <dd className="extracted">{p.extracted ?? '—'}</dd>
            <dt>Verdict</dt>
            <dd>
              <Verdict correct={p.correct} error={p.error} /> {latest && <span className="reason">{latest.reason}</span>}
            </dd>
            {p.officialCorrect !== null && (
              <>
                <dt>Official</dt>
                <dd>
                  <Verdict correct={p.officialCorrect} /> {p.officialExtracted && <span className="reason">extracted “{p.officialExtracted}”</span>}
                </dd>
              </>
            )}
            <dt>Format</dt>
            <dd>{p.formatOk === null ? '—' : p.formatOk ? 'compliant' : 'violates <think>…</think> \\boxed{}'}</dd>
            <dt>Tokens</dt>
            <dd>
              {p.promptTokens ?? '—'} in · {p.completionTokens ?? '—'} out · finish {p.finishReason ?? '—'}
            </dd>
            <dt>Latency</dt>
            <dd>{p.latencyMs === null ? '—' : `${Math.round(p.latencyMs)} ms`}</dd>
          </dl>
        </div>
        <div className="trace-right">
          <h3>Model output</h3>
          {p.think !== null && (
            <details open className="think">
              <summary>Thinking ({p.think.length.toLocaleString()} characters)</summary>
              <pre className="output">{p.think}</pre>
            </details>
          )}
          <h3>Answer part</h3>
          <pre className="output answer" data-testid="answer-part">{p.answerPart || '(empty)'}</pre>
          <details className="raw">
            <summary>Raw output</summary>
            <pre className="output">{p.rawOutput}</pre>
          </details>
          {p.error && <p className="error">Request failed: {p.error}</p>}
        </div>
      </div>
    </article>
  );
}
