import { describe, expect, it } from 'vitest';
import { grade } from './index';

const yn = (prediction: string, answer = 'yes') => grade({ prediction, answer, answerType: 'yesno' });

describe('yesno', () => {
  const yes = [
    'Yes',
    'yes.',
    'Yes, there is a dog in the image.',
    '**Yes**',
    '\\boxed{Yes}',
    '<think>is there? no idea... wait</think>\n<answer>yes</answer>',
    'The answer is yes.',
    'Looking closely, I would say yes',
    'Yes, the figure depicts a hen, with no potatoes present.', // leading word decides; the later "no" is not an answer
  ];
  it.each(yes)('%j reads as yes', (p) => {
    const r = yn(p);
    expect(r.extracted).toBe('yes');
    expect(r.correct).toBe(true);
  });

  const no = ['No', 'no', 'NO.', 'No, there is no dog.', '\\boxed{no}', 'The answer is: No'];
  it.each(no)('%j reads as no (wrong against gold yes, right against gold No)', (p) => {
    expect(yn(p).correct).toBe(false);
    expect(yn(p, 'No').correct).toBe(true);
    expect(yn(p).extracted).toBe('no');
  });

  it('committing to both yes and no is wrong', () => {
    for (const p of ['Yes and no.', 'yes or no', 'Yes/No', 'It could be yes, it could be no']) {
      const r = yn(p);
      expect(r.correct, p).toBe(false);
      expect(r.extracted, p).toBe('yes,no');
    }
  });

  it('no yes/no at all is wrong with nothing extracted', () => {
    const r = yn('The image shows a red car.');
    expect(r.correct).toBe(false);
    expect(r.extracted).toBeNull();
  });

  it('the box wins over text before it', () => {
    expect(yn('At first I thought no. \\boxed{yes}').correct).toBe(true);
  });

  it('reads other words for yes and no where neither word is written', () => {
    for (const p of ['Yep, there is one.', 'Yeah', 'Correct.', 'True', '是的。', '可以']) expect(yn(p).extracted, p).toBe('yes');
    for (const p of ['Nope, sorry!', 'nah', 'Incorrect.', 'False', '不包含', '没有']) expect(yn(p).extracted, p).toBe('no');
    // A "no" written anywhere still decides as VLMEvalKit's rule does: "Correct, no dog" is no.
    expect(yn('Correct, there is no dog.').extracted).toBe('no');
  });

  it('"no doubt" is not a no', () => {
    expect(yn('Absolutely yes, no doubt.').extracted).toBe('yes');
  });

  it("reads HallusionBench's gold written as 1 (yes) and 0 (no)", () => {
    // tianyi-lab/HallusionBench HallusionBench_result_sample.json, VD_illusion_0_0_0 and _0_0_1 with their gt_answer.
    expect(yn('Yes, the right orange circle appears to be the same size as the left orange circle.', '1')).toMatchObject({ correct: true, extracted: 'yes' });
    expect(yn('No, the right and left orange circles appear to be the same size.', '0')).toMatchObject({ correct: true, extracted: 'no' });
    expect(yn('Yes, the orange circle on the right is smaller than the orange circle on the left.', '0').correct).toBe(false);
  });

  it('gold is case-insensitive', () => {
    expect(yn('yes', 'Yes').correct).toBe(true);
    expect(yn('YES', 'yes').correct).toBe(true);
  });
});
