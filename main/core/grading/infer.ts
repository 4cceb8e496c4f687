/**
 * Which scorer to use when neither the sample nor the benchmark says:
 * inferred from the shape of the gold answer and the presence of choices.
 */
import { writtenAsBoxes } from './grounding';
import { goldLetterSet, normalizeOptionText } from './mcq';
import { unwrapAnswer } from './normalize';
import { parseNumber } from './numbers';
import { formulaVariables } from './variables';
import { goldYesNo } from './yesno';
import type { ScorerName } from './types';

/** Gold that contains LaTeX or math notation rather than prose. */
const MATH_HINT = /[\\^_{}=<>√π∞≤≥]|\d\s*[+*/×÷]\s*\d|\d\s*-\s*\d|^\s*[-+]?\d*\.?\d+\s*[a-z]\s*$|^\s*[([].*,.*[\])]\s*$|^\s*[a-z]\s*[+\-*/]\s*\w+\s*$/i;

/**
 * Human annotators' answers (VQA's ten, repeated where they agree) rather than a list of accepted
 * answers ("March 14, 2017", "March 14th, 2017"; "51", "51%"), any one of which is right.
 */
function annotatorAnswers(golds: string[]): boolean {
  return golds.length >= 10 || new Set(golds.map((g) => g.trim().toLowerCase())).size < golds.length;
}

/** A Python or JSON dict written as the gold (`{'发票号码': '16734841', …}`): every value counts, not its last number. */
const DICT_GOLD = /^\s*\{\s*(?:'[^']*'|"[^"]*")\s*:[\s\S]*\}\s*$/;

/** A primed symbol (`x'`, `f'(x)`): math, where the prime makes another symbol, not punctuation. */
const PRIMED = /(?<![\p{L}])\p{L}'+(?![\p{L}])/u;

export function inferScorer(golds: string[], goldIsArray: boolean, choices: Array<[string, string]>): ScorerName {
  if (goldIsArray && golds.length > 1) return annotatorAnswers(golds) ? 'vqa' : inferScorer([golds[0]!], false, choices);
  const g = unwrapAnswer(golds[0] ?? '');
  // Qwen2.5-VL's `[{"bbox_2d": […], "label": …}]`: boxes, never the last of their numbers.
  if (writtenAsBoxes(golds[0] ?? '')) return 'grounding';
  if (DICT_GOLD.test(g)) return 'text';
  // "A, C": a multi-select question's set of option letters.
  if (goldLetterSet(g, choices) !== null) return 'mcq';
  if (choices.length > 0) {
    // A letter in either case (LogicVista writes its golds `['a']`).
    const letter = /^\(?([A-Z])\)?\.?$/i.exec(g);
    if (letter && choices.some(([l]) => l.toUpperCase() === letter[1]!.toUpperCase())) return 'mcq';
    const ng = normalizeOptionText(g);
    if (choices.some(([, t]) => normalizeOptionText(t) === ng)) return 'mcq';
  } else if (/^\(?[A-J]\)?$/i.test(g)) {
    // LogicVista's golds are written in lower case (`['a']`); as text, "a" would be an article.
    return 'mcq';
  }
  if (goldYesNo(g) !== null && /^(?:yes|no)$/i.test(g.replace(/[.!]$/, ''))) return 'yesno';
  if (parseNumber(g) !== null) return 'numeric';
  // "(a+5)(b+2)", "2x+3": a formula in variables, where "a" is no article and "+" no punctuation.
  if (MATH_HINT.test(g) || PRIMED.test(g) || formulaVariables(g) !== null) return 'math';
  return 'text';
}
