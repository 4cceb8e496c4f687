import type { ReactNode } from 'react';
import type { AnnotationRecord, PredictionDetail } from '@core/types/records';
import { LabelPanel } from './LabelPanel';
import { ModelOutput } from './ModelOutput';
import { QuestionPanel } from './QuestionPanel';
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
          <QuestionPanel
            sampleKey={p.sampleId}
            externalId={p.externalId}
            images={p.images}
            question={p.question}
            choices={p.choices}
            gold={p.gold}
            picked={p.extracted}
          />
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
