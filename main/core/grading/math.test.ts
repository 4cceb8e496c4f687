import { describe, expect, it } from 'vitest';
import { grade } from './index';
import { mathEquivalent } from './math';
import { DEFAULT_MATH_OPTIONS } from './math-options';
import { MATH_CASES_5 } from './testdata/math-cases-5';

const math = (prediction: string, answer: string) => grade({ prediction, answer, answerType: 'math' });

describe('math equivalence: equivalent pairs', () => {
  const pairs: Array<[string, string]> = [
    ['\\frac{1}{2}', '0.5'],
    ['\\dfrac{1}{2}', '\\tfrac12'],
    ['\\frac12', '1/2'],
    ['\\sqrt{2}/2', '\\frac{\\sqrt2}{2}'],
    ['\\frac{\\sqrt{2}}{2}', '\\frac{1}{\\sqrt{2}}'],
    ['2\\sqrt{3}', '\\sqrt{12}'],
    ['2√{3}', '2\\sqrt{3}'],
    ['2√3', '2*sqrt(3)'],
    ['\\sqrt[3]{8}', '2'],
    ['\\pi', '3.14159265358979'],
    ['2\\pi', '\\pi \\cdot 2'],
    ['\\frac{\\pi}{2}', 'π/2'],
    ['$\\frac{3}{4}$', '0.75'],
    ['\\boxed{\\frac{3}{4}}', '\\frac{6}{8}'],
    ['\\left( \\frac{1}{2} \\right)^2', '\\frac{1}{4}'],
    ['x = 3', '3'],
    ['3', 'x=3'],
    ['y = 2x + 1', 'y = 1 + 2x'],
    ['2x + 2y = 2', 'x + y = 1'],
    ['x > 2', '2 < x'],
    ['x \\geq 2', 'x \\ge 2'],
    ['x^2 + 2x + 1', '(x+1)^2'],
    ['\\frac{x^2-1}{x-1}', 'x+1'],
    ['\\sin^2 x + \\cos^2 x', '1'],
    ['e^{2}', '\\exp(2)'],
    ['\\ln e', '1'],
    ['(1, 2)', '(1,2)'],
    ['\\left(1, 2\\right)', '(1, 2)'],
    ['[1, 2)', '\\left[1,2\\right)'],
    ['(-\\infty, 3]', '(-∞, 3]'],
    ['\\{1, 2, 3\\}', '\\{3, 2, 1\\}'],
    ['\\{2, 1\\}', '1, 2'],
    ['(0,1)\\cup(2,3)', '(2,3)\\cup(0,1)'],
    ['\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}', '\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}'],
    ['\\begin{pmatrix} 0.5 \\\\ 1 \\end{pmatrix}', '\\begin{pmatrix} \\frac12 \\\\ 1 \\end{pmatrix}'],
    ['5\\text{ cm}', '5'],
    ['12 \\mathrm{~cm}^2', '12'],
    ['6cm', '6'],
    ['140^\\circ', '140'],
    ['50\\%', '50'],
    ['1,000', '1000'],
    ['\\frac{90}{23}^{\\circ}', '\\frac{90}{23}'],
    ['1:4', '\\frac{1}{4}'],
    ['\\cos(60^\\circ)', '\\frac{1}{2}'],
    ['10√{2}', '\\sqrt{200}'],
    ['x_1 + x_2', 'x_2 + x_1'],
    // A term of a sequence with a written-out index is one quantity (Math-Verify's test_yujianll).
    ['F_{n-k-1} F_k', 'F_k F_{n-k-1}'],
    ['2x_{n+1}', 'x_{n+1} + x_{n+1}'],
    // No value can be computed for a sum to n: the same sum, its factors in another order.
    ['F_n = \\sum_{k=0}^{n-1} F_{n-k-1} F_k', 'F_n = \\sum_{k=0}^{n-1} F_k F_{n-k-1}'],
  ];
  it.each(pairs)('%j ≡ %j', (a, b) => {
    expect(mathEquivalent(a, b).equal).toBe(true);
    expect(mathEquivalent(b, a).equal).toBe(true);
  });
});

describe('math equivalence: non-equivalent pairs', () => {
  const pairs: Array<[string, string]> = [
    ['2x', 'x'],
    ['2x', '2y'],
    ['1/2', '0.51'],
    ['0.333', '\\frac{1}{3}'],
    ['(1,2)', '(2,1)'],
    ['[1,2]', '(1,2)'],
    ['[1, 2)', '(1, 2]'],
    ['(1, 2)', '\\{1, 2\\}'],
    ['\\{1, 2\\}', '\\{1, 2, 3\\}'],
    ['x > 2', 'x \\ge 2'],
    ['x > 2', 'x < 2'],
    ['2x + 2y = 2', 'x + y = 2'],
    ['x^2 + 2x + 1', 'x^2 + 1'],
    ['\\sqrt{2}', '1.414'],
    ['\\pi', '3.14'],
    ['e^x', 'e^{2x}'],
    ['\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}', '\\begin{pmatrix} 1 & 3 \\\\ 2 & 4 \\end{pmatrix}'],
    ['4!', '4'],
    ['2\\sqrt{3}', '2\\sqrt{2}'],
    ['\\frac{1}{3}', '\\frac{3^{1008}-1}{3^{1009}}'], // numerically within 1e-6 of each other, but not equal
    ['5\\sqrt{3}', '5'],
    ['10', '10\\sqrt{2}'],
    ['a', 'b'],
    ['x_{n+1}', 'x_n + 1'],
    ['x_{n-1} y', 'y x_n'],
    ['\\sum_{k=0}^{n} k', '\\sum_{k=0}^{n} j'],
    ['x - y', 'y - x'],
  ];
  it.each(pairs)('%j ≢ %j', (a, b) => {
    expect(mathEquivalent(a, b).equal).toBe(false);
    expect(mathEquivalent(b, a).equal).toBe(false);
  });
});

describe('math scorer', () => {
  it('grades the last box and explains how', () => {
    const r = math('<think>so</think> \\boxed{\\frac{\\sqrt{2}}{2}}', '\\sqrt{2}/2');
    expect(r.correct).toBe(true);
    expect(r.extracted).toBe('\\frac{\\sqrt{2}}{2}');
    expect(r.reason).toMatch(/^math: .* from box equals .* from gold \(/);
  });

  it('takes the value of "x = 2 + 3 = 5" chains and both sides of ≈', () => {
    expect(math('\\boxed{x = 2 + 3 = 5}', '5').correct).toBe(true);
    expect(math('\\boxed{\\frac{1}{3} \\approx 0.333}', '\\frac{1}{3}').correct).toBe(true);
    expect(math('\\boxed{S_{\\triangle ABC}=8}', '8').correct).toBe(true);
  });

  it('reads the answer of a free-form response without a box', () => {
    expect(math('We compute the area: 4 * 3 = 12. The answer is 12.', '12').correct).toBe(true);
    expect(math('Adding them up we get\nx = 7', '7').correct).toBe(true);
  });

  it('accepts any of several gold answers', () => {
    expect(grade({ prediction: '\\boxed{-2}', answer: ['2', '-2'], answerType: 'math' }).correct).toBe(true);
  });

  it('never throws on junk', () => {
    for (const junk of ['\\frac{', '}}}{{{', '\\sqrt{}', '((', '\\begin{pmatrix}', '$$', '\\boxed{', 'x'.repeat(10_000), '^^^', '\\left(']) {
      const r = math(junk, '\\frac{1}{2}');
      expect(r.correct).toBe(false);
    }
  });

  it('is deterministic', () => {
    const a = mathEquivalent('x^3 - 3x + \\sin(x)', '\\sin x + x^3 - 3x');
    for (let i = 0; i < 5; i++) expect(mathEquivalent('x^3 - 3x + \\sin(x)', '\\sin x + x^3 - 3x')).toEqual(a);
    expect(a.equal).toBe(true);
  });
});

describe('math verifier: rules, options and extraction', () => {
  it('names the extraction of both sides and the rule that decided', () => {
    expect(math('\\boxed{-2 \\le x \\le 7}', 'x \\in [-2,7]').reason).toMatch(/from box equals .* from gold \(same solution set\)/);
    expect(math('\\boxed{\\frac{6}{8}}', '\\frac{3}{4}').reason).toMatch(/\(exact rational arithmetic\)/);
    expect(math('\\boxed{50\\%}', '\\frac12').reason).toMatch(/percent read as a fraction/);
    expect(math('\\boxed{0,111}', '0.111').reason).toMatch(/decimal comma/);
    expect(math('Final Answer: The largest $n$ is 34.', '34').reason).toMatch(/after "is"/);
    expect(math('\\boxed{12}', 'So the area is $3 \\cdot 4 = \\boxed{12}$.').reason).toMatch(/from box of gold/);
  });

  it('refuses with the reason of the first candidates', () => {
    const r = math('\\boxed{x > 3}', 'x < 3');
    expect(r.correct).toBe(false);
    expect(r.reason).toMatch(/^math: "x > 3" from box differs from "x < 3"/);
  });

  it('treats a bare list as a set by default and as a tuple under strict order (MathVista)', () => {
    expect(grade({ prediction: '\\boxed{2016, 2014}', answer: '2014, 2016', answerType: 'math' }).correct).toBe(true);
    expect(grade({ prediction: '\\boxed{2016, 2014}', answer: '2014, 2016', answerType: 'math', benchmark: 'MathVista_MINI' }).correct).toBe(false);
    expect(grade({ prediction: '\\boxed{2014, 2016}', answer: '[2014, 2016]', answerType: 'math', benchmark: 'MathVista_MINI' }).correct).toBe(true); // the list without its brackets
    expect(mathEquivalent('3, 2', '(3, 2)', { ...DEFAULT_MATH_OPTIONS, strictTupleOrder: true }).equal).toBe(true);
    expect(mathEquivalent('2, 3', '(3, 2)', { ...DEFAULT_MATH_OPTIONS, strictTupleOrder: true }).equal).toBe(false);
  });

  it('accepts a decimal as a rounded exact value only with enough places (option precision)', () => {
    expect(mathEquivalent('0.142857', '\\frac17').equal).toBe(true);
    expect(mathEquivalent('0.1429', '\\frac17').equal).toBe(false);
    expect(mathEquivalent('0.1429', '\\frac17', { ...DEFAULT_MATH_OPTIONS, precision: 4 }).equal).toBe(true);
  });

  it('uses a benchmark\'s relative tolerance', () => {
    expect(mathEquivalent('101', '100', { ...DEFAULT_MATH_OPTIONS, relativeTolerance: 0.05 }).equal).toBe(true);
    expect(mathEquivalent('101', '100').equal).toBe(false);
  });

  it('reads several boxes side by side as several answers, but a boxed intermediate result as superseded', () => {
    expect(math('<think>..</think> $\\boxed{1}$ and $\\boxed{2}$', '1, 2').correct).toBe(true);
    expect(math('<think>..</think> $\\boxed{1}$ and $\\boxed{2}$', '2').correct).toBe(false);
    expect(math('<think>..</think> First $\\boxed{1}$. Then, adding one, we get $\\boxed{2}$.', '2').correct).toBe(true);
  });

  it('never throws and stays bounded on long prose without an answer', () => {
    const long = 'The figure shows \\[ a triangle with sides '.repeat(400);
    const r = math(long, '5');
    expect(r.correct).toBe(false);
  });
});

describe('grader 1.4.1: a value labelled by one word, an escaped dollar inside a span', () => {
  // Titles built here: vitest would read the `$10` of a gold as one of its `$name` placeholders.
  it.each(MATH_CASES_5.map((c) => ({ ...c, title: `${c.prediction} vs ${c.gold}: ${c.equivalent ? 'equal' : 'different'}` })))('$title', ({ prediction, gold, equivalent }) => {
    expect(math(prediction, gold).correct).toBe(equivalent);
  });
});
