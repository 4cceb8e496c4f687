import { describe, expect, it } from 'vitest';
import { FORMAT_RULE, grade, isFormatCompliant, parseTrace } from './index';
import { mulberry32 } from '../util/random';
import { squeezeTagSpace, thinkSpan } from './trace';

/** The training reward's rule, literally: squeeze, then full-match the regex. */
function referenceRule(response: string): boolean {
  return FORMAT_RULE.test(response.replace(/\s*([<>/])\s*/g, '$1'));
}

describe('parseTrace', () => {
  it('splits <think> and <answer>', () => {
    const t = parseTrace('<think>reasoning here</think>\n<answer> 42 </answer>');
    expect(t.think).toBe('reasoning here');
    expect(t.answer).toBe('42');
    expect(t.thinkClosed).toBe(true);
    expect(t.boxes).toEqual([]);
  });

  it('accepts <thinking> tags', () => {
    const t = parseTrace('<thinking>a</thinking>The answer is B');
    expect(t.think).toBe('a');
    expect(t.answer).toBe('The answer is B');
  });

  it('takes the last box as the answer and keeps all boxes, with nested braces', () => {
    const t = parseTrace('<think>try \\boxed{1}</think> first \\boxed{\\frac{1}{2}} then \\boxed{\\frac{\\sqrt{3}}{2}} done.');
    expect(t.boxes).toEqual(['1', '\\frac{1}{2}', '\\frac{\\sqrt{3}}{2}']);
    expect(t.answer).toBe('\\frac{\\sqrt{3}}{2}');
  });

  it('reads \\fbox like \\boxed', () => {
    expect(parseTrace('so \\fbox{7}').answer).toBe('7');
  });

  it('prefers <answer> over boxes', () => {
    expect(parseTrace('<think>x</think>\\boxed{3}<answer>4</answer>').answer).toBe('4');
  });

  it('uses the text after </think> when there is no box or tag', () => {
    const t = parseTrace('<think>hmm</think>\nThe answer is 12.');
    expect(t.answer).toBe('The answer is 12.');
  });

  it('handles an unclosed <think> (truncated output): answer empty unless a box exists', () => {
    const t = parseTrace('<think>long reasoning that never ends');
    expect(t.think).toBe('long reasoning that never ends');
    expect(t.thinkClosed).toBe(false);
    expect(t.answer).toBe('');
    expect(parseTrace('<think>so \\boxed{5} and then').answer).toBe('5');
  });

  it('reads an <answer> tag written inside a <think> never closed (Ocean-R1 MathVision id 33: the model forgot </think>)', () => {
    const t = parseTrace('<think>\nThe shape has four sides, so it is A.\n<answer>\nA\n</answer>');
    expect(t.thinkClosed).toBe(false);
    expect(t.answer).toBe('A');
    // A tag after the think block still wins over one inside it.
    expect(parseTrace('<think>maybe <answer>B</answer></think><answer>C</answer>').answer).toBe('C');
    // Prose inside an unclosed think is still no answer: the trace was cut off.
    expect(parseTrace('<think>so the answer is 61 and then').answer).toBe('');
  });

  it('reads a last line "Final answer: C" inside a <think> never closed (Ocean-R1 MathVision id 26), not a cut-off thought', () => {
    expect(parseTrace('<think>The angle is 40 degrees, so option C.\n\nFinal answer: C')).toMatchObject({ thinkClosed: false, answer: 'C' });
    expect(parseTrace('<think>The angle is 40.\n**Final Answer:** 40').answer).toBe('40');
    expect(parseTrace('<think>The final answer is probably related to 40 and then I').answer).toBe('');
  });

  it('handles a closing tag without an opening one (template put <think> in the prompt)', () => {
    const t = parseTrace('reasoning</think>\\boxed{9}');
    expect(t.think).toBe('reasoning');
    expect(t.answer).toBe('9');
  });

  it('uses the whole text when there are no tags', () => {
    expect(parseTrace('  B.  ').answer).toBe('B.');
    expect(parseTrace('plain').think).toBeNull();
  });

  it('ignores an unclosed box and keeps earlier ones', () => {
    expect(parseTrace('\\boxed{2} then \\boxed{3').boxes).toEqual(['2']);
  });

  it('takes the box even with text after it', () => {
    expect(parseTrace('Thus \\boxed{B}. This is because the cat is black.').answer).toBe('B');
  });
});

describe('FORMAT_RULE', () => {
  const cases: Array<[string, boolean]> = [
    ['<think>r</think>\\boxed{1}', true],
    ['<think>\nr\n</think>\nso \\boxed{x} end', true],
    [' < think > r < / think > \\boxed{1}', true], // white space around < > / is squeezed
    ['<think>r</think>no box', false],
    ['\\boxed{1}<think>r</think>', false],
    ['<think>r \\boxed{1}</think>', false], // the box must come after </think>
    ['<think>r</think>\\boxed{1', false],
    ['text <think>r</think>\\boxed{1}', false], // must start with <think>
    ['<think></think>\\boxed{}', true],
    ['<thinking>r</thinking>\\boxed{1}', false], // the reward only knew <think>
    ['<think>a</think>b</think>\\boxed{2}', true],
  ];
  it.each(cases)('%j -> %s', (response, expected) => {
    expect(isFormatCompliant(response)).toBe(expected);
    expect(referenceRule(response)).toBe(expected);
    expect(parseTrace(response).formatCompliant).toBe(expected);
  });

  it('decides long responses (linear scan, no regex backtracking)', () => {
    const long = `<think>${'step '.repeat(40_000)}</think>${'x'.repeat(40_000)}`;
    expect(isFormatCompliant(long)).toBe(false);
    expect(isFormatCompliant(`${long}\\boxed{1}`)).toBe(true);
  });
});

describe('squeezeTagSpace', () => {
  it('equals re.sub(r"\\s*(<|>|/)\\s*", r"\\1", s) on random strings', () => {
    const rand = mulberry32(7);
    const alphabet = ['<', '>', '/', ' ', ' ', '\n', '\t', 'a', 'b', 'think', '\\boxed{', '}'];
    for (let n = 0; n < 2000; n++) {
      let s = '';
      const len = Math.floor(rand() * 30);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
      expect(squeezeTagSpace(s)).toBe(s.replace(/\s*([<>/])\s*/g, '$1'));
      expect(isFormatCompliant(s)).toBe(referenceRule(s));
    }
  });
});

describe('thinkSpan (the live view cuts streaming answers with it)', () => {
  it('finds an open think part while the model is still reasoning', () => {
    expect(thinkSpan('<think>The bar for ')).toEqual({ start: 7, end: 19, closed: false, postStart: 19 });
  });
  it('finds a closed think part and where the response starts', () => {
    const text = '<think>reads 42.</think>\n\nThe answer is \\boxed{42}.';
    const span = thinkSpan(text)!;
    expect(text.slice(span.start, span.end)).toBe('reads 42.');
    expect(text.slice(span.postStart)).toBe('\n\nThe answer is \\boxed{42}.');
  });
  it('takes the text before a lone </think> as reasoning (templates that put <think> in the prompt)', () => {
    expect(thinkSpan('cubes: 3</think> \\boxed{3}')).toEqual({ start: 0, end: 8, closed: true, postStart: 16 });
  });
  it('finds none in an answer without think tags', () => {
    expect(thinkSpan('B')).toBeNull();
  });
});

describe("the answer is read in the model's own turn", () => {
  it('stops at a chat-template boundary the server did not stop at (a made-up next turn)', () => {
    const response = 'So the ordered pair that solves the system is $(7, 6)$. <|im_start|>user\nNow solve $x+1=3$.<|im_end|>\n<|im_start|>assistant\n$\\boxed{2}$';
    expect(parseTrace(response).answer).toBe('So the ordered pair that solves the system is $(7, 6)$.');
    expect(grade({ prediction: response, answer: '(7,6)', answerType: 'math' }).correct).toBe(true);
    expect(grade({ prediction: 'The probability is 2/3.<|eot_id|><|start_header_id|>user<|end_header_id|> and 1/3?', answer: '2/3', answerType: 'math' }).correct).toBe(true);
  });

  it("ends at Llama 2's and Vicuna's </s> (LLaVA-1.5 writes \"B</s>\") and DeepSeek's end of sentence, but not at a struck-through <s>…</s>", () => {
    const choices = ['Selling clothing', 'Selling food', 'Selling books', 'Selling electronics'];
    expect(grade({ prediction: 'B</s>', answer: 'B', choices })).toMatchObject({ correct: true, extracted: 'B' });
    expect(grade({ prediction: 'The answer is 5.</s><s>[INST] And 7? [/INST] 7', answer: '5' }).correct).toBe(true);
    expect(grade({ prediction: 'The answer is 9<｜end▁of▁sentence｜>User: and 3?', answer: '9' }).correct).toBe(true);
    expect(grade({ prediction: 'Not <s>3</s> but the answer is 4', answer: '4' }).correct).toBe(true);
  });

  it('reads past a role header the response opens with, and keeps the format rule on the whole response', () => {
    const t = parseTrace('<|im_start|>assistant\n<think>add</think> \\boxed{3}<|im_end|>');
    expect(t).toMatchObject({ think: 'add', answer: '3' });
    expect(t.formatCompliant).toBe(false); // the reward's rule: the response must open with <think>
  });
});

describe('"The final answer is" after several boxes', () => {
  const worked = 'interest $0.04 \\cdot 10,000 \\cdot \\frac{1}{2} = \\boxed{200}$, then $0.05 \\cdot 10,200 \\cdot \\frac{1}{2} = \\boxed{255}$, so $10,455. Final Answer: The final answer is $10,455$. I hope it is correct.';
  it('is the answer: the boxes were intermediate results', () => {
    expect(grade({ prediction: worked, answer: '10455', answerType: 'math' })).toMatchObject({ correct: true, extracted: '10,455' });
  });
  it('leaves one box the answer when the closing sentence restates it', () => {
    expect(parseTrace('so it lies between $\\boxed{12 \\text{ and } 13}$. Final Answer: The final answer is "12 and 13".').answer).toBe('12 \\text{ and } 13');
  });
});
