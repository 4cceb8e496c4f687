import { describe, expect, it } from 'vitest';
import { grade } from './index';

const choices = { A: 'cat', B: 'dog', C: 'bird', D: 'fish' };
const mcq = (prediction: string, answer = 'B', extra: Partial<Parameters<typeof grade>[0]> = {}) =>
  grade({ prediction, answer, choices, answerType: 'mcq', ...extra });

describe('mcq: letter spellings that mean B', () => {
  const spellings = [
    'B',
    '(B)',
    'B.',
    'B)',
    '[B]',
    '**B**',
    'Answer: B',
    '**Answer:** B',
    'The answer is (B)',
    'The answer is B.',
    'the correct option is B',
    'The correct answer is: (B) dog',
    'Final answer: B',
    '\\boxed{B}',
    '\\boxed{\\text{B}}',
    '\\boxed{\\textbf{(B)}}',
    '$\\boxed{B}$',
    'b',
    '(b)',
    'B. dog',
    '(B) dog',
    'B: dog',
    'dog',
    'Dog.',
    '<think>A looks wrong, C too.</think>\n<answer>B</answer>',
    '<think>Maybe A?</think> After checking, \\boxed{B}',
    'Looking at the image, the animal barks. Therefore, the answer is (B).',
    'Option A is a cat, which is wrong.\nSo the card must be B.',
    'I pick B',
    "It's not A because a cat does not bark; therefore I think it's B",
    // Answers in the language the question was asked in.
    'réponse est B non A',
    'La respuesta es B',
    '答案是B',
    'B。不是 A',
    'B不是A',
    "The answer is for sure B, it can't be A or C",
    'The correct answer is definitely (B).',
    // A lower-case letter as a label or after a marker (only "a" and "i" are also words).
    'The answer is b because a dog barks.',
    '(b) dog',
    'b. dog',
    'b: the one that barks',
    'I choose b because it barks.',
    "I'd pick (B).",
    'Option b is correct.',
    'B is correct because it barks.',
    // Japanese, Korean and Chinese markers, full-width brackets.
    '答えはBです。',
    '정답은 b입니다.',
    '答案是（B）',
    'Answer: 【B】',
    // A conclusion, a choice called correct mid-sentence, the last line alone.
    'Therefore, (B). Note (A) is a common trap, as is (D).',
    'Looking at the options, B is correct since it barks.',
    'Considering the options:\n- A is wrong: it meows\n- C flies\n\nB',
    'The animal that barks is:\n\n**(B) dog**',
  ];
  it.each(spellings)('%j', (p) => {
    const r = mcq(p);
    expect(r.extracted).toBe('B');
    expect(r.correct).toBe(true);
    expect(r.score).toBe(1);
    expect(r.scorer).toBe('mcq');
  });
});

describe('mcq: wrong, hedged or missing answers', () => {
  const wrong: Array<[string, string | null]> = [
    ['C', 'C'],
    ['(A)', 'A'],
    ['The answer is D.', 'D'],
    ['\\boxed{C}', 'C'],
    ['fish', 'D'],
    ['A and B', 'A,B'],
    ['A, B', 'A,B'],
    ['B or C', 'B,C'],
    ['The correct answers are (A), (B), and (D).', 'A,B,D'],
    ['\\boxed{A, B}', 'A,B'],
    ['I cannot tell from the image.', null],
    ['', null],
    ['<think>it is B</think>', null],
    ['\\boxed{All except A}', null],
    ['I choose C/D', 'C,D'],
    ['Option A is wrong.', null],
    // The options copied out, none chosen.
    ['A. cat\nB. dog\nC. bird\nD. fish', null],
    // An option's text named to rule it out.
    ['It is definitely not a dog.', null],
    // "so (E) is false" rules E out; it does not choose it.
    ['It barks, so (C) is false.', null],
  ];
  it.each(wrong)('%j -> extracted %j, wrong', (p, extracted) => {
    const r = mcq(p);
    expect(r.correct).toBe(false);
    expect(r.extracted).toBe(extracted);
  });

  it('does not read the article "a" as option A, but reads a capital A that is chosen', () => {
    expect(mcq('It is a dog', 'A').correct).toBe(false);
    expect(mcq('the answer is a dog', 'A').extracted).not.toBe('A');
    expect(mcq('I choose a cow', 'A').extracted).not.toBe('A');
    expect(mcq('Option A is correct', 'A').correct).toBe(true);
    expect(mcq('A because it is the only cat', 'A').correct).toBe(true);
  });

  it('matches option texts whatever width of hyphen they are written with', () => {
    expect(grade({ prediction: '<answer>Anti‑D IgG</answer>', answer: 'B', choices: { A: 'Vitamin K', B: 'Anti-D IgG' }, answerType: 'mcq' }).correct).toBe(true);
  });

  it('reads a gold letter in lower case as that option, unless it is an option\'s own text', () => {
    expect(mcq('the answer is B', 'b').correct).toBe(true);
    // MathVista's choices can be "(a)", "(b)", … in another order: the gold "(b)" is that option.
    const shuffled = { A: '(c)', B: '(a)', C: '(b)' };
    expect(grade({ prediction: 'C', answer: '(b)', choices: shuffled, answerType: 'mcq' }).correct).toBe(true);
  });

  it('the last box decides', () => {
    expect(mcq('\\boxed{A} no wait \\boxed{B}').correct).toBe(true);
    expect(mcq('\\boxed{B} no wait \\boxed{A}').correct).toBe(false);
  });

  it('falls back to an "answer is" phrase when the box holds no option', () => {
    expect(mcq('so \\boxed{45 km}. The answer is: (B).').correct).toBe(true);
  });
});

describe('mcq: gold and choices in other shapes', () => {
  it('accepts a gold given as the option text', () => {
    expect(mcq('B', 'dog').correct).toBe(true);
    expect(mcq('C', 'dog').correct).toBe(false);
    expect(mcq('dog', 'dog').correct).toBe(true);
  });

  it('accepts choices as an array (A, B, C… in order)', () => {
    const r = grade({ prediction: '(C) 145°', answer: '145°', choices: ['135°', '140°', '145°', '150°'], answerType: 'mcq' });
    expect(r.correct).toBe(true);
    expect(r.extracted).toBe('C');
  });

  it('matches option texts numerically and as LaTeX', () => {
    const opts = ['$11 \\mathrm{~m}$', '$12 \\mathrm{~m}$', '$\\frac{\\sqrt{3}}{2}$', '$1:4$'];
    expect(grade({ prediction: '\\boxed{11}', answer: 'A', choices: opts, answerType: 'mcq' }).correct).toBe(true);
    expect(grade({ prediction: '\\boxed{\\frac{\\sqrt3}{2}}', answer: 'C', choices: opts, answerType: 'mcq' }).correct).toBe(true);
    expect(grade({ prediction: '\\boxed{\\frac{1}{4}}', answer: 'D', choices: opts, answerType: 'mcq' }).correct).toBe(true);
    expect(grade({ prediction: '\\boxed{13}', answer: 'A', choices: opts, answerType: 'mcq' }).extracted).toBeNull();
  });

  it('does not equate ranges that subtract to the same number', () => {
    const r = grade({ prediction: '0.2 - 0.4', answer: '0.0 - 0.2', choices: ['0.0 - 0.2', '0.2 - 0.4', '0.4 - 0.6'], answerType: 'mcq' });
    expect(r.correct).toBe(false);
    expect(r.extracted).toBe('B');
  });

  it('works without choices when the gold is a letter', () => {
    expect(grade({ prediction: 'The answer is (D).', answer: 'D' }).correct).toBe(true);
    expect(grade({ prediction: 'The answer is (E).', answer: 'D' }).correct).toBe(false);
  });

  it('explains its verdict', () => {
    expect(mcq('\\boxed{B}').reason).toMatch(/^mcq: letter B from .*box.* matches gold B$/);
  });
});

describe('mcq: a gold written as its letter and option text', () => {
  it.each([
    ['(B) dog', 'B', true],
    ['B. dog', 'B', true],
    ['(B) dog', 'C', false],
    // The letter and the text disagree: the gold is not taken for a letter.
    ['(B) bird', 'B', false],
  ] as const)('gold %j, prediction %j: %s', (gold, prediction, correct) => {
    expect(mcq(prediction, gold).correct).toBe(correct);
  });
});


describe('mcq: a multi-select gold (a set of letters, as LogicVista writes "A, C")', () => {
  // No choices given: LogicVista's options are in the question text.
  it.each([
    ['The correct answer is A and C.', 'A, C', true],
    ['The correct answers are D and B.', 'B, D', true],
    ['D, B', 'B, D', true],
    ['\\boxed{AC}', 'A, C', true],
    ['**Answer:** (A), (C)', 'A, C', true],
    // One of two is wrong, and so is one too many: the set must be exactly the gold's.
    ['\\boxed{A}', 'A, C', false],
    ['A, B', 'A, C', false],
    ['A, C, D', 'A, C', false],
  ] as const)('%j for gold %j: %s', (prediction, answer, correct) => {
    const result = grade({ prediction, answer });
    expect(result.scorer).toBe('mcq');
    expect(result.correct).toBe(correct);
  });

  it('names the letters it read and the gold set', () => {
    expect(grade({ prediction: 'C and A', answer: 'A, C' }).reason).toMatch(/letters \{A, C\} .* are the gold set \{A, C\}/);
  });

  it('keeps a single-letter gold as it was, and letters outside the choices are not a set', () => {
    expect(grade({ prediction: 'A, C', answer: 'C', choices })).toMatchObject({ correct: false, extracted: 'A,C' });
    expect(grade({ prediction: 'A, E', answer: 'A, E', choices }).scorer).not.toBe('mcq');
  });
});

describe('mcq: the one option a reply names in parentheses (LogicVista and BLINK outputs)', () => {
  it.each([
    // LogicVista v1_131 (LLaVA-7B): the pick stands mid-sentence in a long reply.
    ['The best reason for the motion of the tank as it is submerged underwater is (D) Water replaces the air in the tank, which makes it heavier.', 'D'],
    // LogicVista v1_136: "(A)" set apart is the option, not the article.
    ['The candle in the small sealed jar (A) would have its flame extinguish first.', 'A'],
    // BLINK Counting (GPT-4o): a short reply, "(A)" after other words.
    ['The number of colored tiles above the sink is (A) 6.', 'A'],
  ])('%s -> %s', (prediction, letter) => {
    expect(mcq(prediction, letter).correct).toBe(true);
  });

  it.each([
    ['Looking at (A) and (B), the bigger one is the second, because it has more area than the other shape shown in the figure.', 'B'],
    ['Option (C) is not right here, since the shape in the image has four sides and a right angle at every corner of it.', 'C'],
    ['The shape in (B) has four sides. B. looks right to me, though C also has four sides in the drawing shown above.', 'B'],
  ])('names no single pick: %s', (prediction, gold) => {
    expect(mcq(prediction, gold).extracted).toBeNull();
  });
});

describe('mcq: a gold written as a lower-case letter (LogicVista writes `[\'a\']`)', () => {
  it.each([
    [' A', 'a', true],
    ['(c) the nucleus', 'c', true],
    ['B', 'a', false],
  ])('%s vs gold %s', (prediction, answer, correct) => {
    const verdict = grade({ prediction, answer });
    expect(verdict.scorer).toBe('mcq');
    expect(verdict.correct).toBe(correct);
  });

  it.each([
    ['a', 'a', true],
    ['(b) dog', 'b', true],
    ['dog', 'b', true],
    ['cat', 'b', false],
  ])('with options: %s vs gold %s', (prediction, answer, correct) => {
    const verdict = grade({ prediction, answer, choices: { A: 'cat', B: 'dog' } });
    expect(verdict.scorer).toBe('mcq');
    expect(verdict.correct).toBe(correct);
  });
});

describe('mcq: an option stated whole on its own line among an explanation (EvalScope ARC replies)', () => {
  const choices = ['Planetary days will become shorter.', 'Planetary years will become longer.', 'Planetary gravity will become stronger.', 'Planetary density will decrease.'];
  it('is the option chosen', () => {
    const reply = 'The most likely effect is:\n\nB. Planetary years will become longer.\n\nThis is because a faster rotation changes the orbit.';
    expect(grade({ prediction: reply, answer: 'B', choices })).toMatchObject({ correct: true, extracted: 'B' });
    expect(grade({ prediction: reply, answer: 'C', choices }).correct).toBe(false);
  });
  it('is none where the lines state several options (the options copied out)', () => {
    const copied = 'Options:\nA. Planetary days will become shorter.\nB. Planetary years will become longer.\nI am not sure which.';
    expect(grade({ prediction: copied, answer: 'B', choices }).extracted).toBeNull();
  });
});

describe("mcq: LogicVista's replies (options in the question, letters up to I)", () => {
  it('reads a letter in bold at the end, an odd one out, and a letter given a reason', () => {
    expect(grade({ prediction: '- D: Blank\n- E: Blank\n\nTherefore, the correct option to replace the question mark is **E**.', answer: 'E' })).toMatchObject({ correct: true, extracted: 'E' });
    expect(grade({ prediction: 'The odd-one-out is G. Because G is a square, while the other elements are diamonds.', answer: 'G' })).toMatchObject({ correct: true, extracted: 'G' });
    expect(grade({ prediction: 'The figure that is a rotation of the object is B. Because it shows the same shape rotated.', answer: 'B' })).toMatchObject({ correct: true, extracted: 'B' });
    // "a" is prose there, not option A.
    expect(grade({ prediction: 'It is a because-clause. So I pick C.', answer: 'C' }).extracted).toBe('C');
  });
  it('reads the option whose text a short reply states, once the options are read from the question', () => {
    const choices = { A: 'True', B: 'False', C: 'Insufficient Information' };
    expect(grade({ prediction: 'The statement is false. The Small Silver Watch should display 15:40, not 16:00.', answer: 'B', choices })).toMatchObject({ correct: true, extracted: 'B' });
  });
  // Qwen2.5-VL-3B on LogicVista_Rationale (../shared/fixtures/real/vlmevalkit-outputs), where the judge read the same option.
  it('reads "the statement is **False**" at the end of a long reply, and "the statement is (C) …", never "whether the statement is true or false"', () => {
    const choices = { A: 'True', B: 'False', C: 'Insufficient Information' };
    const long = 'To determine whether the statement is true or false, let us break it down.\n1. Accountants produce £20 per hour.\n\nThe opportunity cost is £400.\n\nTherefore, the statement is **False**.';
    expect(grade({ prediction: long, answer: 'B', choices })).toMatchObject({ correct: true, extracted: 'B' });
    expect(grade({ prediction: 'The statement is (C) Insufficient Information. The provided information is insufficient to determine whether the statement is true or false.', answer: 'C', choices })).toMatchObject({ correct: true, extracted: 'C' });
    expect(grade({ prediction: 'We must decide whether the statement is true or false. The figures do not say.', answer: 'C', choices }).extracted).toBeNull();
  });
  it('reads an option named by its label: "folded into the object labeled as C", not "the point labeled C"', () => {
    expect(grade({ prediction: 'The given shape can be folded into the object labeled as C. The dashed lines indicate the creases.', answer: 'C' })).toMatchObject({ correct: true, extracted: 'C' });
    expect(grade({ prediction: 'The point labeled C is the centre of the circle, so the angle is 40 degrees.', answer: 'B' }).extracted).not.toBe('C');
  });
});
