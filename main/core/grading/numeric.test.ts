import { describe, expect, it } from 'vitest';
import { grade } from './index';
import { parseNumber } from './numbers';

const num = (prediction: string, answer: string, benchmark?: string) => grade({ prediction, answer, answerType: 'numeric', benchmark });

describe('parseNumber', () => {
  const cases: Array<[string, number | null]> = [
    ['42', 42],
    ['-3.5', -3.5],
    ['−7', -7],
    ['1,234,567.5', 1234567.5],
    ['140°', 140],
    ['140^\\circ', 140],
    ['140^{\\circ}', 140],
    ['45%', 45],
    ['45\\%', 45],
    ['3/4', 0.75],
    ['\\frac{3}{4}', 0.75],
    ['-\\dfrac{1}{2}', -0.5],
    ['1.2e3', 1200],
    ['1.2 \\times 10^{3}', 1200],
    ['1.2×10^3', 1200],
    ['10^{-3}', 0.001],
    ['$5', 5],
    ['\\$5.50', 5.5],
    ['12 cm', 12],
    ['12cm^2', 12],
    ['5 \\text{ m}', 5],
    ['8米', 8],
    ['3 apples and 4 pears', null],
    ['x', null],
    ['1/0', null],
  ];
  it.each(cases)('%j -> %s', (s, v) => {
    const p = parseNumber(s);
    if (v === null) expect(p).toBeNull();
    else expect(p?.value).toBeCloseTo(v, 12);
  });
});

describe('numeric scorer', () => {
  const equal: Array<[string, string]> = [
    ['1000', '1,000'],
    ['\\boxed{1,000}', '1000'],
    ['<answer>140</answer>', '140°'],
    ['The angle is 140°.', '140'],
    ['It is 0.75', '3/4'],
    ['\\boxed{\\frac{3}{4}}', '0.75'],
    ['75%', '75'],
    ['45%', '0.45'],
    ['1.5e3', '1500'],
    ['The total is 12 cm.', '12'],
    ['3.0', '3'],
    ['<think>2+2 is 4, and 4*3 = 12</think>\nSo the answer is 12.', '12'],
    ['\\boxed{2\\sqrt{2}}', '2.8284271247'],
    ['0.3333333333', '1/3'],
    ['<answer>2:3</answer>', '\\frac{2}{3}'], // a ratio a:b is the number a/b
  ];
  it.each(equal)('%j equals gold %j', (p, g) => {
    expect(num(p, g).correct).toBe(true);
  });

  const different: Array<[string, string]> = [
    ['0.51', '0.5'],
    ['1.2', '1.25'],
    ['0.333', '1/3'],
    ['14', '140'],
    ['-3', '3'],
    ['2000 and 2005', '2005'], // two answers at once
    ['3 or 4', '4'],
    ['no number here', '4'],
  ];
  it.each(different)('%j differs from gold %j', (p, g) => {
    expect(num(p, g).correct).toBe(false);
  });

  it('reads a count written as a word, and a temperature with its unit in words', () => {
    expect(num('Three', '3').correct).toBe(true);
    expect(num('twenty-one', '21').correct).toBe(true);
    expect(num('4', 'four').correct).toBe(true);
    expect(num('Two', '3').correct).toBe(false);
    expect(num('0°C', '0 degrees Celsius').correct).toBe(true);
  });

  it('uses the last number of a free-form answer', () => {
    const r = num('There are 3 red cubes and 2 blue ones, so 5 in total', '5');
    expect(r.correct).toBe(true);
    expect(r.extracted).toBe('5');
  });

  it('reads a count stated in words where no digit is written (as MathVista\'s GPT extraction does)', () => {
    // lupantech/MathVista results/llava/output_llava_llama_2_13b.json pid 4: its extraction is "3".
    const r = num('After subtracting all large rubber spheres and big shiny cylinders, there are three small objects left on the table.', '3');
    expect(r).toMatchObject({ correct: true, extracted: 'three' });
    expect(num('There are no cylinders left.', '0').correct).toBe(true);
    expect(num('There are three objects left.', '4').correct).toBe(false);
    // A word that is no count ("the one on the left") is not read as one.
    expect(num('The one on the left is bigger.', '1').extracted).toBeNull();
  });

  it("reads the count a last sentence states, not its condition's number (MathVista LLaVA-LLaMA-2-13B, as its extraction does)", () => {
    // lupantech/MathVista results/llava/output_llava_llama_2_13b.json: pids 16, 131, 258 right by its true_false; 184 wrong.
    expect(num('There are 2 items sold less than 5 units in at least one store.', '2')).toMatchObject({ correct: true, extracted: '2' });
    expect(num('There are 3 bars with values below 40.', '3').correct).toBe(true);
    expect(num('There were two bags of mixed buttons with at least 60 red buttons but fewer than 81 red buttons.', '2').correct).toBe(true);
    expect(num('There are two bars with values smaller than 0.', '0').correct).toBe(false);
    // A sentence that goes on to its conclusion keeps its last number.
    expect(num('There are 5 apples and 3 oranges, so 8 fruits in total.', '8').correct).toBe(true);
    // Another quantity after the count (Math-Verify tests/test_mixed_number_extraction.py) is no condition on it.
    expect(num('There are 4 objects and 4/9 remain.', '4/9').correct).toBe(true);
  });

  it('applies the benchmark tolerance (ChartQA: 5% relative)', () => {
    expect(num('104', '100', 'ChartQA').correct).toBe(true);
    expect(num('106', '100', 'ChartQA').correct).toBe(false);
    expect(num('100.00001', '100').correct).toBe(true); // default: 1e-6 relative
    expect(num('100.001', '100').correct).toBe(false);
  });
});
