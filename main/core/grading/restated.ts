/**
 * A yes/no question answered by saying it back (LLaVA on MathVista: "Is Periwinkle the maximum?"
 * answered "Based on the image, Periwinkle is not the maximum."): no yes or no is written, but the
 * sentence that says the question's words, in the question's order, is a yes, or a no where it
 * negates them. A sentence that reorders them ("there are more green things than red buses" for
 * "Are there more red buses than green things?") says something else and is no answer.
 */
/** Words that carry no content of the question's claim (its verb, articles, "based on the image"). */
const FUNCTION_WORDS = new Set(
  ('is are was were am be been being do does did done there here the a an of in on at to for by with from this that these those it its ' +
    "it's would will can could should shall may might must have has had based image picture figure shown according given visible see seen " +
    'show shows as and or so then also actually question answer hint choices').split(' '),
);
const NEGATION = /\b(?:not|no|never|none|neither|nor|cannot|nothing|nobody)\b|n't\b/i;
/** Longer questions or sentences than these are not compared (the comparison is quadratic). */
const MAX_WORDS = 60;
/** Share of the question's content words the sentence must say in order. */
const SAID_BACK = 0.8;

const contentWords = (text: string): string[] =>
  (text.toLowerCase().match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? []).filter((word) => !FUNCTION_WORDS.has(word));

/** The same word, or the same with an ending of at most two letters ("bus"/"buses", "car"/"cars"). */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 3 && long.length - short.length <= 2 && long.startsWith(short);
}

/** Length of the longest common subsequence of two word lists. */
function inOrder(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const word of a) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) current[j] = sameWord(word, b[j - 1]!) ? previous[j - 1]! + 1 : Math.max(previous[j]!, current[j - 1]!);
    previous = current;
  }
  return previous[b.length]!;
}

/** The question itself: its last line that asks (a prompt may add hints and options around it). */
function askingLine(question: string): string {
  const lines = question.split('\n').map((line) => line.trim()).filter(Boolean);
  return (lines.filter((line) => line.endsWith('?')).at(-1) ?? lines[0] ?? '').replace(/^question\s*:\s*/i, '');
}

/**
 * A question answered by yes or no opens with its verb ("Is …", "Are there …", "Does …"), after
 * any lead-in ("According to the image, is …"); "Which month has the lowest …?" is not one, and
 * "the month with the lowest … is September" says no yes.
 */
const YES_NO_QUESTION = /^(?:[^,?]{0,80},\s*)?(?:is|are|was|were|am|do|does|did|can|could|will|would|should|shall|has|have|had|may|might|must)\b/i;
/** A sentence that declines ("it is not possible to determine whether …") answers nothing. */
const DECLINES =
  /\b(?:not\s+possible|impossible|cannot|can't|can\s+not|unable|not\s+able|hard|difficult)\s+(?:to\s+)?(?:\w+\s+){0,2}?(?:determine|tell|say|see|know|answer|confirm|identify)\b|\b(?:not\s+clear|unclear|uncertain|not\s+certain|not\s+sure)\s+(?:if|whether)\b/i;

export interface RestatedAnswer {
  value: 'yes' | 'no';
  sentence: string;
  /** How it was read, for a verdict's reason. */
  via: string;
}

/** The yes or no an answer gives by saying the question back, or null where no sentence does. */
export function restatedYesNo(question: string | undefined, answer: string): RestatedAnswer | null {
  if (!question) return null;
  const asked = askingLine(question);
  if (!YES_NO_QUESTION.test(asked)) return null;
  const wanted = contentWords(asked);
  if (wanted.length < 2 || wanted.length > MAX_WORDS) return null;
  let best: { sentence: string; said: number } | null = null;
  for (const sentence of answer.split(/(?<=[.!?])\s+|\n+/)) {
    if (sentence.trim().endsWith('?') || DECLINES.test(sentence)) continue;
    const words = contentWords(sentence);
    if (words.length === 0 || words.length > MAX_WORDS) continue;
    const said = inOrder(wanted, words) / wanted.length;
    if (said >= SAID_BACK && (best === null || said > best.said)) best = { sentence: sentence.trim(), said };
  }
  if (!best) return null;
  // "Is X not Y?" said back as "X is not Y" is a yes.
  const negated = NEGATION.test(best.sentence) !== NEGATION.test(asked);
  return { value: negated ? 'no' : 'yes', sentence: best.sentence, via: `the question said back${negated ? ', negated' : ''} ("${best.sentence.slice(0, 80)}")` };
}
