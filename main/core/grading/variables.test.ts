/**
 * Formulas in variables (grader 1.4.2): found by running other reference verifiers' own cases
 * (Qwen2.5-Math `evaluation/grader.py`, Math-Verify's `tests/`, MathRuler) against ours, where a
 * wrong answer was marked right ("(+5)(b+2)" for "(a+5)(b+2)", `\boxed{2a}` for 2) or a right one
 * wrong ("3 + 2x" for "2x + 3", "1, 2, and 3" as a list).
 */
import { describe, expect, it } from 'vitest';
import { grade } from './index';
import { formulaVariables } from './variables';

const graded = (prediction: string, answer: string) => grade({ prediction, answer });

describe('formulas in variables', () => {
  it('tells a formula from a number, a number with its unit, and words', () => {
    expect(formulaVariables('2a')).toEqual(['a']);
    expect(formulaVariables('(a+5)(b+2)')).toEqual(['a', 'b']);
    expect(formulaVariables('y = 2x + 3')).toEqual(['x']);
    expect(formulaVariables('\\sum_{k=0}^{n} k')).toEqual(['a bound variable']);
    for (const notFormula of ['5', 'x = 5', '5 m', '5m', '12 \\text{ m}^2', '5 m/s', '\\frac{\\sqrt{3}}{2}', '45^\\circ', 'So x + 2 = 5 and x = 3', '$\\sum_{k=0}^n k$ and $42$']) {
      expect(formulaVariables(notFormula), notFormula).toBeNull();
    }
  });

  it('a formula is never read for the number in it', () => {
    // Qwen2.5-Math grader.py's own example, and Math-Verify tests/test_failed_latex_span.py: both false there.
    expect(graded('\\boxed{2a}', '2')).toMatchObject({ correct: false, extracted: '2a' });
    expect(graded('\\boxed{2a}', '2').reason).toMatch(/a formula in a \("2a"\), not a number/);
    expect(graded('$\\sum_{k=0}^n\\bigl(k\\bigr)$', '0').correct).toBe(false);
    expect(graded('$\\sum_{k=0}^n\\bigl(k\\bigr)$ and $42$', '42').correct).toBe(true);
    // Math-Verify tests/test_all.py: an interval is not one of its ends; a fraction ending a sentence is the fraction.
    expect(graded('$-[0,1)$', '$1$').correct).toBe(false);
    expect(graded('Thus the probability that Alice wins the game is 2/3. <|im_start|>user', '$2/3$').correct).toBe(true);
    expect(graded('$1, 2, 3, ...$', '$1, 2, 3$').correct).toBe(false);
    // Numbers with their units and equations that give the value keep reading as before.
    for (const [prediction, gold] of [['\\boxed{10 m^2}', '10'], ['\\boxed{5m}', '5'], ['\\boxed{x = 5}', '5'], ['\\boxed{f(2) = 7}', '7'], ['The total is 5 apples + 3 apples = 8 apples', '8']]) {
      expect(graded(prediction!, gold!).correct, prediction).toBe(true);
    }
  });

  it('a gold written as a formula is graded as math, where "a" is a variable, not an article', () => {
    expect(graded('\\boxed{(+5)(b+2)}', '(a+5)(b+2)').correct).toBe(false);
    expect(graded('\\boxed{5(b+2)}', '(a+5)(b+2)').correct).toBe(false);
    expect(graded('\\boxed{(b+2)(a+5)}', '(a+5)(b+2)')).toMatchObject({ correct: true, scorer: 'math' });
    expect(graded('\\boxed{3 + 2x}', '2x + 3').correct).toBe(true);
    expect(graded('\\boxed{2x-3}', '2x+3').correct).toBe(false);
    // MathRuler drops a short left-hand side: "y = 2x + 3" answers "2x+3".
    expect(graded('<think>reasoning</think> The answer is \\boxed{y = 2x + 3}.', '2x+3').correct).toBe(true);
  });

  it("a symbol's sub- and superscript in either order, and a primed symbol as a symbol of its own", () => {
    // OpenBMB/OlympiadBench eval/scoring_examples.json: its judge calls both pairs equal.
    expect(graded('\\boxed{(\\frac{v^2_0 \\sqrt{2}}{g}-\\frac{v^2_0}{5g\\pi })}', '(\\frac{\\sqrt{2}v_0^2}{g}-\\frac{v_0^2}{5\\pi g})').correct).toBe(true);
    expect(graded('\\boxed{\\frac{1}{2} \\hbar \\omega_{L}^{\\prime} \\frac{v}{c}}', 'a = +\\frac{1}{2} \\hbar \\omega_{L}^{\\prime} \\frac{v}{c}').correct).toBe(true);
    expect(graded("\\boxed{x''}", 'x^{\\prime\\prime}').correct).toBe(true);
    expect(graded('\\boxed{v_0^3}', 'v^2_0').correct).toBe(false);
    expect(graded('\\boxed{x}', "x'").correct).toBe(false);
    expect(graded('\\boxed{f(x)}', "f'(x)").correct).toBe(false);
  });

  it('a formula graded as text keeps its operations and its one-letter variables', () => {
    const asText = (prediction: string, answer: string) => grade({ prediction, answer, answerType: 'text' });
    expect(asText('(+5)(b+2)', '(a+5)(b+2)').correct).toBe(false);
    expect(asText('x-1', 'x+1').correct).toBe(false);
    expect(asText('(a + 5)(b + 2)', '(a+5)(b+2)').correct).toBe(true);
    expect(asText('The red car', 'red car').correct).toBe(true);
    // Markdown's bold and a word's alternatives are no formula: Qwen2.5-VL-3B on MME_CoT_TEST sample 851 ends "**Time**".
    expect(asText('Time**', 'Time').correct).toBe(true);
    expect(asText('*Time*', 'Time').correct).toBe(true);
    expect(asText('the cat/dog', 'cat/dog').correct).toBe(true);
    expect(asText('a/c', 'a/b').correct).toBe(false);
  });

  it('a list of numbers joined by "and" or "or" is the list', () => {
    // Math-Verify tests/test_yujianll.py:25 and test_numina_cases.py (lines 97, 132): all equal there.
    expect(graded('$19, 46, \\text{ and } 82$', '$19, 46, and 82$').correct).toBe(true);
    expect(graded('$\\boxed{1,2,3}$', '$1$ and $2$ and $3$').correct).toBe(true);
    expect(graded('$21,16,11$', '$21,16$ or $11$').correct).toBe(true);
    expect(graded('\\boxed{6 \\text{ and } 8}', '6, 8').correct).toBe(true);
    expect(graded('\\boxed{6 \\text{ and } 9}', '6, 8').correct).toBe(false);
  });
});
