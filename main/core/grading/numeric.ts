/**
 * Numeric scorer: reads one number from the response (the whole final span
 * when it is a number, else a constant LaTeX expression, else the last
 * number of the span) and compares it with the gold within the benchmark's
 * tolerance (default: relative 1e-6).
 */
import { evaluateConstant } from './math';
import { type ParsedNumber, findNumbers, numberWord, parseNumber, parsedNumbersClose } from './numbers';
import { unwrapAnswer } from './normalize';
import { formulaVariables } from './variables';
import type { ScoreContext, ScoreOutcome } from './types';

/** Math notation worth a parse: LaTeX, radicals, powers, or plain arithmetic and ratios ("2:3"). */
const MATH_NOTATION = /\\|√|π|\^|sqrt|\bpi\b|^[\d\s.+\-*/():]+$/;

/** A gold or a short answer as a number: plain forms first, then constant LaTeX ("\frac{\sqrt{3}}{2}"). */
export function readNumber(s0: string): ParsedNumber | null {
  const s = unwrapAnswer(s0); // gold may come as "$\boxed{12}$"
  const direct = parseNumber(s);
  if (direct) return direct;
  // Only math notation goes to the parser; prose ("The value is about 45%") falls through to number scanning.
  if (s.length > 120 || !MATH_NOTATION.test(s)) return null;
  const v = evaluateConstant(s);
  return v === null ? null : { value: v, percent: false };
}

export interface NumberPick {
  raw: string;
  num: ParsedNumber;
  via: string;
  /** Several different numbers offered as alternatives ("2000 and 2005", "3 or 4"). */
  hedged: boolean;
}

/** An interval, possibly negated or a union's part: `[0,1)`, `-[0,1)`, `(-\infty, 2]`. */
const INTERVAL = /^\s*[-+]?\s*[[(]\s*[^,()[\]]+,\s*[^,()[\]]+[\])]\s*$/;

/**
 * What a span holds instead of a number, where its numbers are not its answer: a formula in
 * variables (the 2 of "2a", the 0 of "\sum_{k=0}^{n} k") or an interval (`$-[0,1)$` is not 1).
 */
function notANumber(span: string): string | null {
  const variables = formulaVariables(span);
  if (variables) return `a formula in ${variables.join(', ')} (${JSON.stringify(span)})`;
  return INTERVAL.test(unwrapAnswer(span)) ? `an interval or a pair (${JSON.stringify(span)})` : null;
}

/** Only connectors between the numbers of a span: "3 or 4", "2000 and 2005", "1, 2". */
const CONNECTORS_ONLY = /^(?:\s|,|;|&|\/|\[|\]|\(|\)|\band\b|\bor\b)*$/i;

export function extractNumber(span: string): NumberPick | null {
  const whole = readNumber(span);
  if (whole) return { raw: span, num: whole, via: 'whole answer', hedged: false };
  if (notANumber(span) !== null) return null;
  const stated = statedCount(span);
  if (stated) return stated;
  const nums = findNumbers(span);
  const last = nums[nums.length - 1];
  if (!last) return countInWords(span);
  let rest = span;
  for (const n of nums) rest = rest.replace(n.raw, ' ');
  const distinct = new Set(nums.map((n) => n.value));
  const hedged = distinct.size > 1 && CONNECTORS_ONLY.test(rest);
  return { raw: hedged ? nums.map((n) => n.raw).join(', ') : last.raw, num: last, via: hedged ? 'several numbers' : 'last number', hedged };
}

const COUNT_WORDS = 'no|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty';
/** A count stated in words where no digit is written: "there are three small objects left", "there are no cubes". */
const COUNT_IN_WORDS = new RegExp(String.raw`\b(?:there\s+(?:are|is|were|was|remains?)|leaves?|left\s+with|total\s+of|answer\s+is)\s+(?:only\s+|exactly\s+|just\s+|now\s+)?(${COUNT_WORDS})\b`, 'gi');
/** A last sentence that states a count: "There are 3 bars with values below 40." */
const STATED_COUNT = new RegExp(String.raw`^there\s+(?:are|is|were|was|remains?)\s+(?:only\s+|exactly\s+|just\s+)?(\d+|${COUNT_WORDS})\b(.*)$`, 'is');
/** A comparison and the number it compares with: the condition of a count ("sold less than 5 units", "at least 60"). */
const CONDITION = /\b(?:less|fewer|more|greater|larger|smaller|lower|higher|bigger|below|above|under|over|exceeding|least|most)\s+(?:than\s+)?(?:[a-z]+\s+){0,2}?-?\d[\d,.]*%?/gi;
/** Words after which a sentence's later number is its conclusion, not a condition on the count ("…, so 8 in total"). */
const CONCLUDES = /\b(?:so|therefore|thus|hence|total|in all|altogether|sum|makes?|gives?)\b|=/i;

/**
 * The count a response's last sentence states ("There are 2 items sold less than 5 units"): its
 * answer, not the last number of its condition (5), as MathVista's extraction reads it.
 */
function statedCount(span: string): NumberPick | null {
  const sentence = span.trim().split(/(?<=[.!?])\s+|\n+/).filter((part) => part.trim() !== '').pop()?.trim() ?? '';
  const match = STATED_COUNT.exec(sentence);
  if (!match || CONCLUDES.test(match[2]!)) return null;
  // Any later number must be a condition on what is counted ("below 40", "fewer than 81"), not another quantity ("and 4/9 remain").
  if (/\d/.test(match[2]!.replace(CONDITION, ' '))) return null;
  const word = match[1]!.toLowerCase();
  const value = /^\d/.test(word) ? Number(word) : word === 'no' ? 0 : numberWord(word);
  return value === null ? null : { raw: match[1]!, num: { value, percent: false }, via: 'count the last sentence states', hedged: false };
}

function countInWords(span: string): NumberPick | null {
  let found: RegExpExecArray | null = null;
  COUNT_IN_WORDS.lastIndex = 0;
  for (let m = COUNT_IN_WORDS.exec(span); m; m = COUNT_IN_WORDS.exec(span)) found = m;
  if (!found) return null;
  const word = found[1]!.toLowerCase();
  const value = word === 'no' ? 0 : numberWord(word);
  return value === null ? null : { raw: found[1]!, num: { value, percent: false }, via: 'count in words', hedged: false };
}

function describeTolerance(ctx: ScoreContext): string {
  return ctx.tolerance.kind === 'relative' && ctx.tolerance.value !== undefined ? `within ${ctx.tolerance.value * 100}%` : 'exact';
}

export function scoreNumeric(ctx: ScoreContext): ScoreOutcome {
  const golds = ctx.golds.map((g) => ({ raw: g, num: readNumber(g) }));
  const goldDesc = ctx.golds.map((g) => JSON.stringify(g)).join(' / ');
  const got = extractNumber(ctx.span.text);
  if (!got) {
    const instead = notANumber(ctx.span.text);
    return { correct: false, score: 0, extracted: instead ? ctx.span.text : null, reason: `numeric: ${instead ? `${instead}, not a number,` : 'no number'} found in ${ctx.span.source}; gold ${goldDesc}` };
  }
  const tol = describeTolerance(ctx);
  if (got.hedged) return { correct: false, score: 0, extracted: got.raw, reason: `numeric: commits to several numbers (${got.raw}); gold ${goldDesc}` };
  for (const g of golds) {
    if (g.num && parsedNumbersClose(got.num, g.num, ctx.tolerance)) {
      return { correct: true, score: 1, extracted: got.raw, reason: `numeric: ${got.raw} (${got.via} of ${ctx.span.source}) equals gold ${JSON.stringify(g.raw)} (${tol})` };
    }
  }
  const unreadable = golds.every((g) => g.num === null);
  return {
    correct: false,
    score: 0,
    extracted: got.raw,
    reason: unreadable
      ? `numeric: gold ${goldDesc} is not a number`
      : `numeric: ${got.raw} (${got.via} of ${ctx.span.source}) differs from gold ${goldDesc} (${tol})`,
  };
}
