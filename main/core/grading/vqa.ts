/**
 * VQA accuracy (TextVQA, VQAv2): the answer is normalised the standard way
 * (punctuation, articles, number words, contractions) and scores min(1, #humans who gave it / 3)
 * averaged over the leave-one-out subsets of the annotators, as the VQA and TextVQA evaluators and
 * VLMEvalKit's `process_line(method='vqa_score')` do: 0.3 where one of ten agrees, 0.6 for two,
 * 0.9 for three, 1 for four or more; the mean is the benchmark's figure. With fewer than four gold
 * answers (a list of accepted answers, not annotators) it is min(1, matches / their count, at most
 * 3), so a single gold answer scores 0 or 1.
 *
 * `correct` is defined as score >= 0.5, i.e. at least two of the usual ten
 * annotators agree: one lone annotator agreeing (score 1/3) is not enough to
 * call an answer right when filtering failures.
 */
import type { ScoreContext, ScoreOutcome } from './types';

const NUMBER_WORDS: Record<string, string> = {
  none: '0', zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
};
const ARTICLES = new Set(['a', 'an', 'the']);
const CONTRACTIONS: Record<string, string> = {
  aint: "ain't", arent: "aren't", cant: "can't", couldnt: "couldn't", didnt: "didn't", doesnt: "doesn't", dont: "don't",
  hadnt: "hadn't", hasnt: "hasn't", havent: "haven't", isnt: "isn't", shouldnt: "shouldn't", wasnt: "wasn't",
  werent: "weren't", wont: "won't", wouldnt: "wouldn't", youre: "you're", theyre: "they're", whats: "what's", im: "i'm",
};
const PUNCT = [';', '/', '[', ']', '"', '{', '}', '(', ')', '=', '+', '\\', '_', '-', '>', '<', '@', '`', ',', '?', '!'];

/** processPunctuation of the official VQA evaluation, including its quirks (a '.' goes unless a digit follows). */
function processPunctuation(input: string): string {
  const digitComma = /\d,\d/.test(input);
  let out = input;
  for (const p of PUNCT) {
    const glued = input.includes(`${p} `) || input.includes(` ${p}`) || digitComma;
    out = out.split(p).join(glued ? '' : ' ');
  }
  return out.replace(/\.(?!\d)/g, '');
}

/** The official VQA normalisation: processPunctuation, then processDigitArticle. */
export function normalizeVqa(s: string): string {
  const t = processPunctuation(s.replace(/[\n\t]/g, ' ').trim());
  return t
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '' && !ARTICLES.has(w))
    .map((w) => NUMBER_WORDS[w] ?? CONTRACTIONS[w] ?? w)
    .join(' ');
}

/** The mean over each annotator left out of min(1, matches among the others / 3). */
function leaveOneOut(matches: number, annotators: number): number {
  const leftOutMatching = matches * Math.min(1, (matches - 1) / 3);
  const leftOutOther = (annotators - matches) * Math.min(1, matches / 3);
  return (leftOutMatching + leftOutOther) / annotators;
}

export function scoreVqa(ctx: ScoreContext): ScoreOutcome {
  // Only a response with nothing in it is empty: "a" normalises to "", which matches annotators who wrote "a", as in the official evaluator.
  if (ctx.span.text.trim() === '') return { correct: false, score: 0, extracted: null, reason: `vqa: empty answer in ${ctx.span.source}` };
  const pred = normalizeVqa(ctx.span.text);
  const golds = ctx.golds.map(normalizeVqa);
  const matches = golds.filter((g) => g === pred).length;
  const score = golds.length >= 4 ? leaveOneOut(matches, golds.length) : Math.min(1, matches / Math.min(3, Math.max(1, golds.length)));
  return {
    correct: score >= 0.5,
    score,
    extracted: ctx.span.text,
    reason: `vqa: ${JSON.stringify(pred)} given by ${matches} of ${golds.length} annotators -> score ${score.toFixed(2)}`,
  };
}
