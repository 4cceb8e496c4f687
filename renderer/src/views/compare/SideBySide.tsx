import { Link } from 'react-router-dom';
import type { CheckpointInfo, PredictionDetail } from '@core/types/records';
import { api } from '../../api';
import { ErrorState, Loading } from '../../components/States';
import { StoredImage } from '../../components/StoredImage';
import { Verdict } from '../../components/Verdict';
import { filterName, filterValue, formatCount, seriesColour } from '../../format';
import { ModelMarkdown } from '../../markdown/ModelMarkdown';
import { useQuery } from '../../useQuery';
import { responseOf } from '../trace/ModelOutput';

/** The chosen checkpoints' answers to one sample, side by side, with the answers that differ marked. */
export function SideBySide({ sample, benchmark, checkpoints }: { sample: string; benchmark: string; checkpoints: CheckpointInfo[] }) {
  const names = checkpoints.map((c) => c.name).join('|');
  const details = useQuery(async () => {
    const page = await api.explore({ query: `sample:${filterValue(sample)} benchmark:${filterName(benchmark)}`, limit: 100 });
    const picked = checkpoints.map((checkpoint) => page.rows.find((row) => row.checkpoint === checkpoint.name && row.benchmark === benchmark));
    return Promise.all(picked.map((row) => (row ? api.getPrediction({ predictionId: row.predictionId }) : Promise.resolve(undefined))));
  }, [sample, benchmark, names]);

  if (details.error) return <ErrorState what="the sample" error={details.error} retry={details.reload} />;
  if (!details.data) return <Loading what={`sample ${sample}`} />;
  const found = details.data.filter((p): p is PredictionDetail => p !== undefined);
  if (found.length === 0) return <p className="muted">None of these checkpoints answered sample {sample} of {benchmark}.</p>;
  const first = found[0]!;
  const answers = new Set(found.map((p) => p.extracted ?? ''));
  const image = first.images.find((i) => i.sha256)?.sha256;
  return (
    <div className="side-by-side" data-testid="side-by-side">
      <div className="sbs-sample">
        {image && <StoredImage className="sbs-image" sha256={image} alt={`image of ${sample}`} loading="lazy" />}
        <div>
          <p className="question">{first.question}</p>
          <p>
            Gold: <span className="answer-value">{first.gold}</span>
            {answers.size > 1 ? <span className="badge disagree">answers differ</span> : <span className="badge">same answer</span>}
          </p>
        </div>
      </div>
      <div className="sbs-columns" style={{ gridTemplateColumns: `repeat(${checkpoints.length}, minmax(0, 1fr))` }}>
        {details.data.map((p, index) => {
          const checkpoint = checkpoints[index]!;
          if (!p) {
            return (
              <div key={checkpoint.id} className="sbs-column">
                <h4 style={{ borderColor: seriesColour(index) }}>{checkpoint.name}</h4>
                <p className="muted">No answer to this sample.</p>
              </div>
            );
          }
          const differs = (p.extracted ?? '') !== (first.extracted ?? '') || answers.size > 1;
          return (
            <div key={checkpoint.id} className="sbs-column" data-testid="sbs-column">
              <h4 style={{ borderColor: seriesColour(index) }}>
                <Link to={`/prediction/${p.predictionId}`}>{checkpoint.name}</Link>
              </h4>
              <p>
                <Verdict correct={p.correct} error={p.error} />{' '}
                <span className={`answer-value${differs ? ' differs' : ''}`} title={differs ? 'The checkpoints answer differently' : undefined}>
                  {p.extracted ?? 'nothing extracted'}
                </span>
              </p>
              {p.think !== null && (
                <details className="think">
                  <summary>Thinking ({formatCount(p.think.length)} characters)</summary>
                  <div className="output">
                    <ModelMarkdown text={p.think} />
                  </div>
                </details>
              )}
              <div className="output answer">
                {responseOf(p.rawOutput, p.think).trim() ? (
                  <ModelMarkdown text={responseOf(p.rawOutput, p.think)} mark={p.extracted} />
                ) : (
                  <span className="muted">
                    (nothing after the think part{p.finishReason === 'length' ? ': cut off at the token limit' : ''})
                  </span>
                )}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
