import { describe, expect, it } from 'vitest';
import { GRADER_VERSION, grade } from './index';
import { normalizeVqa } from './vqa';
import { isScorerName } from './scorer-names';

describe('relaxed (ChartQA)', () => {
  const rel = (prediction: string, answer: string | string[]) => grade({ prediction, answer, benchmark: 'ChartQA_TEST' });
  it('numbers within 5% relative are right, beyond are wrong', () => {
    expect(rel('10.4', '10').correct).toBe(true);
    expect(rel('9.5', '10').correct).toBe(true);
    expect(rel('10.6', '10').correct).toBe(false);
    expect(rel('1,020', '1000').correct).toBe(true);
    expect(rel('45%', '45').correct).toBe(true);
  });
  it('a zero gold needs an exact value', () => {
    expect(rel('0', '0').correct).toBe(true);
    expect(rel('0.01', '0').correct).toBe(false);
  });
  it('text needs a case-insensitive exact match', () => {
    expect(rel('Orange', 'orange').correct).toBe(true);
    expect(rel('U.S.', 'U.S.').correct).toBe(true);
    expect(rel('Blue', 'navy blue').correct).toBe(false);
    expect(rel('Russia', 'Russian Federation').correct).toBe(false);
  });
  it('a list gold accepts its members; a list prediction is not one number', () => {
    expect(rel('1.34', '[1.34, 1.37]').correct).toBe(true);
    expect(rel('[2014, 2016]', '[2014, 2016]').correct).toBe(true);
    expect(rel('[2010, 2011, 2012, 2013, 2014]', '2014').correct).toBe(false);
    expect(rel('12', '[12,63,23]').reason).toMatch(/"12" matches "12" of gold "\[12,63,23\]"/);
  });
  it('a bracketed gold Python would not read as a list of literals is one answer (ChartQA val 797, 408: Qwen2.5-VL-3B)', () => {
    // VLMEvalKit's eval() fails on unquoted words and computes 2010/11 as a division: the whole string is the gold.
    expect(rel('New Zealand', '[Czech Republic, New Zealand]').correct).toBe(false);
    expect(rel('2010/11', '[2010/11, 2011/12, 2012/13]').correct).toBe(false);
    expect(rel('[Czech Republic, New Zealand]', '[Czech Republic, New Zealand]').correct).toBe(true);
    expect(rel('2016', "['2013', '2016']").correct).toBe(true);
  });
  it('is the scorer the registry picks for ChartQA aliases', () => {
    expect(grade({ prediction: '3', answer: '3', benchmark: 'chartqa' }).scorer).toBe('relaxed');
  });
});

describe('a gold list with no benchmark to say how to read it', () => {
  // raja-kumar/Visual-RFT Visual-ARFT/evaluation_coding/evaluation_results/3b_mat_coding_grpo_step1400.json: `gt` lists the accepted answers.
  const auto = (prediction: string, answer: string | string[]) => grade({ prediction, answer });
  it('of accepted answers: any one of them is right, graded as the first is', () => {
    expect(auto('March 14, 2017', ['March 14th, 2017', 'March 14, 2017', 'TUE, March 14, 2017', 'Tuesday, March 14th, 2017', 'Tuesday, March 14, 2017']).correct).toBe(true);
    expect(auto('51%', ['51', '51.0%', '51%'])).toMatchObject({ correct: true, scorer: 'numeric' });
    expect(auto('52%', ['51', '51.0%', '51%']).correct).toBe(false);
  });
  it("of annotators' answers (ten, or repeated where they agree): the VQA score", () => {
    expect(auto('two', ['2', 'two', '2', '2', 'two', '2', '2', '2', '2', '2'])).toMatchObject({ correct: true, scorer: 'vqa' });
    expect(auto('red', ['red', 'blue', 'red'])).toMatchObject({ scorer: 'vqa', score: 2 / 3 });
  });
  it('a dict written as the gold is compared whole, not by its last number', () => {
    const gold = "{'发票号码': '16734841', '发票代码': '112001970102'}";
    expect(auto('发票号码: 99999999 发票代码: 112001970102', gold).correct).toBe(false);
    expect(auto('发票号码: 16734841 发票代码: 112001970102', gold)).toMatchObject({ correct: true, scorer: 'text' });
  });
});

describe('a reply written as JSON', () => {
  // k2ct/Halluciation_vlmeval_test-and-generate's gender-bias results: the model answers in a JSON block.
  it('is the value of its answer field', () => {
    const reply = '```json\n{\n  "pred_gender": "female",\n  "confidence": 0.95,\n  "reason": "long hair"\n}\n```';
    expect(grade({ prediction: reply, answer: 'female' })).toMatchObject({ correct: true, extracted: 'female' });
    expect(grade({ prediction: '{"answer": "B", "reason": "the cube is left of the sphere"}', answer: 'B', choices: ['cube', 'sphere'] })).toMatchObject({ correct: true, extracted: 'B' });
    // JSON without an answer field is read as before.
    expect(grade({ prediction: '{"colour": "red"}', answer: 'female' }).correct).toBe(false);
  });
});

describe('HME (handwritten formulas, MultimodalOCR)', () => {
  // Golds from MultimodalOCR's answer_save/LLaVA/HME.json: the whole formula is the answer.
  const hme = (prediction: string, answer: string) => grade({ prediction, answer, benchmark: 'HME' });
  it('compares the whole formula, never its last value', () => {
    expect(hme('The two lines are x = 3 - 4y and y = 3 - x; the second has a slope of -1.', 'y = 3 . y = - 1')).toMatchObject({ correct: false, scorer: 'text' });
    expect(hme('It equals 3.', '\\frac { 8 } { 3 } \\times \\frac { 9 } { 8 } = 3').correct).toBe(false);
    expect(hme('$$y=3, y=-1$$', 'y = 3 . y = - 1').correct).toBe(true);
    expect(grade({ prediction: 'so 90', answer: '\\angle C P Q = \\angle B = 9 0 ^ { \\circ }', benchmark: 'HME100k' }).correct).toBe(false);
  });
});

describe('vqa (TextVQA)', () => {
  const humans = ['coca cola', 'coca cola', 'coca-cola', 'coke', 'coca cola', 'coca cola', 'coca cola', 'cola', 'coca cola', 'coca cola'];
  it('scores min(1, matches/3) after VQA normalisation', () => {
    const r = grade({ prediction: 'Coca Cola.', answer: humans, benchmark: 'TextVQA_VAL' });
    expect(r.scorer).toBe('vqa');
    expect(r.score).toBe(1);
    expect(r.correct).toBe(true);
  });
  it('averages min(1, matches/3) over the annotators left out one at a time, as VLMEvalKit and the VQA evaluator do: one of ten 0.3 and not "correct", two 0.6 and correct, three 0.9', () => {
    const one = grade({ prediction: 'coke', answer: humans, answerType: 'vqa' });
    expect(one.score).toBeCloseTo(0.3);
    expect(one.correct).toBe(false);
    const two = grade({ prediction: 'pepsi', answer: ['pepsi', 'pepsi', 'cola', 'cola', 'cola', 'cola', 'cola', 'cola', 'cola', 'cola'], answerType: 'vqa' });
    expect(two.score).toBeCloseTo(0.6);
    expect(two.correct).toBe(true);
    const three = grade({ prediction: 'pepsi', answer: ['pepsi', 'pepsi', 'pepsi', 'cola', 'cola', 'cola', 'cola', 'cola', 'cola', 'cola'], answerType: 'vqa' });
    expect(three.score).toBeCloseTo(0.9);
  });
  it('no agreeing annotator scores 0', () => {
    expect(grade({ prediction: 'sprite', answer: humans, answerType: 'vqa' }).score).toBe(0);
  });
  it('an answer the normalisation empties ("a", an option letter) still matches annotators who wrote it', () => {
    const r = grade({ prediction: 'A.', answer: Array<string>(10).fill('a'), answerType: 'vqa' });
    expect([r.score, r.correct]).toEqual([1, true]);
    expect(grade({ prediction: '', answer: Array<string>(10).fill('a'), answerType: 'vqa' }).reason).toMatch(/empty answer/);
  });
  it('normalises numbers, articles and punctuation like the official script', () => {
    expect(normalizeVqa('Two')).toBe('2');
    expect(normalizeVqa('the Dog.')).toBe('dog');
    expect(normalizeVqa('1,000')).toBe('1000');
    expect(normalizeVqa('black-and-white')).toBe('black and white');
    expect(normalizeVqa('3.5')).toBe('3.5');
    expect(normalizeVqa('dont')).toBe("don't");
  });
});

describe('text', () => {
  const text = (prediction: string, answer: string) => grade({ prediction, answer, answerType: 'text' });
  it('normalised exact match', () => {
    expect(text('Paris.', 'paris').correct).toBe(true);
    expect(text('The Eiffel Tower', 'eiffel tower').correct).toBe(true);
    expect(text('<think>hmm</think>The answer is: Paris', 'Paris').correct).toBe(true);
    expect(text('Paris, France', 'Paris').correct).toBe(false);
    expect(text('Lyon', 'Paris').correct).toBe(false);
  });
});

describe('auto inference and precedence', () => {
  const scorerOf = (input: Parameters<typeof grade>[0]) => grade(input).scorer;
  it('infers the scorer from the gold', () => {
    expect(scorerOf({ prediction: 'B', answer: 'B', choices: ['x', 'y'] })).toBe('mcq');
    expect(scorerOf({ prediction: 'y', answer: 'y', choices: ['x', 'y'] })).toBe('mcq');
    expect(scorerOf({ prediction: 'C', answer: 'C' })).toBe('mcq');
    expect(scorerOf({ prediction: 'yes', answer: 'Yes' })).toBe('yesno');
    expect(scorerOf({ prediction: '12', answer: '12' })).toBe('numeric');
    expect(scorerOf({ prediction: '140', answer: '140°' })).toBe('numeric');
    expect(scorerOf({ prediction: '3/4', answer: '3/4' })).toBe('numeric');
    expect(scorerOf({ prediction: 'x', answer: '\\frac{\\sqrt{3}}{2}' })).toBe('math');
    expect(scorerOf({ prediction: 'x', answer: '2√{3}' })).toBe('math');
    expect(scorerOf({ prediction: 'x', answer: '(1, 2)' })).toBe('math');
    expect(scorerOf({ prediction: 'x', answer: 'x^2+1' })).toBe('math');
    expect(scorerOf({ prediction: 'x', answer: ['cat', 'dog', 'cat'] })).toBe('vqa'); // annotators' answers repeat where they agree; a list of distinct answers is a list of accepted ones
    expect(scorerOf({ prediction: 'x', answer: 'Golden Gate Bridge' })).toBe('text');
  });
  it('an answer type names a scorer only by its own name, never an inherited property such as "constructor"', () => {
    expect(isScorerName('numeric')).toBe(true);
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(isScorerName(name), name).toBe(false);
    expect(scorerOf({ prediction: 'yes', answer: 'Yes', answerType: 'constructor' as 'auto' })).toBe('yesno');
  });
  it('explicit answerType beats the benchmark, which beats inference', () => {
    expect(scorerOf({ prediction: '1', answer: '1', benchmark: 'POPE' })).toBe('yesno');
    expect(scorerOf({ prediction: '1', answer: '1', benchmark: 'POPE', answerType: 'numeric' })).toBe('numeric');
    expect(scorerOf({ prediction: '1', answer: '1', benchmark: 'POPE', answerType: 'auto' })).toBe('yesno');
    expect(scorerOf({ prediction: '1', answer: '1', benchmark: 'MathVista' })).toBe('numeric'); // per-sample
    expect(scorerOf({ prediction: '1', answer: '1', benchmark: 'NotABenchmark' })).toBe('numeric');
  });
  it('stamps every result with the grader version and the trace', () => {
    const r = grade({ prediction: '<think>a</think>\\boxed{1}', answer: '1' });
    expect(r.graderVersion).toBe(GRADER_VERSION);
    expect(r.trace.formatCompliant).toBe(true);
    expect(r.trace.think).toBe('a');
  });
  it('an empty gold is never correct', () => {
    expect(grade({ prediction: 'x', answer: '' }).correct).toBe(false);
    expect(grade({ prediction: '', answer: [] }).correct).toBe(false);
  });
});

describe('robustness', () => {
  const scorers = ['mcq', 'yesno', 'numeric', 'math', 'relaxed', 'vqa', 'text'] as const;
  const adversarial = [
    `answer${' '.repeat(5000)}!`,
    `The answer is${' \t'.repeat(3000)}?`,
    `<think>${'<'.repeat(5000)}</think>${'\\boxed{'.repeat(2000)}`,
    `\\boxed{${'{'.repeat(5000)}${'}'.repeat(4999)}`,
    `Answer: ${'A and '.repeat(2000)}`,
    '1,'.repeat(3000),
    `${'('.repeat(3000)}x`,
    '√'.repeat(3000),
    'sqrt('.repeat(1000),
    '$'.repeat(5000),
    `${'\\text{'.repeat(2000)}cm`,
    `${'yes '.repeat(5000)}no`,
    '\\frac{1}{2}'.repeat(400),
    `${'x = '.repeat(2000)}3`,
    `12${' '.repeat(5000)}cm`,
    '\u0000\uffff\ud800',
  ];
  it('grades hostile inputs with every scorer without throwing or hanging', () => {
    for (const prediction of adversarial) {
      for (const answerType of scorers) {
        const r = grade({ prediction, answer: answerType === 'vqa' ? ['a', 'b', 'c'] : '\\frac{1}{2}', choices: answerType === 'mcq' ? ['x', 'y'] : null, answerType });
        expect(typeof r.correct).toBe('boolean');
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('a gold written in answer tags', () => {
  it('is read inside them, as R1-V-style data writes it', () => {
    expect(grade({ prediction: '<think>left of it</think><answer>True</answer>', answer: '<answer> True </answer>' })).toMatchObject({ correct: true, extracted: 'True' });
    expect(grade({ prediction: '<answer>False</answer>', answer: '<answer> True </answer>' }).correct).toBe(false);
    expect(grade({ prediction: '<answer>12</answer>', answer: '<answer>12.0</answer>' }).correct).toBe(true);
  });
});
