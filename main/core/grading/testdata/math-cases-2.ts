/**
 * A second batch of hand-written pairs, written after the verifier and run
 * once as they stand (a held-out check of the first batch's fixes). Same
 * kinds as math-cases.ts; not taken from any public verifier's tests.
 */
import { kind, type MathCase } from './math-cases';

const R1 = (reasoning: string, answer: string) => `<think>${reasoning}</think>\n${answer}`;

export const MATH_CASES_2: MathCase[] = [
  ...kind(
    'worked-solution gold',
    [
      [R1('Angles in a triangle sum to 180.', '\\boxed{35}'), 'Since $\\angle A + \\angle B + \\angle C = 180^\\circ$, we get $\\angle C = 180^\\circ - 90^\\circ - 55^\\circ = \\boxed{35^\\circ}$.'],
      [R1('Use the shoelace formula.', 'The area is \\boxed{\\frac{21}{2}}.'), 'Applying the shoelace formula to the vertices gives area $\\frac{1}{2}|21| = \\boxed{10.5}$.'],
      ['\\boxed{8}', 'Let $n$ be the number of cubes. Then $n^3 = 512$, so $n = \\boxed{8}$. Indeed $8^3 = 512$.'],
    ],
    [
      [R1('Angles sum to 180.', '\\boxed{55}'), 'Since $\\angle A + \\angle B + \\angle C = 180^\\circ$, we get $\\angle C = 180^\\circ - 90^\\circ - 55^\\circ = \\boxed{35^\\circ}$.'],
      ['\\boxed{512}', 'Let $n$ be the number of cubes. Then $n^3 = 512$, so $n = \\boxed{8}$. Indeed $8^3 = 512$.'],
    ],
  ),
  ...kind(
    'several answers',
    [
      [R1('Factor the quadratic.', 'The roots are $x = -2$ and $x = 3$, so \\boxed{-2, 3}.'), '3, -2'],
      [R1('Solve.', '\\boxed{\\{-2, 3\\}}'), 'x = -2 \\text{ or } x = 3'],
      [R1('Solve.', '\\boxed{x = 2, x = -2}'), '-2, 2'],
    ],
    [
      [R1('Factor the quadratic.', '\\boxed{-3, 2}'), '3, -2'],
      [R1('Solve.', '\\boxed{\\{-2\\}}'), 'x = -2 \\text{ or } x = 3'],
    ],
  ),
  ...kind(
    'equations and assignments',
    [
      [R1('Slope is 2, intercept 3.', '\\boxed{y=2x+3}'), '2x+3'],
      [R1('Compute g.', '\\boxed{g(2) = 11}'), '11'],
      [R1('Midpoint.', '\\boxed{M = (2, 5)}'), '(2,5)'],
    ],
    [
      [R1('Slope is 2, intercept 3.', '\\boxed{y=3x+2}'), '2x+3'],
      [R1('Midpoint.', '\\boxed{M = (5, 2)}'), '(2,5)'],
    ],
  ),
  ...kind(
    'inequalities and intervals',
    [
      [R1('Divide by -2, flip.', '\\boxed{x \\geq -3}'), '[-3, \\infty)'],
      [R1('Both conditions.', '\\boxed{-1 < x < 1}'), '(-1,1)'],
      [R1('Domain.', '\\boxed{[0, +\\infty)}'), 'x \\ge 0'],
    ],
    [
      [R1('Divide by -2, flip.', '\\boxed{x \\leq -3}'), '[-3, \\infty)'],
      [R1('Both conditions.', '\\boxed{-1 \\le x \\le 1}'), '(-1,1)'],
    ],
  ),
  ...kind(
    'decimal commas',
    [
      [R1('Divide.', '\\boxed{2,5}'), '2.5'],
      [R1('Divide.', '\\boxed{0,75}'), '\\frac{3}{4}'],
      [R1('Compute the price.', '\\boxed{12,5 \\text{ €}}'), '12.5'],
    ],
    [
      [R1('Divide.', '\\boxed{2,5}'), '25'],
      [R1('Divide.', '\\boxed{0,75}'), '\\frac{3}{5}'],
    ],
  ),
  ...kind(
    'thousands separators',
    [
      [R1('Multiply.', '\\boxed{3{,}600}'), '3600'],
      [R1('Population.', 'The answer is 1,250,000.'), '1250000'],
      [R1('Sum.', '\\boxed{10\\,080}'), '10080'],
    ],
    [
      [R1('Multiply.', '\\boxed{3{,}600}'), '360'],
      [R1('Population.', 'The answer is 1,250,000.'), '125000'],
    ],
  ),
  ...kind(
    'currency, units and text styling',
    [
      [R1('Cost.', '\\boxed{\\$ 4.50}'), '4.5'],
      [R1('Length.', '\\boxed{7\\text{ cm}}'), '7'],
      [R1('Angle.', 'The angle is $\\boxed{\\mathbf{30^\\circ}}$.'), '30'],
    ],
    [
      [R1('Cost.', '\\boxed{\\$ 45}'), '4.5'],
      [R1('Length.', '\\boxed{70\\text{ mm}}'), '7'],
    ],
  ),
  ...kind(
    'percent and fractions',
    [
      [R1('Share.', '\\boxed{40\\%}'), '0.4'],
      [R1('Share.', '\\boxed{\\frac{2}{5}}'), '40\\%'],
      [R1('Share.', '\\boxed{33.3\\%}'), '33.3'],
    ],
    [
      [R1('Share.', '\\boxed{4\\%}'), '0.4'],
      [R1('Share.', '\\boxed{\\frac{2}{3}}'), '40\\%'],
    ],
  ),
  ...kind(
    'decimals and fractions',
    [
      [R1('Divide.', '\\boxed{0.2}'), '\\frac{1}{5}'],
      [R1('Divide.', '\\boxed{1.25}'), '\\frac{5}{4}'],
      [R1('Approximate.', '\\boxed{2.718282}'), 'e'],
    ],
    [
      [R1('Divide.', '\\boxed{0.25}'), '\\frac{1}{5}'],
      [R1('Approximate.', '\\boxed{2.72}'), 'e'],
    ],
  ),
  ...kind(
    'matrices and vectors',
    [
      [R1('Multiply.', '\\boxed{\\begin{pmatrix} 2 & 0 \\\\ 0 & 2 \\end{pmatrix}}'), '\\begin{bmatrix} 2 & 0 \\\\ 0 & 2 \\end{bmatrix}'],
      [R1('Direction.', '\\boxed{\\langle 3, 4 \\rangle}'), '\\begin{pmatrix} 3 \\\\ 4 \\end{pmatrix}'],
      [R1('Scale.', '\\boxed{(0.5, 1.5)}'), '\\left(\\frac{1}{2}, \\frac{3}{2}\\right)'],
    ],
    [
      [R1('Multiply.', '\\boxed{\\begin{pmatrix} 2 & 0 \\\\ 0 & 3 \\end{pmatrix}}'), '\\begin{bmatrix} 2 & 0 \\\\ 0 & 2 \\end{bmatrix}'],
      [R1('Direction.', '\\boxed{\\langle 4, 3 \\rangle}'), '\\begin{pmatrix} 3 \\\\ 4 \\end{pmatrix}'],
    ],
  ),
  ...kind(
    'LaTeX wrapping',
    [
      [R1('Simplify.', '$$\\boxed{\\dfrac{\\sqrt{3}}{3}}$$'), '\\frac{1}{\\sqrt3}'],
      [R1('Simplify.', 'Answer: \\[\\left(2\\right)\\]'), '2'],
      [R1('Simplify.', '\\boxed{3 \\; \\text{units}}'), '3'],
    ],
    [
      [R1('Simplify.', '$$\\boxed{\\dfrac{\\sqrt{3}}{2}}$$'), '\\frac{1}{\\sqrt3}'],
      [R1('Simplify.', 'Answer: \\[\\left(3\\right)\\]'), '2'],
    ],
  ),
  ...kind(
    'doubled backslashes',
    [
      ['<think>ok</think> \\\\boxed{\\\\sqrt{2}}', '\\sqrt2'],
      [R1('Compute.', '\\boxed{\\\\pi}'), '\\pi'],
      [R1('Compute.', '\\boxed{2}'), '\\\\frac{4}{2}'],
    ],
    [
      ['<think>ok</think> \\\\boxed{\\\\sqrt{3}}', '\\sqrt2'],
      [R1('Compute.', '\\boxed{3}'), '\\\\frac{4}{2}'],
    ],
  ),
  ...kind(
    'answers in prose',
    [
      ['So the final answer is 42 degrees.', '42'],
      ['Therefore, there are $\\mathbf{9}$ small squares.', '9'],
      ['The minimum value of the function is $-\\frac{1}{4}$.', '-0.25'],
    ],
    [
      ['So the final answer is 24 degrees.', '42'],
      ['The minimum value of the function is $\\frac{1}{4}$.', '-0.25'],
    ],
  ),
  ...kind(
    'expressions',
    [
      [R1('Expand.', '\\boxed{(a+b)^2}'), 'a^2+2ab+b^2'],
      [R1('Simplify.', '\\boxed{\\frac{\\sin 2x}{2}}'), '\\sin x \\cos x'],
      [R1('Evaluate.', '\\boxed{\\log_2 8}'), '3'],
    ],
    [
      [R1('Expand.', '\\boxed{a^2+b^2}'), '(a+b)^2'],
      [R1('Evaluate.', '\\boxed{\\log_2 9}'), '3'],
    ],
  ),
];
