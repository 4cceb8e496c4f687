/**
 * Hand-written pairs for the misses grader 1.2.0 fixed, found by running Math-Verify's own
 * regression cases beside ours (none of its cases are copied here): LaTeX's `,\!` thousands
 * separator, "pct"/"percentage", one word around one piece of math, long one-line golds.
 * Same kinds as math-cases.ts; each equivalent pair failed on 1.1.0. Then those 1.3.0 fixed:
 * `\textnormal` units, `{,}` written with spaces, a point written without its parentheses.
 */
import { kind, type MathCase } from './math-cases';

const B = (answer: string) => `The answer is $\\boxed{${answer}}$.`;

export const MATH_CASES_3: MathCase[] = [
  ...kind(
    'thousands separators',
    [
      [B('4,\\!096'), '4096'],
      ['The total is $\\boxed{1,\\! 250,\\! 000}$ dollars.', '1250000'],
      [B('\\$2,\\!499.50'), '2499.5'],
      [B('14 {, } 916'), '14{,}916'],
    ],
    [
      [B('4,\\!096'), '4.096'],
      [B('1,\\! 250'), '125'],
      [B('14 {, } 916'), '14.916'],
    ],
  ),
  ...kind(
    'percent and fractions',
    [
      [B('45 pct'), '45\\%'],
      [B('60 percentage'), '60\\%'],
    ],
    [
      [B('45 pct'), '54\\%'],
      [B('60 percentage'), '6\\%'],
    ],
  ),
  ...kind(
    'inequalities and intervals',
    // A gold of one line of math longer than a short answer is taken whole, not reduced to its last number.
    [[B('[-4, -\\tfrac32) \\cup (-\\tfrac32, 0) \\cup (0, 2) \\cup (2, \\infty)'), '[-4, -\\frac{3}{2}) \\cup (-\\frac{3}{2}, 0) \\cup (0, 2) \\cup (2, \\infty)']],
    [
      [B('[-4, -\\tfrac32) \\cup (-\\tfrac32, 0) \\cup (0, 3) \\cup (3, \\infty)'), '[-4, -\\frac{3}{2}) \\cup (-\\frac{3}{2}, 0) \\cup (0, 2) \\cup (2, \\infty)'],
      [B('2'), '[-4, -\\frac{3}{2}) \\cup (-\\frac{3}{2}, 0) \\cup (0, 2) \\cup (2, \\infty)'],
    ],
  ),
  ...kind(
    'LaTeX wrapping',
    [
      ['Answer $ 12 $', '12'],
      ['Answer \\( 3+4 \\)', '7'],
      ['Result: \\[ \\frac{5}{8} \\]', '0.625'],
    ],
    [
      ['Answer $ 12 $', '21'],
      ['$3$ or $4$', '4'],
      ['Answer 3 $4$', '4'],
    ],
  ),
  ...kind(
    'currency, units and text styling',
    [
      [B('125\\textnormal{ miles}'), '125'],
      [B('3.5\\textup{ kg}'), '3.5'],
    ],
    [[B('125\\textnormal{ miles}'), '12.5']],
  ),
  ...kind(
    'matrices and vectors',
    [
      [B('1, 3'), '(1, 3)'],
      [B('(-2, 5)'), '-2, 5'],
    ],
    [
      [B('3, 1'), '(1, 3)'],
      [B('1, 3'), '[1, 3]'],
    ],
  ),
];
