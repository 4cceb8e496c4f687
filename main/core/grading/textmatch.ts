/** Text scorer: normalised exact match for short free text ("Paris", "the red car"). */
import { textCommandsToWords, unwrapAnswer } from './normalize';
import type { ScoreContext, ScoreOutcome } from './types';

/**
 * Operations of a formula ("x+1", "y=2", "n^2", "a/b", "2*x"). A hyphen alone is a word's
 * ("e-mail"); "*" and "/" only beside a digit or a one-letter operand, for they are also markdown's
 * bold ("**Time**") and a word's alternatives ("cat/dog").
 */
const FORMULA_OPERATOR = /[+^=<>]|(?<![\p{L}])\p{L}'+(?![\p{L}])|(?:^|[^\p{L}])[\p{L}\d]\s*[*/]\s*[\p{L}\d(]|[\p{L}\d)]\s*[*/]\s*[\p{L}\d](?![\p{L}])/u;
const ARTICLES = new Set(['a', 'an', 'the']);

export function normalizeText(s: string): string {
  // An ellipsis says the list goes on: "1, 2, 3, ..." is not "1, 2, 3".
  const lower = textCommandsToWords(unwrapAnswer(s)).replace(/\.{3}|…|\\[lc]?dots\b/g, ' ellipsis ').toLowerCase();
  // In a formula "a" is a variable and "+" an operation: kept, so that "(+5)(b+2)" is not "(a+5)(b+2)" nor "x+1" "x-1".
  const formula = FORMULA_OPERATOR.test(lower);
  const words = (formula ? lower.replace(/([+\-*/^=<>])/g, ' $1 ').replace(/[^\p{L}\p{N}+\-*/^=<>.']/gu, ' ') : lower.replace(/[\p{P}\p{S}]/gu, ' '))
    .split(/\s+/)
    .map((w) => (formula ? w.replace(/\.+$/, '') : w)) // a sentence's full stop is no decimal point
    .filter((w) => w !== '' && (formula || !ARTICLES.has(w)));
  // "19, 46, and 82", "$1$ and $2$ and $3$", "$21,16$ or $11$": a list of numbers, its conjunctions only separators.
  const numbers = words.filter((w) => w !== 'and' && w !== 'or');
  return numbers.length > 1 && numbers.length < words.length && numbers.every((w) => /^-?\d+(?:\.\d+)?$/.test(w)) ? numbers.join(' ') : words.join(' ');
}

export function scoreText(ctx: ScoreContext): ScoreOutcome {
  const pred = normalizeText(ctx.span.text);
  const goldDesc = ctx.golds.map((g) => JSON.stringify(g)).join(' / ');
  if (pred === '') return { correct: false, score: 0, extracted: null, reason: `text: empty answer in ${ctx.span.source}; gold ${goldDesc}` };
  const hit = ctx.golds.find((g) => normalizeText(g) === pred);
  return hit !== undefined
    ? { correct: true, score: 1, extracted: ctx.span.text, reason: `text: ${JSON.stringify(pred)} equals gold ${JSON.stringify(hit)} after normalisation` }
    : { correct: false, score: 0, extracted: ctx.span.text, reason: `text: ${JSON.stringify(pred)} differs from gold ${goldDesc}` };
}
