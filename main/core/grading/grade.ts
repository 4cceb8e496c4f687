/**
 * The dispatcher: parse the trace, decide the scorer, run it.
 *
 * Scorer precedence: an explicit per-sample answerType (anything but
 * 'auto') > the benchmark's scorer when the registry knows the benchmark and
 * it is not 'per-sample' > inference from the gold (infer.ts). The
 * benchmark's tolerance applies whichever scorer runs.
 */
import { lookupBenchmark } from './benchmarks';
import { scoreGrounding } from './grounding';
import { inferScorer } from './infer';
import { scoreMath } from './math';
import { normalizeChoices, scoreMcq } from './mcq';
import { finalSpan } from './normalize';
import { scoreNumeric } from './numeric';
import { scoreRelaxed } from './relaxed';
import { scoreText } from './textmatch';
import { parseTraceDetailed, postThink } from './trace';
import type { GradeInput, GradeResult, ScoreContext, ScoreOutcome, ScorerName, Tolerance } from './types';
import { GRADER_VERSION } from './version';
import { isScorerName } from './scorer-names';

export { isScorerName } from './scorer-names';
import { scoreVqa } from './vqa';
import { scoreYesNo } from './yesno';

const SCORERS: Record<ScorerName, (ctx: ScoreContext) => ScoreOutcome> = {
  mcq: scoreMcq,
  yesno: scoreYesNo,
  numeric: scoreNumeric,
  math: scoreMath,
  relaxed: scoreRelaxed,
  vqa: scoreVqa,
  text: scoreText,
  grounding: scoreGrounding,
};


const DEFAULT_TOLERANCE: Tolerance = { kind: 'exact' };

/** A gold written in the answer tags the model was trained to write (R1-V-style data: `<answer> True </answer>`). */
const IN_ANSWER_TAGS = /^\s*<answer>\s*([\s\S]*?)\s*<\/answer>\s*$/i;

function goldList(answer: GradeInput['answer']): string[] {
  const list = Array.isArray(answer) ? answer : [answer];
  return list.map((a) => String(a)).map((a) => IN_ANSWER_TAGS.exec(a)?.[1] ?? a).filter((a) => a.trim() !== '');
}

export function grade(input: GradeInput): GradeResult {
  const prediction = typeof input.prediction === 'string' ? input.prediction : String(input.prediction ?? '');
  const { trace, source } = parseTraceDetailed(prediction);
  const golds = goldList(input.answer);
  const choices = normalizeChoices(input.choices);
  const bench = lookupBenchmark(input.benchmark);

  let scorer: ScorerName;
  if (input.answerType && input.answerType !== 'auto' && isScorerName(input.answerType)) scorer = input.answerType;
  else if (bench && bench.scorer !== 'per-sample') scorer = bench.scorer;
  else scorer = inferScorer(golds, Array.isArray(input.answer), choices);

  const base = { scorer, graderVersion: GRADER_VERSION, trace };
  if (golds.length === 0) return { ...base, correct: false, score: 0, extracted: null, reason: `${scorer}: no gold answer` };

  const ctx: ScoreContext = {
    trace,
    span: finalSpan(trace.answer, source),
    fullText: postThink(prediction),
    golds,
    choices,
    tolerance: bench?.tolerance ?? DEFAULT_TOLERANCE,
    benchmark: bench?.name,
    ...(input.question ? { question: input.question } : {}),
  };
  // A refusal ("I cannot determine …") is not an answer, whatever number it happens to end on;
  // an explicit answer (a box, an answer tag or an "answer is" phrase) still counts.
  const explicit = ctx.span.source === 'box' || ctx.span.source === 'answer tag' || ctx.span.source === 'answer phrase' || ctx.span.source === 'answer field';
  if (!explicit && (scorer === 'numeric' || scorer === 'math' || scorer === 'relaxed') && REFUSAL.test(trace.answer)) {
    return { ...base, correct: false, score: 0, extracted: null, reason: `${scorer}: the response declines to answer (no boxed or stated answer)` };
  }
  return { ...base, ...SCORERS[scorer](ctx) };
}

const REFUSAL = /\b(?:I(?:'m| am) (?:sorry|unable)|I (?:cannot|can't|can not) (?:determine|answer|tell|see|provide|solve|help)|(?:cannot|can't|can not) be determined|(?:not|insufficient) (?:enough )?information to (?:determine|answer)|unable to (?:determine|answer))/i;
