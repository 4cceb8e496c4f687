import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { onWorkbenchEvent } from '../../events';

/** The jobs panel shows the end of a streaming answer; the live trace view shows all of it. */
const PANEL_TAIL = 2000;

/**
 * The answer a running evaluation is writing, as it streams (in-process ONNX models stream; servers
 * answer whole). Model text is shown as text, never as markup.
 */
export function LiveAnswer({ jobId }: { jobId: number }) {
  const [partial, setPartial] = useState<{ sampleId: number; sampleIndex: number; text: string } | null>(null);
  useEffect(
    () =>
      onWorkbenchEvent((event) => {
        if (event.type === 'partial' && event.jobId === jobId) setPartial({ sampleId: event.sampleId, sampleIndex: event.sampleIndex, text: event.text.slice(-PANEL_TAIL) });
      }),
    [jobId],
  );
  if (!partial) return null;
  return (
    <div className="live-answer" data-testid="live-answer">
      <span className="muted small">
        writing sample {partial.sampleId}
        {partial.sampleIndex > 0 ? ` (answer ${partial.sampleIndex + 1})` : ''}:{' '}
        <Link to={`/live/${jobId}`} data-testid="watch-live">
          watch it in the trace view →
        </Link>
      </span>
      <pre className="small">{partial.text}</pre>
    </div>
  );
}
