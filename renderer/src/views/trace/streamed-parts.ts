import type { ThinkSpan } from '@core/types/records';

export interface StreamedParts {
  /** The think part so far (null when the answer has none, or none yet). */
  think: string | null;
  /** True while the think part is open: the model is still reasoning. */
  thinking: boolean;
  /** What the model wrote after its think part (all of it when there is none). */
  response: string;
}

/** A streaming answer cut where the core's trace parser cut it (the event carries its offsets). */
export function streamedParts(text: string, think: ThinkSpan | null): StreamedParts {
  if (!think) return { think: null, thinking: false, response: text };
  return { think: text.slice(think.start, think.end), thinking: !think.closed, response: text.slice(think.postStart).replace(/^\s+/, '') };
}
