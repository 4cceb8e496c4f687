/**
 * Which scorer to use when neither the sample nor the benchmark says:
 * inferred from the shape of the gold answer and the presence of choices.
 */
import { goldLetterSet, normalizeOptionText } from './mcq';
import { unwrapAnswer } from './normalize';
import { parseNumber } from './numbers';
import { formulaVariables } from './variables';
import { goldYesNo } from './yesno';
import type { ScorerName } from './types';

/** Gold that contains LaTeX or math notation rather than prose. */
const MATH_HINT = /[\\^_{}=<>√π∞≤≥]|\d\s*[+*/×÷]\s*\d|\d\s*-\s*\d|^\s*[-+]?\d*\.?\d+\s*[a-z]\s*$|^\s*[([].*,.*[\])]\s*$|^\s*[a-z]\s*[+\-*/]\s*\w+\s*$/i;

export function inferScorer(golds: string[], goldIsArray: boolean, choices: Array<[string, string]>): ScorerName {
  if (goldIsArray && golds.length > 1) return 'vqa';
  const g = unwrapAnswer(golds[0] ?? '');
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
  if (MATH_HINT.test(g) || formulaVariables(g) !== null) return 'math';
  return 'text';
}
