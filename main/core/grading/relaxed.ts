/**
 * ChartQA relaxed accuracy (Methani et al. 2020, as in VLMEvalKit's
 * relaxed_correctness): numbers within 5% relative of the gold count as
 * correct, everything else needs a case-insensitive exact string match.
 * A gold written as a list "[2013, 2016]" accepts any of its members (as
 * VLMEvalKit does after eval()-ing it) and also the whole string.
 */
import { parseNumber, parsedNumbersClose } from './numbers';
import { findNumbers } from './numbers';
import type { ScoreContext, ScoreOutcome, Tolerance } from './types';

const CHARTQA_TOLERANCE: Tolerance = { kind: 'relative', value: 0.05 };

/** Gold alternatives: the string itself plus, for "[a, b]", each member. */
export function expandListGold(gold: string): string[] {
  const m = /^\s*\[(.*)\]\s*$/s.exec(gold);
  if (!m) return [gold];
  const members = m[1]!.split(',').map((x) => x.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean);
  return [gold, ...members];
}

function relaxedMatch(pred: string, gold: string, tol: Tolerance): boolean {
  const p = parseNumber(pred);
  const g = parseNumber(gold);
  // A zero gold cannot carry a relative tolerance: like the reference, fall back to the string.
  if (p && g && g.value !== 0) return parsedNumbersClose(p, g, tol);
  return pred.trim().toLowerCase() === gold.trim().toLowerCase() || (p !== null && g !== null && p.value === g.value);
}

export function scoreRelaxed(ctx: ScoreContext): ScoreOutcome {
  const tol = ctx.tolerance.kind === 'relative' ? ctx.tolerance : CHARTQA_TOLERANCE;
  const pct = `${(tol.value ?? 0) * 100}%`;
  const span = ctx.span.text;
  const golds = ctx.golds.flatMap(expandListGold);
  const goldDesc = ctx.golds.map((g) => JSON.stringify(g)).join(' / ');
  if (span === '') return { correct: false, score: 0, extracted: null, reason: `relaxed: empty answer; gold ${goldDesc}` };
  // A long free-form span with no phrase: its last number is the best guess.
  let pred = span;
  if (span.length > 40 && parseNumber(span) === null) {
    const nums = findNumbers(span);
    if (nums.length > 0) pred = nums[nums.length - 1]!.raw;
  }
  const hit = golds.find((g) => relaxedMatch(pred, g, tol));
  return hit !== undefined
    ? { correct: true, score: 1, extracted: pred, reason: `relaxed: ${JSON.stringify(pred)} matches gold ${JSON.stringify(hit)} (numbers within ${pct}, text exact)` }
    : { correct: false, score: 0, extracted: pred, reason: `relaxed: ${JSON.stringify(pred)} does not match gold ${goldDesc} (numbers within ${pct}, text exact)` };
}
