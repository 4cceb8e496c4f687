/**
 * ChartQA relaxed accuracy (Methani et al. 2020, as in VLMEvalKit's
 * relaxed_correctness): numbers within 5% relative of the gold count as
 * correct, everything else needs a case-insensitive exact string match.
 * A gold written as a Python list of numbers or quoted strings, "[2013, 2016]", accepts any
 * of its members (as VLMEvalKit does after eval()-ing it) and also the whole string.
 */
import { pythonListItems } from '../util/python-literal';
import { unwrapAnswer } from './normalize';
import { extractNumber } from './numeric';
import { parseNumber, parsedNumbersClose } from './numbers';
import type { ScoreContext, ScoreOutcome, Tolerance } from './types';

const CHARTQA_TOLERANCE: Tolerance = { kind: 'relative', value: 0.05 };

/**
 * Gold alternatives: the string itself plus, for a list VLMEvalKit's `eval()` reads as one
 * (`[12, 63, 23]`, `['2013', '2016']`), each member. `[Czech Republic, New Zealand]` or
 * `[2010/11, 2011/12]` are no such list, so only the whole string is the gold, as ChartQA's own
 * evaluation has it.
 */
export function expandListGold(gold: string): string[] {
  return [gold, ...(pythonListItems(gold) ?? [])];
}

function relaxedMatch(pred: string, gold: string, tol: Tolerance): boolean {
  const p = parseNumber(pred);
  const g = parseNumber(gold);
  // A zero gold cannot carry a relative tolerance: like the reference, fall back to the string.
  if (p && g && g.value !== 0) return parsedNumbersClose(p, g, tol);
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  return same(pred, gold) || same(unwrapAnswer(pred), unwrapAnswer(gold)) || (p !== null && g !== null && p.value === g.value);
}

export function scoreRelaxed(ctx: ScoreContext): ScoreOutcome {
  const tol = ctx.tolerance.kind === 'relative' ? ctx.tolerance : CHARTQA_TOLERANCE;
  const pct = `${(tol.value ?? 0) * 100}%`;
  const span = ctx.span.text;
  const golds = ctx.golds.flatMap(expandListGold);
  const goldDesc = ctx.golds.map((g) => JSON.stringify(g)).join(' / ');
  if (span === '') return { correct: false, score: 0, extracted: null, reason: `relaxed: empty answer; gold ${goldDesc}` };
  // A sentence with one number in it ("It is about 42.5 percent of the total"): that number.
  let pred = span;
  if (span.length > 40 && parseNumber(span) === null) {
    const got = extractNumber(span);
    if (got && !got.hedged) pred = got.raw;
  }
  const hit = golds.find((g) => relaxedMatch(pred, g, tol));
  // A member of a list gold is named with its list: `"12" matches "12" of gold "[12, 63, 23]"`.
  const whole = hit === undefined || ctx.golds.includes(hit) ? '' : ` of gold ${goldDesc}`;
  return hit !== undefined
    ? { correct: true, score: 1, extracted: pred, reason: `relaxed: ${JSON.stringify(pred)} matches ${whole ? JSON.stringify(hit) : `gold ${JSON.stringify(hit)}`}${whole} (numbers within ${pct}, text exact)` }
    : { correct: false, score: 0, extracted: pred, reason: `relaxed: ${JSON.stringify(pred)} does not match gold ${goldDesc} (numbers within ${pct}, text exact)` };
}
