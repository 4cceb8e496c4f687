import { grade, GRADER_VERSION, parseTrace, type ScorerChoice } from './grading';
import type { StoredSample } from './store/catalog';
import type { PredictionInput } from './store/runs';

export type TraceAndVerdict = Pick<PredictionInput, 'thinkStart' | 'thinkEnd' | 'answerPart' | 'formatOk' | 'verdict'>;

/** What grading reads of a sample (all of it plain data, so it can be sent to a worker thread). */
export type GradableSample = Pick<StoredSample, 'answer' | 'choices' | 'answerType'> & { question?: string };

/** Parses and grades one raw model output against its sample, in the shape the store keeps. */
export function judgeOutput(sample: GradableSample, benchmark: string, rawOutput: string, scorer?: ScorerChoice): TraceAndVerdict {
  const trace = parseTrace(rawOutput);
  let thinkStart: number | null = null;
  let thinkEnd: number | null = null;
  if (trace.think !== null) {
    // The think part is stored as offsets into the raw output, not as a second copy of the text.
    const at = rawOutput.indexOf(trace.think);
    if (at >= 0) {
      thinkStart = at;
      thinkEnd = at + trace.think.length;
    }
  }
  const result = grade({
    prediction: rawOutput,
    answer: goldOf(sample),
    choices: sample.choices,
    answerType: scorer ?? (sample.answerType as ScorerChoice | null) ?? 'auto',
    benchmark,
    question: sample.question,
  });
  return {
    thinkStart,
    thinkEnd,
    answerPart: trace.answer,
    formatOk: trace.formatCompliant,
    verdict: {
      scorer: result.scorer,
      graderVersion: GRADER_VERSION,
      correct: result.correct,
      score: result.score,
      extracted: result.extracted,
      reason: result.reason,
    },
  };
}

/** A gold answer stored as a JSON array (VQA's ten human answers) is handed over as a list. */
function goldOf(sample: GradableSample): string | string[] {
  if (sample.answer.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(sample.answer);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) return parsed;
    } catch {
      // Not JSON after all: a gold answer that merely starts with a bracket, e.g. an interval.
    }
  }
  return sample.answer;
}
