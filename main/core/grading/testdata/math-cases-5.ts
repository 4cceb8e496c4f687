/**
 * Hand-written pairs for the misses grader 1.4.1 fixed, found by running Math-Verify's
 * `tests/test_all.py` beside ours (none of its cases are copied here): a value labelled by one
 * word and a colon, and an escaped dollar (a currency sign) inside a `$…$` span. The
 * non-equivalent pairs guard the rules against reading too much: a function's name is no label,
 * and a label does not make a different value right. Same kinds as math-cases.ts.
 */
import { kind, type MathCase } from './math-cases';

export const MATH_CASES_5: MathCase[] = [
  ...kind(
    'answers in prose',
    [
      ['Cost: 2.74', '2.74'],
      ['Total：12', '12'],
      ['Area: $\\frac{3}{4}$', '0.75'],
      ['Answer $ 5 \\$ = \\frac{10}{9} $', '$10/9$'],
      ['It costs \\$5 and \\$6 in total, so \\$11', '11'],
    ],
    [
      ['Cost: 2.75', '2.74'],
      ['sin: 30', '30'],
      ['log: 100', '100'],
      ['Answer $ 5 \\$ = \\frac{10}{9} $', '5'],
    ],
  ),
];
