/**
 * Where the trace view marks the extracted answer: in the response after the think part, or,
 * where the model never closed its `<think>` and wrote its answer inside it (`<answer>A</answer>`
 * with no `</think>`, as the grader reads it), in the think part.
 */
export interface AnswerLocation {
  /** The part that holds the extracted answer verbatim; null where neither does (a normalised form). */
  where: 'response' | 'think' | null;
  /** The output opens a think part and never closes it. */
  unclosed: boolean;
}

const THINK_CLOSE = /<\s*\/\s*(?:think|thinking)\s*>/i;

export function answerLocation(raw: string, think: string | null, response: string, extracted: string | null): AnswerLocation {
  const unclosed = think !== null && !THINK_CLOSE.test(raw);
  const answer = extracted?.trim() ?? '';
  if (answer === '' || response.includes(answer)) return { where: 'response', unclosed };
  return { where: unclosed && think!.includes(answer) ? 'think' : null, unclosed };
}
