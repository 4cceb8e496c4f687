/**
 * Hand-written pairs for the misses grader 1.4.0 fixed, found by running reference verifiers'
 * regression cases (Math-Verify, lighteval, verl, AReaL, OlympiadBench's judge and others) beside
 * ours; none of their cases are copied here. Each equivalent pair failed on 1.3.1, and each
 * non-equivalent one guards the rule against reading too much: an answer followed by long prose,
 * GSM8K's "#### 42" line, "constant = value", the first number after "the answer is", golds
 * listed as assignments to named segments or in several `\(\boxed{}\)`, two `$…$` spans, one-value
 * brackets, a trailing ellipsis, a letter that is a factor and not a unit, a long line of math.
 * Same kinds as math-cases.ts.
 */
import { kind, type MathCase } from './math-cases';

const PROSE = 'the working above checks out at every step and nothing in it needs to change. '.repeat(60);

export const MATH_CASES_4: MathCase[] = [
  ...kind(
    'answers in prose',
    [
      [`The answer is 42 and ${PROSE}`, '42'],
      [`Adding the two parts gives 1,234.\n#### 1,234\n${PROSE}`, '1234'],
      ['Step 1: 300 + 8 = 308.\n#### 308.', '308'],
      ['Réponse : il reste 150 euros à payer dans 6 mois.', '150'],
      ['The answer is clearly 7 apples, because 3 + 4 = 7.', '7'],
      ['The answer is (19 + 23 = 42).', '42'],
      ['Final Answer: we get $\\frac{12}{5}$ for the area of 3 squares.', '2.4'],
    ],
    [
      ['The answer is 150 euros, to be paid within 6 months.', '6'],
      ['#### 1. Setup\nThe parts add up to 42 in the end.', '1'],
      [`The answer is 41 and ${PROSE}`, '42'],
    ],
  ),
  ...kind(
    'equations and assignments',
    [
      ['$2^{5} = 32$', '32'],
      ['$\\binom{6}{3} = 20$', '20'],
      ['$\\sqrt{81} = 9$', '9'],
      ['$\\boxed{3, 7}$', '$PQ=3,RS=7$'],
    ],
    [
      ['$3x = 9$', '9'],
      ['$0$', '$p + q = 0$'],
      ['$\\sqrt{81} = 9$', '81'],
    ],
  ),
  ...kind(
    'several answers',
    [['$\\boxed{-5, 2}$', '\\(\\boxed{2}\\) and \\(\\boxed{-5}\\).']],
    [['$\\boxed{2}$', '\\(\\boxed{2}\\) and \\(\\boxed{-5}\\).']],
  ),
  ...kind(
    'LaTeX wrapping',
    [
      ['$3$ and $7$', '3, 7'],
      ['[45]', '45'],
      ['[45 degrees]', '45'],
    ],
    [
      ['$3$ and $7$', '7'],
      ['[4, 5]', '45'],
      ['$1, 2, 3, ...$', '1, 2, 3'],
    ],
  ),
  ...kind(
    'expressions',
    [
      ['g\\pi', '\\pi g'],
      ['5 g \\pi', '5\\pi g'],
      ['\\frac{1}{g\\pi}', '\\frac{1}{\\pi g}'],
    ],
    [
      ['5\\pi', '5\\pi g'],
      ['\\frac{1}{\\pi}', '\\frac{1}{g\\pi}'],
    ],
  ),
  ...kind(
    'inequalities and intervals',
    [['$z \\in \\left[-\\frac{3}{2}, -1\\right] \\cup \\left[1, \\frac{3}{2}\\right]$', '[-\\frac{3}{2}, -1] \\cup [1, \\frac{3}{2}]']],
    [['$z \\in \\left[-\\frac{3}{2}, -1\\right] \\cup \\left[1, \\frac{3}{2}\\right]$', '[-\\frac{3}{2}, -1] \\cup [1, 2]']],
  ),
];
