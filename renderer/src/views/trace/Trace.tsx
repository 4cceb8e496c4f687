import { ModelMarkdown } from '../../markdown/ModelMarkdown';
import type { ReactNode } from 'react';
import type { AnnotationRecord, PredictionDetail } from '@core/types/records';
import { api } from '../../api';
import { StoredImageViewer } from '../../components/StoredImage';
import { LabelPanel } from './LabelPanel';
import { ModelOutput } from './ModelOutput';
import { TraceFacts } from './TraceFacts';

/** One prediction laid out for reading: image and facts on the left, the model's output on the right. */
export function Trace({
  p,
  header,
  onAnnotated,
}: {
  p: PredictionDetail;
  header: ReactNode;
  onAnnotated: (added?: AnnotationRecord) => void;
}) {
  return (
    <article className="trace" data-testid="trace-view" data-prediction={p.predictionId}>
      {header}
      <div className="trace-grid">
        <div className="trace-left">
          {p.images.length === 0 && <div className="missing-image">This question has no image.</div>}
          {p.images.map((image, index) =>
            image.sha256 ? (
              <StoredImageViewer key={`${p.sampleId}-${index}`} sha256={image.sha256} alt={`image ${index + 1} of ${p.externalId}`} />
            ) : (
              <div key={index} className="missing-image">
                Image missing: {image.missing}
              </div>
            ),
          )}
          <h3>Question</h3>
          {/* Questions carry LaTeX (MATH-V, MathVista): typeset by the same safe pipeline as model output (KaTeX, trust off). */}
          <div className="question" data-testid="question">
            <ModelMarkdown text={p.question} />
          </div>
          {p.choices && (
            <ol className="choices">
              {Object.entries(p.choices).map(([letter, text]) => (
                <li key={letter} className={[letter === p.gold ? 'gold' : '', letter === p.extracted ? 'picked' : ''].join(' ').trim() || undefined}>
                  <b>{letter}.</b> {text}
                  {letter === p.gold && <span className="badge">gold</span>}
                  {letter === p.extracted && <span className="badge picked">model</span>}
                </li>
              ))}
            </ol>
          )}
          <TraceFacts p={p} />
          <LabelPanel key={p.predictionId} predictionId={p.predictionId} annotations={p.annotations} onChanged={onAnnotated} />
        </div>
        <div className="trace-right">
          <ModelOutput key={p.predictionId} p={p} />
        </div>
      </div>
    </article>
  );
}
